"""The GCM domain: records, taxonomy, geography, the graph vocabulary, errors, settings.

Imports nothing else from `hub` and never `graph`: every other layer builds on it.
"""
