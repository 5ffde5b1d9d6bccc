"""Learn how much each signal is worth from the history itself.

Every past activity becomes a pretend request: its implementers are the positives, a
sample of the other candidates the negatives, and its features are computed with it and
everything after it hidden. A logistic regression on those pairs gives the weights.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from matching.features import DEFAULT_WEIGHTS, FEATURES
from matching.pairs import slices
from matching.profiles import PastActivity, Query
from matching.signals import Signals

__all__ = ["as_activity", "as_query", "learn_weights", "training_pairs"]

_CELLS_PER_CHUNK = 4_000_000


def as_query(activity: PastActivity) -> Query:
    """A past activity seen as the request it answered (organisations left out)."""
    return Query(
        id=activity.id,
        text=activity.text,
        countries=activity.countries,
        subregions=activity.subregions,
        regions=activity.regions,
        locations=activity.locations,
        sectors=activity.sectors,
        objectives=activity.objectives,
        suggested_objectives=activity.suggested_objectives,
        when=activity.start,
    )


def as_activity(
    query: Query, implementers: Iterable[str], funders: Iterable[str] = ()
) -> PastActivity:
    """A request seen as an activity done by `implementers` from its date on."""
    return PastActivity(
        id=query.id,
        text=query.text,
        countries=query.countries,
        subregions=query.subregions,
        regions=query.regions,
        locations=query.locations,
        sectors=query.sectors,
        objectives=query.objectives,
        suggested_objectives=query.suggested_objectives,
        start=query.when,
        implementers=tuple(implementers),
        funders=tuple(funders),
    )


def _stack(values: dict[str, np.ndarray]) -> np.ndarray:
    return np.column_stack([values[f] for f in FEATURES]).astype(np.float64)


def _closest(values: np.ndarray, count: int) -> np.ndarray:
    """Positions of the `count` largest positive values, largest first, ties in position
    order: the head of a stable sort, without sorting the rest (a pretend request at
    100k activities sorted them all)."""
    positive = np.flatnonzero(values > 0)
    if count < positive.size:
        kth = np.partition(values[positive], positive.size - count)[positive.size - count]
        positive = positive[values[positive] >= kth]  # ties at the cut all stay, in order
    return positive[np.argsort(-values[positive], kind="stable")][:count]


def _hard(signals: Signals, texts: np.ndarray, gold: np.ndarray, size: int) -> np.ndarray:
    """The `size` candidates, not in `gold`, whose best past activity reads most like the
    request: the implementers of the closest activities, first seen first."""
    # Widen the scan until enough distinct candidates turn up (close activities share them).
    scan, said = 4 * size, int(np.count_nonzero(texts > 0))
    while True:
        implementers, _ = slices(signals.track.incidence, _closest(texts, scan))
        _, first = np.unique(implementers, return_index=True)
        found = implementers[np.sort(first)]
        found = found[~np.isin(found, gold)]
        if found.size >= size or scan >= said:
            return found[:size]
        scan *= 4


def training_pairs(
    signals: Signals,
    history: Sequence[PastActivity],
    max_requests: int,
    negatives: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Feature rows and labels of (past activity, candidate) pairs.

    Only pairs where the candidate has a visible track record are kept: a candidate the
    request could not have known teaches nothing about how to rank known ones.
    """
    positions = {c: i for i, c in enumerate(signals.ids)}
    usable = [i for i, a in enumerate(history) if any(o in positions for o in a.implementers)]
    if len(usable) > max_requests:
        usable = sorted(rng.choice(usable, size=max_requests, replace=False).tolist())
    chunk = max(1, _CELLS_PER_CHUNK // max(len(signals.ids), len(history), 1))
    features, labels = [], []
    for start in range(0, len(usable), chunk):
        own = np.array(usable[start : start + chunk])
        batch = signals.batch([as_query(history[i]) for i in own], own=own)
        assert batch.visible is not None
        seen = signals.track.total(batch.visible) > 0
        rows, cols, gold_sizes = [], [], []
        for k, activity in enumerate(own):
            gold = np.array(
                sorted({positions[o] for o in history[activity].implementers if o in positions})
            )
            gold = gold[seen[k, gold]]
            if gold.size == 0:
                continue
            rest = seen[k].copy()
            rest[gold] = False
            others = np.flatnonzero(rest)
            hard = _hard(signals, batch.activities["text"][k], gold, negatives // 2)
            easy = rng.choice(others, size=min(negatives - hard.size, others.size), replace=False)
            picked = np.concatenate([gold, np.unique(np.concatenate([hard, easy]))])
            rows.append(np.full(picked.size, k))
            cols.append(picked)
            gold_sizes.append((gold.size, picked.size))
        if not rows:
            continue
        features.append(_stack(signals.features(batch, np.concatenate(rows), np.concatenate(cols))))
        labels += [np.concatenate([np.ones(g), np.zeros(p - g)]) for g, p in gold_sizes]
    if not features:
        return np.empty((0, len(FEATURES))), np.empty(0)
    return np.vstack(features), np.concatenate(labels)


def learn_weights(
    features: np.ndarray,
    labels: np.ndarray,
    sample_weight: np.ndarray,
    regularisation: float,
) -> dict[str, float]:
    """Logistic-regression weights per signal; defaults for signals the data never shows."""
    weights = dict(DEFAULT_WEIGHTS)
    if labels.size == 0 or len(np.unique(labels)) < 2:
        return weights
    # Signals are evidence for a partner: one that comes out negative is only making up
    # for a correlated one, so drop it and refit, keeping weights readable.
    signs = np.array([np.sign(DEFAULT_WEIGHTS[f]) for f in FEATURES])
    spread = features.std(axis=0)
    used = spread > 0
    while used.any():
        model = LogisticRegression(
            C=regularisation, class_weight="balanced", solver="newton-cholesky", max_iter=200
        )
        # Standardised for a fast, well-conditioned fit; weights are mapped back after.
        model.fit(features[:, used] / spread[used], labels, sample_weight=sample_weight)
        learned = np.zeros(len(FEATURES))
        learned[used] = model.coef_[0] / spread[used]
        wrong = used & (learned * signs < 0)
        if not wrong.any():
            break
        used[np.argmin(np.where(wrong, learned * signs, np.inf))] = False
    for position, name in enumerate(FEATURES):
        if spread[position] > 0:
            weights[name] = float(learned[position])
    return weights
