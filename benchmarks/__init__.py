"""Benchmarks of the hub at scale, on synthetic data shaped like real IATI data.

Each module has a `main()` for the command line and a function returning its results as
a dict, so a runner can gather them. Speed targets are checked here, never by timed
assertions in tests.
"""
