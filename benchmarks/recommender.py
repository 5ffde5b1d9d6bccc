"""How fast the partner recommender fits and answers at scale, and what the short list costs.

On a synthetic hub (`benchmarks.synthetic`) of N candidate organisations and A past
activities it measures: fit time; one request at a time (median, p90, p99 over
`singles` requests); a batch of `requests` requests (requests per second); peak resident
memory; and how much of the exact top-10 the short list keeps (the same requests scored
against every candidate). Targets (`TARGETS`): at 100,000 candidates a median request
of at most 10 ms after fit, p99 at most 30 ms, fit under 60 s; at 1,000,000, p99 at most
100 ms.

    python -m benchmarks.recommender --candidates 100000 --activities 100000 \
        --embeddings /tmp/recommender-100k-embeddings.npz

Embedding every text cold costs most of a 100k fit (some 200k short texts at a few ms
each). `--embeddings FILE` keeps the fitted rows between runs, as a hub keeps them in its
artifact: a run that finds the file fits with those rows known (`fit_s`, as a hub's
refit); a run that does not fits cold, writes the file, and fits again with them known,
so it reports both (`fit_cold_s`, `fit_s`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.synthetic import SyntheticHub, synthetic_hub
from matching.dense import Embedded
from matching.metrics import mean_metrics
from matching.profiles import Query
from matching.recommender import PartnerRecommender

__all__ = ["RESULTS", "TARGETS", "main", "measure", "run", "targets"]

RESULTS = Path(__file__).parent / "results"
_K = 10
TARGETS = {
    100_000: {"p50_ms": 10.0, "p99_ms": 30.0, "fit_s": 60.0},
    1_000_000: {"p99_ms": 100.0},
}
"""Issue 8's limits (fit: issue 7's) at the candidate counts they are set for."""


def _peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports kilobytes)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _latencies(
    model: PartnerRecommender, queries: list[Query]
) -> tuple[list[float], list[list[str]]]:
    """Milliseconds per request, one request per call, and the ids returned."""
    took, ranked = [], []
    for query in queries:
        began = time.perf_counter()
        found = model.recommend(query, n=_K)
        took.append((time.perf_counter() - began) * 1000)
        ranked.append([r.candidate for r in found])
    return took, ranked


def _summary(took: list[float]) -> dict[str, float]:
    return {f"p{q}_ms": round(float(np.percentile(took, q)), 2) for q in (50, 90, 99)} | {
        "mean_ms": round(float(np.mean(took)), 2)
    }


def run(
    candidates: int,
    activities: int,
    requests: int = 1000,
    singles: int = 200,
    seed: int = 0,
    dense: bool = True,
    embeddings: Path | None = None,
) -> dict[str, Any]:
    """Build a synthetic hub, fit, serve; every number the benchmark reports."""
    began = time.perf_counter()
    hub = synthetic_hub(candidates, activities, requests, seed)
    built = time.perf_counter() - began
    return measure(hub, candidates, activities, singles, built, dense, embeddings)


def _fit(
    hub: SyntheticHub, dense: bool, embedded: Embedded | None
) -> tuple[PartnerRecommender, float]:
    began = time.perf_counter()
    model = PartnerRecommender(dense=dense).fit(
        hub.candidates, hub.history, ties=hub.graph.edges(), embedded=embedded
    )
    return model, time.perf_counter() - began


def _fitted(
    hub: SyntheticHub, dense: bool, embeddings: Path | None
) -> tuple[PartnerRecommender, float, float | None]:
    """The model to serve, its fit's seconds with the texts' rows known when there are
    any to know, and the seconds of a cold fit when this run made one."""
    if not dense or embeddings is None:
        model, fit_s = _fit(hub, dense, None)
        return model, fit_s, fit_s if dense else None
    if embeddings.is_file():
        with np.load(embeddings) as stored:
            tables = [(stored[f"{i}-keys"], stored[f"{i}-rows"]) for i in range(len(stored) // 2)]
        model, fit_s = _fit(hub, dense, Embedded(tables))
        return model, fit_s, None
    cold, cold_s = _fit(hub, dense, None)
    index = cold.signals_.dense
    assert index is not None  # fitted with dense signals
    tables = list(index.tables())
    np.savez(
        embeddings,
        **{f"{i}-keys": keys for i, (keys, _) in enumerate(tables)},
        **{f"{i}-rows": rows for i, (_, rows) in enumerate(tables)},
    )
    del cold, index
    model, fit_s = _fit(hub, dense, Embedded(tables))
    return model, fit_s, cold_s


def measure(
    hub: SyntheticHub,
    candidates: int,
    activities: int,
    singles: int = 200,
    built: float = 0.0,
    dense: bool = True,
    embeddings: Path | None = None,
) -> dict[str, Any]:
    """Fit and serve on a hub already built, so a runner can score it other ways too.

    The timed requests are new texts, so each pays for embedding itself (`dense`); a
    second pass (`single_embedded`) and the exact pass send the same texts again, so
    theirs come from the embedding cache, as a request tagged at intake would.
    `embeddings` is the file of the history's rows kept between runs (module docstring).
    """
    rss_data = _peak_rss_mb()
    model, fit_s, fit_cold_s = _fitted(hub, dense, embeddings)
    rss_fit = _peak_rss_mb()
    sample = hub.queries[:singles]
    model.recommend(sample[0], n=_K)  # first call pays for lazy caches
    took, fast = _latencies(model, sample)
    # The same texts again: embedded already, as a request tagged at intake is.
    known_took, _ = _latencies(model, sample)
    began = time.perf_counter()
    model.recommend(hub.queries, n=_K)
    batch_s = time.perf_counter() - began
    shortlist = model.shortlist
    model.set_params(shortlist=None)
    exact_took, exact = _latencies(model, sample)
    kept = [len(set(f) & set(e)) / max(len(e), 1) for f, e in zip(fast, exact, strict=True)]
    golds = hub.golds[:singles]
    return {
        "candidates": candidates,
        "activities": activities,
        "history": len(hub.history),
        "requests": len(hub.queries),
        "machine": {"python": platform.python_version(), "cpus": len(os.sched_getaffinity(0))},
        "dense": dense,
        "data_s": round(built, 1),
        "fit_s": round(fit_s, 1),
        "fit_cold_s": None if fit_cold_s is None else round(fit_cold_s, 1),
        "embeddings_known": dense and embeddings is not None,
        "training_pairs": model.n_training_pairs_,
        "shortlist": shortlist,
        "single": _summary(took),
        "single_embedded": _summary(known_took),
        "batch": {
            "size": len(hub.queries),
            "seconds": round(batch_s, 2),
            "requests_per_s": round(len(hub.queries) / batch_s, 1),
        },
        "exact_single": _summary(exact_took),
        "shortlist_recall_at_10": round(float(np.mean(kept)), 4),
        "quality_at_10": {
            "short list": {k: round(v, 4) for k, v in mean_metrics(fast, golds, _K).items()},
            "exact": {k: round(v, 4) for k, v in mean_metrics(exact, golds, _K).items()},
        },
        "peak_rss_mb": {"data": rss_data, "fit": rss_fit, "end": _peak_rss_mb()},
        "targets": targets(candidates, _summary(took), fit_s),
    }


def targets(candidates: int, single: dict[str, float], fit_s: float) -> dict[str, Any]:
    """Each limit set for this many candidates, what was measured, and whether it was met."""
    measured = {**single, "fit_s": fit_s}
    return {
        name: {"limit": limit, "measured": measured[name], "met": measured[name] <= limit}
        for name, limit in TARGETS.get(candidates, {}).items()
    }


def _scale(count: int) -> str:
    if count % 1_000_000 == 0:
        return f"{count // 1_000_000}m"
    return f"{count // 1000}k" if count % 1000 == 0 else str(count)


def _table(results: dict[str, Any]) -> str:
    single, exact = results["single"], results["exact_single"]
    known = results["single_embedded"]
    rows = [
        ("candidates x activities", f"{results['candidates']:,} x {results['activities']:,}"),
        ("fit", f"{results['fit_s']} s ({results['training_pairs']:,} training pairs)"),
        (
            "fit cold (every text embedded)",
            "not run" if results["fit_cold_s"] is None else f"{results['fit_cold_s']} s",
        ),
        (
            "one request (short list)",
            f"median {single['p50_ms']} ms, p90 {single['p90_ms']}, p99 {single['p99_ms']}",
        ),
        (
            "one request, text embedded before",
            f"median {known['p50_ms']} ms, p99 {known['p99_ms']}",
        ),
        ("one request (exact)", f"median {exact['p50_ms']} ms, p99 {exact['p99_ms']}"),
        (
            "batch",
            f"{results['batch']['requests_per_s']} requests/s"
            f" ({results['batch']['size']} in {results['batch']['seconds']} s)",
        ),
        ("short list keeps of exact top-10", f"{results['shortlist_recall_at_10']:.1%}"),
        (
            "recall@10 vs gold (short list / exact)",
            f"{results['quality_at_10']['short list']['recall@10']:.3f} /"
            f" {results['quality_at_10']['exact']['recall@10']:.3f}",
        ),
        (
            "peak RSS",
            f"{results['peak_rss_mb']['end']} MB (after data"
            f" {results['peak_rss_mb']['data']}, after fit {results['peak_rss_mb']['fit']})",
        ),
    ]
    rows += [
        (
            f"target {name} <= {t['limit']:g}",
            f"{t['measured']:g} {'met' if t['met'] else 'NOT met'}",
        )
        for name, t in results["targets"].items()
    ]
    width = max(len(name) for name, _ in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=1000, help="batch size; also the pool")
    parser.add_argument("--singles", type=int, default=200, help="requests timed one by one")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--no-dense", action="store_true", help="word signals only")
    parser.add_argument(
        "--embeddings", type=Path, help="the history's embeddings, read if there, else written"
    )
    args = parser.parse_args(argv)
    results = run(
        args.candidates,
        args.activities,
        args.requests,
        args.singles,
        args.seed,
        not args.no_dense,
        args.embeddings,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    suffix = "-no-dense" if args.no_dense else ""
    path = args.out / f"recommender-{_scale(args.candidates)}{suffix}.json"
    path.write_text(json.dumps(results, indent=2) + "\n")
    print(_table(results))
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    main()
