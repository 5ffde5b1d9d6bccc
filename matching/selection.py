"""Choose the recommender's settings by time-ordered cross-validation on the history alone.

A test split scored to pick settings stops being a test. Here the history is cut at a
few dates; each fold fits on everything before its cut and ranks, as requests, the
activities that started in the following window whose implementers were already
known, exactly as the public benchmark's protocol does with its own split. Settings
are compared by their mean over folds, and the test split is never read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import product
from typing import Any

import numpy as np

from matching.metrics import mean_metrics
from matching.profiles import Candidate, PastActivity, Query
from matching.recommender import PartnerRecommender
from matching.training import as_query

__all__ = ["Fold", "Trial", "cross_validate", "grid", "time_folds"]


@dataclass(frozen=True, slots=True)
class Fold:
    """Fit on `history`, rank `requests` (each with its known implementers)."""

    cut: date
    history: list[PastActivity]
    requests: list[tuple[Query, set[str]]]


@dataclass(frozen=True, slots=True)
class Trial:
    params: dict[str, Any]
    scores: dict[str, float]
    per_fold: list[dict[str, float]]


def time_folds(history: Sequence[PastActivity], cuts: Sequence[date]) -> list[Fold]:
    """One fold per cut: the history before it, and the window up to the next cut (the
    last runs to the end) as requests. Undated activities are never requests."""
    folds = []
    ends: list[date | None] = [*cuts[1:], None]
    for cut, end in zip(cuts, ends, strict=True):
        before = [a for a in history if a.start is not None and a.start < cut]
        known = {org for a in before for org in a.implementers}
        requests = [
            (as_query(a), set(a.implementers) & known)
            for a in history
            if a.start is not None and a.start >= cut and (end is None or a.start < end)
        ]
        folds.append(Fold(cut, before, [(q, gold) for q, gold in requests if gold]))
    return folds


def cross_validate(
    make: Callable[[], PartnerRecommender],
    candidates: Sequence[Candidate],
    folds: Sequence[Fold],
    k: int = 10,
) -> tuple[dict[str, float], list[dict[str, float]]]:
    """Mean metrics over folds (each fold weighs the same), and each fold's own."""
    per_fold = []
    for fold in folds:
        model = make().fit(candidates, fold.history)
        ranked = model.recommend([q for q, _ in fold.requests], n=k)
        per_fold.append(
            mean_metrics(
                [[r.candidate for r in found] for found in ranked],
                [gold for _, gold in fold.requests],
                k,
            )
        )
    names = per_fold[0].keys() if per_fold else ()
    return {m: float(np.mean([f[m] for f in per_fold])) for m in names}, per_fold


def grid(
    candidates: Sequence[Candidate],
    folds: Sequence[Fold],
    space: Mapping[str, Sequence[Any]],
    k: int = 10,
    on_trial: Callable[[Trial], None] | None = None,
) -> list[Trial]:
    """Every combination of `space` (PartnerRecommender parameters), best first by
    recall@k plus MRR, the two numbers the benchmark's goals are set in."""
    trials = []
    for values in product(*space.values()):
        params = dict(zip(space, values, strict=True))
        scores, per_fold = cross_validate(
            partial(PartnerRecommender, **params), candidates, folds, k
        )
        trials.append(Trial(params, scores, per_fold))
        if on_trial is not None:
            on_trial(trials[-1])
    return sorted(trials, key=lambda t: -(t.scores[f"recall@{k}"] + t.scores["mrr"]))
