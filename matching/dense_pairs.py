"""Exact multilingual cosines for what a request served with a short list reads.

Such a request has the projected cosines (`DenseIndex.near`, exact where the word
signals took their prediction) and its rows. A projected cosine is within a known
width of the exact one (`DenseIndex.spread` times `DenseIndex.residuals`), so an
activity whose cosine cannot be a candidate's best, nor among the activities an
explanation cites, is never read at full width; every value that is read is exact,
and so is every result. At 100k activities the short-listed candidates' records
reach some tens of thousands of activities: gathering all their rows cost more than
the one product with every row that this replaces.
"""

from __future__ import annotations

import numpy as np

from matching.dense import DenseIndex
from matching.pairs import Pairs

__all__ = ["best_per_pair", "likeness_of"]

_ROUNDING = 1e-5
"""Added to every width: the projected and exact products round differently in
float32 (by about 1e-7), and the bound must hold for the rounded values too."""


def _width(
    dense: DenseIndex, meaning: np.ndarray, query: np.ndarray, activities: np.ndarray
) -> np.ndarray:
    found: np.ndarray = dense.spread(meaning)[query] * dense.residuals[activities] + _ROUNDING
    return found


def best_per_pair(
    dense: DenseIndex, near: np.ndarray, meaning: np.ndarray, pairs: Pairs
) -> np.ndarray:
    """Each pair's best exact cosine (at least 0) over its candidate's activities, as
    `Pairs.best` of the full product gives it: only activities whose upper bound
    reaches the pair's best lower bound are computed."""
    seen = pairs.at(near)
    width = _width(dense, meaning, pairs.query, pairs.activities)
    floor = pairs.best(np.maximum(seen - width, 0.0))
    need = np.flatnonzero(seen + width >= floor[pairs.pair])
    values = np.zeros(seen.size, dtype=np.float32)
    values[need] = dense.at(meaning, pairs.query[need], pairs.activities[need])
    return pairs.best(values)


def likeness_of(
    dense: DenseIndex,
    text: np.ndarray,
    near: np.ndarray,
    meaning: np.ndarray,
    row: int,
    records: list[np.ndarray],
    keep: int,
) -> np.ndarray:
    """Word similarity plus exact cosine for request `row` (at least 0), over every past
    activity, exact within each record (a candidate's activities) for those that can be
    among its `keep` closest; below that only bounds, which no activity among them
    reaches."""
    found: np.ndarray = text + near
    exact: list[np.ndarray] = []
    for done in records:
        if done.size <= keep:
            exact.append(done)
            continue
        width = _width(dense, meaning, np.full(done.size, row), done)
        low = text[done] + np.maximum(near[done] - width, 0.0)
        cut = np.partition(low, done.size - keep)[done.size - keep]
        exact.append(done[text[done] + np.maximum(near[done] + width, 0.0) >= cut])
        # Below every activity that can make the cut, whatever its exact value.
        found[done] = np.minimum(low, cut - _ROUNDING)
    need = np.unique(np.concatenate([np.zeros(0, dtype=np.int64), *exact]))
    found[need] = text[need] + dense.at(meaning, np.full(need.size, row), need)
    return found
