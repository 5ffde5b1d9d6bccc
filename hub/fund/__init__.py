"""The start-up fund: calls, concept notes, eligibility, review, portfolio and decisions.

The GCM's capacity-building mechanism finances project-oriented solutions through a
fund whose steering committee selects concept notes on quality and with due regard to
geographic and thematic balance; this package is that pipeline.
"""
