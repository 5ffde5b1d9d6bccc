"""The recommender in process, beside the brute-force floor, on one synthetic hub.

Both answer the same requests on the same candidates in the same process, so the
ratio between them says how far the recommender is from the cheapest exact scoring,
whatever else the machine is doing at the time.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from benchmarks.brute_force import ExactScorer
from benchmarks.recommender import measure
from benchmarks.synthetic import SyntheticHub, synthetic_hub

__all__ = ["recommend_phase"]

_K = 10
_BATCH_CHUNK = 100  # a dense chunk x candidates score block stays small at 1M


def _percentiles(took: list[float]) -> dict[str, float]:
    return {f"p{q}_ms": round(float(np.percentile(took, q)), 2) for q in (50, 90, 99)}


def _brute_force(hub: SyntheticHub, singles: int) -> dict[str, Any]:
    began = time.perf_counter()
    scorer = ExactScorer().fit(hub.candidates, hub.history)
    fit_s = time.perf_counter() - began
    sample = hub.queries[:singles]
    scorer.top(sample[0], _K)  # first call pays for lazy imports
    took = []
    for query in sample:
        began = time.perf_counter()
        scorer.top(query, _K)
        took.append((time.perf_counter() - began) * 1000)
    began = time.perf_counter()
    for first in range(0, len(hub.queries), _BATCH_CHUNK):
        scorer.top_batch(hub.queries[first : first + _BATCH_CHUNK], _K)
    batch_s = time.perf_counter() - began
    return {
        "fit_s": round(fit_s, 2),
        "single": _percentiles(took),
        "batch": {
            "size": len(hub.queries),
            "seconds": round(batch_s, 2),
            "requests_per_s": round(len(hub.queries) / batch_s, 1),
        },
    }


def recommend_phase(n: int, requests: int, singles: int, seed: int) -> dict[str, Any]:
    """Fit and serve N candidates x N activities; the brute-force floor on the same data."""
    began = time.perf_counter()
    hub = synthetic_hub(n, n, requests, seed)
    built = time.perf_counter() - began
    recommender = measure(hub, n, n, singles, built)
    floor = _brute_force(hub, singles)
    ours, exact = recommender["single"], floor["single"]
    recommender["brute_force"] = floor
    recommender["ratio_to_brute_force"] = {
        "p50": round(ours["p50_ms"] / exact["p50_ms"], 2),
        "p99": round(ours["p99_ms"] / exact["p99_ms"], 2),
        "batch_throughput": round(
            recommender["batch"]["requests_per_s"] / floor["batch"]["requests_per_s"], 2
        ),
    }
    return recommender
