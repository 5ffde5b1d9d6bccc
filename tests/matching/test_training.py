"""How the history's pairs become weights: pointwise, or pairwise within a request."""

from __future__ import annotations

import numpy as np

from matching.features import FEATURES
from matching.training import differences, learn_weights

TEXT, TRACK = FEATURES.index("text"), FEATURES.index("track")


def _requests(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Requests whose scores run at different levels. In busy ones everyone has a long
    track record and most candidates implemented it; in quiet ones nobody has one and
    one did. Only mixed ones set track records apart, and there the implementer is the
    newcomer that reads closest: within a request only text orders candidates right,
    while across requests a track record goes with being an implementer."""
    rows, labels, groups = [], [], []
    for request in range(60):
        kind = request % 3
        level = rng.uniform(0.0, 0.8)
        size = 6 if kind == 0 else 10
        gold = 5 if kind == 0 else 1
        text = level + rng.uniform(0.0, 0.02, size)
        text[:gold] += 0.05
        track = np.full(size, 1.0 if kind == 0 else 0.0)
        if kind == 2:
            track[gold:] = 1.0
        features = np.zeros((size, len(FEATURES)))
        features[:, TEXT], features[:, TRACK] = text, track
        rows.append(features)
        labels.append(np.arange(size) < gold)
        groups.append(np.full(size, request))
    return np.vstack(rows), np.concatenate(labels).astype(float), np.concatenate(groups)


def _first_is_gold(
    weights: dict[str, float], features: np.ndarray, labels: np.ndarray, groups: np.ndarray
) -> float:
    scores = features @ np.array([weights[f] for f in FEATURES])
    hits = [labels[groups == g][np.argmax(scores[groups == g])] for g in np.unique(groups)]
    return float(np.mean(hits))


def test_a_pairwise_fit_learns_the_order_within_each_request() -> None:
    features, labels, groups = _requests(np.random.default_rng(0))
    ones = np.ones(labels.size)
    pairwise = learn_weights(features, labels, ones, 1.0, groups)
    pointwise = learn_weights(features, labels, ones, 1.0)
    assert _first_is_gold(pairwise, features, labels, groups) == 1.0
    # Pooled, the track record looks like evidence and puts the veterans of mixed
    # requests first: what a ranker must not learn.
    assert _first_is_gold(pointwise, features, labels, groups) < 0.8


def test_differences_pair_each_request_only_with_itself() -> None:
    features = np.arange(12, dtype=float).reshape(6, 2)
    labels = np.array([1.0, 0.0, 0.0, 1.0, 1.0, 0.0])
    groups = np.array([7, 7, 7, 3, 3, 5])
    found, weights = differences(features, labels, groups, np.array([1.0, 2, 3, 4, 5, 6]))
    # Group 3 has no negative and group 5 no positive: only group 7 pairs, row 0
    # against rows 1 and 2.
    assert found.tolist() == [[-2.0, -2.0], [-4.0, -4.0]]
    assert weights.tolist() == [2.0, 3.0]
