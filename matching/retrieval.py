"""Ranking for search: nearest rows by cosine, and rank fusion of several rankings.

Word and meaning scores live on different scales (bm25 or word coverage against
cosines), so they are combined by rank, not by value: reciprocal rank fusion gives an
item the sum over the rankings that hold it of 1 / (k + rank), ranks from 1. An item
first in both rankings scores most; one found by only one ranking still counts. The
sum is divided by its largest possible value, so scores run from 0 to 1.

Examples
--------
>>> fuse([["a", "b"], ["b", "c"]])[0][0]
'b'
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

__all__ = ["RRF_K", "fuse", "nearest"]

RRF_K = 60
"""The usual constant: later ranks still count, and no single first place dominates."""

_BLAS = ThreadpoolController()


def fuse(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Items of every ranking with their fused score, best first (ties by item)."""
    if not rankings:
        return []
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    best = len(rankings) / (k + 1)
    return sorted(((item, s / best) for item, s in scores.items()), key=lambda p: (-p[1], p[0]))


def nearest(
    rows: npt.NDArray[np.float32],
    query: npt.NDArray[np.float32],
    allowed: npt.NDArray[np.bool_],
    n: int,
    floor: float,
) -> list[tuple[int, float]]:
    """Up to `n` (row, cosine) of allowed rows at `floor` or above, best first (ties by row).

    Rows and query are unit vectors, so their product is the cosine; one BLAS thread,
    as in `matching.dense`, since the hub shares its cores.
    """
    if n <= 0 or rows.shape[0] == 0:
        return []
    with _BLAS.limit(limits=1, user_api="blas"):
        cosines = rows @ query
    cosines = np.where(allowed & (cosines >= floor), cosines, -np.inf)
    n = min(n, int(np.isfinite(cosines).sum()))
    if n == 0:
        return []
    picked = np.argpartition(-cosines, n - 1)[:n]
    order = sorted(picked.tolist(), key=lambda row: (-float(cosines[row]), row))
    return [(row, float(cosines[row])) for row in order]
