"""Ranking a request whose text was never embedded: this tree against a git ref, in one run.

On a shared machine two benchmark runs minutes apart are not comparable, so this fits
once on a synthetic hub and times the same 200 new-text requests (embedding cache
emptied before each pass) with this tree's `matching.explain` and
`matching.crosslingual` (what a request calls per candidate explained and per text
compared), then with the ref's versions of those modules read from git, alternating,
`--rounds` times each. It reports median, p90 and p99 per pass (wall, and CPU: on a
shared machine the wall time is mostly others' load, recorded per pass), the median of
the p99s, and whether both give the same candidates, scores, matched terms and evidence.

    python -m benchmarks.new_text --candidates 10000 --activities 10000 --ref main
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.synthetic import synthetic_hub
from matching import crosslingual, recommender
from matching.embedding import embedder
from matching.explain import explain
from matching.profiles import Query, Recommendation
from matching.recommender import PartnerRecommender

__all__ = ["main", "run"]

RESULTS = Path(__file__).parent / "results"
_ROOT = Path(__file__).resolve().parents[1]


def _module(ref: str, path: str) -> types.ModuleType:
    """The module at `path` as it is at git `ref`."""
    source = subprocess.run(
        ["git", "show", f"{ref}:{path}"], cwd=_ROOT, check=True, capture_output=True, text=True
    ).stdout
    module = types.ModuleType(f"{ref}_{Path(path).stem}")
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{ref}:{path}", "exec"), module.__dict__)  # this repository at `ref`
    return module


def _pass(
    model: PartnerRecommender, queries: list[Query]
) -> tuple[list[float], list[float], list[list[Recommendation]]]:
    """Per request its wall and CPU milliseconds, and the answers."""
    embedder()._cache.clear()  # every text is new
    took, spent, found = [], [], []
    for query in queries:
        began, cpu = time.perf_counter(), time.process_time()
        found.append(model.recommend(query, n=10))
        took.append((time.perf_counter() - began) * 1000)
        spent.append((time.process_time() - cpu) * 1000)
    return took, spent, found


def _use(model: PartnerRecommender, explainer: Any, bridges: tuple[Any, Any]) -> None:
    """Serve with this explanation function and these word-to-meaning lines."""
    model.signals_.texts.profile_bridge, model.signals_.texts.text_bridge = bridges
    setattr(recommender, "explain", explainer)  # noqa: B010 (what the module calls)


def _bridges(module: types.ModuleType, model: PartnerRecommender) -> tuple[Any, Any]:
    """The fitted lines as `module`'s Bridge, fitted alike."""
    return tuple(
        module.Bridge(b.languages, b.intercept, b.slope)
        for b in (model.signals_.texts.profile_bridge, model.signals_.texts.text_bridge)
    )


def run(candidates: int, activities: int, ref: str, rounds: int = 3, singles: int = 200) -> Any:
    hub = synthetic_hub(candidates, activities, singles, 0)
    model = PartnerRecommender().fit(hub.candidates, hub.history, ties=hub.graph.edges())
    variants = {
        "this tree": (explain, _bridges(crosslingual, model)),
        ref: (
            _module(ref, "matching/explain.py").explain,
            _bridges(_module(ref, "matching/crosslingual.py"), model),
        ),
    }
    queries = hub.queries[:singles]
    passes: dict[str, list[dict[str, float]]] = {name: [] for name in variants}
    answers: dict[str, list[list[Recommendation]]] = {}
    for variant in variants.values():  # warm each path once
        _use(model, *variant)
        model.recommend(queries[0], n=10)
    for number in range(rounds):
        order = list(variants) if number % 2 == 0 else list(reversed(variants))
        for name in order:
            _use(model, *variants[name])
            took, spent, answers[name] = _pass(model, queries)
            passes[name].append(
                {f"p{q}_ms": round(float(np.percentile(took, q)), 1) for q in (50, 90, 99)}
                | {f"cpu_p{q}_ms": round(float(np.percentile(spent, q)), 1) for q in (50, 99)}
                | {"load_average": round(os.getloadavg()[0], 2)}
            )
    _use(model, *variants["this tree"])
    mine, before = answers["this tree"], answers[ref]
    return {
        "candidates": candidates,
        "activities": activities,
        "requests": singles,
        "passes": passes,
        "median_p99_ms": {
            name: float(np.median([p["p99_ms"] for p in found])) for name, found in passes.items()
        },
        "median_cpu_p99_ms": {
            name: float(np.median([p["cpu_p99_ms"] for p in found]))
            for name, found in passes.items()
        },
        "same_candidates": all(
            [r.candidate for r in a] == [r.candidate for r in b]
            for a, b in zip(mine, before, strict=True)
        ),
        "same_terms_and_evidence": all(
            [(r.matched_terms, r.evidence) for r in a] == [(r.matched_terms, r.evidence) for r in b]
            for a, b in zip(mine, before, strict=True)
        ),
        "max_score_difference": max(
            abs(x.score - y.score)
            for a, b in zip(mine, before, strict=True)
            for x, y in zip(a, b, strict=True)
        ),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--ref", default="main", help="the git ref to compare with")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    result = run(args.candidates, args.activities, args.ref, args.rounds)
    out = RESULTS / f"new-text-{args.candidates // 1000}k.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
