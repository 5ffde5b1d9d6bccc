"""How much could the replay's decisions gain at most? A bound for `benchmarks.decisions`.

Decisions name partners: the accepted and the rejected ones. However a recommender
uses them, what they say about a later request is at most where those partners belong
on its list. The bound places them perfectly, knowing the answer: every decided-on
partner that implemented the later request first, every decided-on partner that did
not off the list, everyone else in the order the recommender fitted with the
decisions gave them. The replay's own gains (track records, weights) are in that
order already, so the bound is what is left for any use of the decisions that works
through the partners they name. The weights could in principle move partners no
decision names; on Somalia, at the strength cross-validation chose, they move nothing
(`benchmarks/results/decisions.json`, "gold, weights only").

The same gold decisions as the replay (300, in time order), on the test split and on
the two folds inside the history. Also reported: hit@10, the MRR if every request
with an implementer in its top 10 had one first (any reordering of the top 10 at
best), and the MRR the goal of +10 % asks for.

    python -m benchmarks.decisions_bound
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.decisions import (
    FOLDS,
    RESULTS,
    STEPS,
    World,
    as_the_hub_does,
    coordinator,
    fold,
    noise_like,
    somalia,
)
from matching.metrics import mean_metrics
from matching.profiles import Query
from matching.recommender import PartnerRecommender

__all__ = ["bound", "main", "placed_perfectly"]

_K = 10
_DEPTH = 50
"""How far down each list is read, so that rejected partners taken off leave room."""
GOAL = 0.10


def placed_perfectly(
    ranked: Sequence[str], gold: set[str], accepted: set[str], rejected: set[str]
) -> list[str]:
    """`ranked` with every decided-on implementer first and every decided-on
    non-implementer off; the others keep their order."""
    decided = accepted | rejected
    first = [c for c in ranked if c in decided and c in gold]
    first += sorted((decided & gold) - set(first))
    return first + [c for c in ranked if c not in decided]


def taken_first(ranked: Sequence[str], taken: set[str]) -> list[str]:
    """The first `_K` of `ranked` with the partners in `taken` first, each part in its
    order: a rule that needs no answer, only who took work on."""
    shown = list(ranked[:_K])
    return [c for c in shown if c in taken] + [c for c in shown if c not in taken]


def _metrics(rankings: Sequence[Sequence[str]], golds: Sequence[set[str]]) -> dict[str, float]:
    """recall@10, hit@10 and MRR over each ranking's first `_K`, as the replay scores."""
    found = mean_metrics([r[:_K] for r in rankings], golds, _K)
    return {m: round(found[m], 4) for m in ("recall@10", "hit@10", "mrr")}


def where_accepted(
    rankings: Sequence[Sequence[str]], golds: Sequence[set[str]], accepted: set[str]
) -> dict[str, float]:
    """Where the scored requests' implementers that were accepted earlier stand: how
    many requests have one, first, lower in the top `_K`, or lower still; and how many
    accepted partners that did not implement the request rank above it in the top `_K`
    (what a rule lifting accepted partners would lift with it)."""
    first = shown = below = 0
    above: list[int] = []
    for ranked, gold in zip(rankings, golds, strict=True):
        mine = gold & accepted
        if not mine:
            continue
        top = list(ranked[:_K])
        at = min((top.index(c) for c in mine if c in top), default=None)
        if at == 0:
            first += 1
        elif at is None:
            below += 1
        else:
            shown += 1
            above.append(sum(c in accepted and c not in gold for c in top[:at]))
    return {
        "requests": first + shown + below,
        "first": first,
        "lower_in_top_10": shown,
        "not_in_top_10": below,
        "accepted_non_implementers_above_it": round(float(np.mean(above)), 2) if above else 0.0,
    }


def bound(
    world: World, params: dict[str, Any], scored: Sequence[tuple[Query, set[str]]] | None = None
) -> dict[str, Any]:
    """Base, with the gold decisions, and the decided-on partners placed perfectly, on
    `scored` (by default the requests after those decided on, as in the replay)."""
    base = PartnerRecommender(**params).fit(world.candidates, world.history)
    gold, used = coordinator(base, world.requests, max(STEPS))
    scored = world.requests[used:] if scored is None else scored
    noise = as_the_hub_does(noise_like(base, gold, np.random.default_rng(0)), world.requests[:used])
    queries, golds = [q for q, _ in scored], [g for _, g in scored]
    lists = {
        name: [[r.candidate for r in found] for found in model.recommend(queries, n=_DEPTH)]
        for name, model in (
            ("base", base),
            (
                "with decisions",
                PartnerRecommender(**params).fit(world.candidates, world.history, gold),
            ),
            (
                "with noise",
                PartnerRecommender(**params).fit(world.candidates, world.history, noise),
            ),
        )
    }
    accepted = {d.candidate for d in gold if d.accepted}
    rejected = {d.candidate for d in gold if not d.accepted}
    perfect = [
        placed_perfectly(r, g, accepted, rejected)
        for r, g in zip(lists["with decisions"], golds, strict=True)
    ]
    accepts_only = [
        placed_perfectly(r, g, accepted, set())
        for r, g in zip(lists["with decisions"], golds, strict=True)
    ]
    taken = {
        name: {d.candidate for d in decided if d.taken}
        for name, decided in (("gold", gold), ("noise", noise))
    }
    base_mrr = _metrics(lists["base"], golds)["mrr"]
    return {
        "decisions": len(gold),
        "requests_decided_on": used,
        "requests_scored": len(scored),
        "partners_accepted": len(accepted),
        "partners_rejected": len(rejected),
        "accepted implementers, with decisions": where_accepted(
            lists["with decisions"], golds, accepted
        ),
        "base": _metrics(lists["base"], golds),
        "with decisions": _metrics(lists["with decisions"], golds),
        "accepted implementers first": _metrics(accepts_only, golds),
        "decided-on partners placed perfectly": _metrics(perfect, golds),
        "taken partners first (answer unknown)": _metrics(
            [taken_first(r, taken["gold"]) for r in lists["with decisions"]], golds
        ),
        "noise as the hub takes it": _metrics(lists["with noise"], golds),
        "noise, taken partners first": _metrics(
            [taken_first(r, taken["noise"]) for r in lists["with noise"]], golds
        ),
        "mrr the goal asks for": round(base_mrr * (1 + GOAL), 4),
    }


def run(path: Path | None = None, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """The bound on the test split and on each fold."""
    began = time.perf_counter()
    world = somalia() if path is None else somalia(path)
    params = params or {}
    found: dict[str, Any] = {"params": params, "folds": []}
    for ends, decided in FOLDS:
        inner, scored = fold(world, ends, decided)
        found["folds"].append({"history_ends": str(ends), **bound(inner, params, scored)})
    found["test split"] = bound(world, params)
    found["seconds"] = round(time.perf_counter() - began, 1)
    return found


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folds", type=Path, default=RESULTS / "decisions-folds-rejects.json")
    parser.add_argument("--out", type=Path, default=RESULTS / "decisions-bound.json")
    args = parser.parse_args(argv)
    params = json.loads(args.folds.read_text())["robustness"]["chosen_params"]
    found = run(params=params)
    args.out.write_text(json.dumps(found, indent=2) + "\n")
    print(json.dumps(found, indent=2))


if __name__ == "__main__":
    main()
