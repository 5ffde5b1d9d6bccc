"""The pair features a partner is scored by: their names, default weights and sources.

Each feature is one number per (request, candidate), zero when its signal is silent;
`matching.signals` computes them, the recommender weighs them. Kept apart from that
computation: what names or weighs features (the explanations, the decisions' weighting,
the translation tools) needs this table, not the fitted state behind it.
"""

from __future__ import annotations

__all__ = ["CANDIDATE_SIGNALS", "DECIDED", "DEFAULT_WEIGHTS", "FEATURES"]

DEFAULT_WEIGHTS = {
    "text": 2.0,
    "text_relative": 2.0,
    "text_mass": 0.2,
    "text_profile": 1.0,
    "dense": 2.0,
    "dense_profile": 4.0,
    "profile": 4.0,
    "named": 8.0,
    "place": 1.5,
    "place_share": 0.5,
    "locations": 1.0,
    "sectors": 0.5,
    "sectors_mass": 0.5,
    "objectives": 2.0,
    "language": 1.0,
    "track": 0.5,
    "network": 0.5,
    "graph": 1.0,
    "funders": 1.0,
    "funders_mass": 0.2,
    "full": -10.0,
    "rejected": -1.0,
    "standing": 1.0,
    "precedent": 1.0,
}
"""Weights used where the history cannot teach one (cold start, a signal never seen).

Rounded from what the weights learned on a public IATI "who does what where" benchmark;
the sign also fixes which way a learned weight may go. The dense (multilingual) signals
start at the weights of their word counterparts (`text`, `profile`): the same evidence
in another space, and that benchmark has no profiles to learn `dense_profile` from.
"""

FEATURES = tuple(DEFAULT_WEIGHTS)

DECIDED = ("rejected", "standing", "precedent")
"""Signals made of coordinators' decisions (`matching.rejections`, `.standing`,
`.precedents`): never in the history, the recommender sets them and their weights."""

CANDIDATE_SIGNALS = (
    "profile",
    "dense_profile",
    "named",
    "place",
    "objectives",
    "language",
    "graph",
)
"""Signals read from the candidate's own profile, known for every candidate at once."""
