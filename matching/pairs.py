"""(request, candidate) pairs with each candidate's past activities laid out flat.

A candidate's signals sum or take the maximum of per-activity relevance over the
activities it implemented. Laying those activities out one pair after another turns
every such signal into one gather and one segment reduction, whose cost follows the
records of the candidates scored, not the size of the whole history.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

__all__ = ["Pairs", "slices", "stored"]


def stored(
    matrix: sp.csr_matrix | sp.csc_matrix, which: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Where the entries of rows (csr) or columns (csc) `which` are stored in `indices`
    and `data`, one row after another, and how many each row has."""
    starts = matrix.indptr[which]
    lengths = matrix.indptr[which + 1] - starts
    offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return np.repeat(starts, lengths) + offsets, lengths


def slices(
    matrix: sp.csr_matrix | sp.csc_matrix, which: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The indices in rows (csr) or columns (csc) `which`, one row after another, and how
    many each row has: a fancy-indexing slice without building a new matrix."""
    where, lengths = stored(matrix, which)
    return matrix.indices[where], lengths


class Pairs:
    """Requests `rows` paired with candidates `cols`, and the activities behind each pair.

    `activities[k]` is a past activity of pair `pair[k]`'s candidate, asked by request
    `query[k]`; per-activity values at those places reduce back to one number per pair.
    """

    def __init__(self, by_candidate: sp.csc_matrix, rows: np.ndarray, cols: np.ndarray) -> None:
        self.rows, self.cols = rows, cols
        self.activities, lengths = slices(by_candidate, cols)
        self.pair = np.repeat(np.arange(cols.size), lengths)
        self.query = rows[self.pair]
        self.filled = np.flatnonzero(lengths)
        self.bounds = (np.cumsum(lengths) - lengths)[self.filled]
        self.flat, self.flat_width = np.empty(0, dtype=np.int64), 0

    def __len__(self) -> int:
        return int(self.cols.size)

    def at(self, per_activity: np.ndarray) -> np.ndarray:
        """Values of a requests x activities array at each pair's activities."""
        if not per_activity.flags.c_contiguous:
            return np.asarray(per_activity[self.query, self.activities])
        # One flat gather, its positions worked out once for every array of this width.
        width = per_activity.shape[1]
        if self.flat.size != self.activities.size or self.flat_width != width:
            self.flat, self.flat_width = self.query * width + self.activities, width
        return per_activity.ravel().take(self.flat)

    def total(self, values: np.ndarray) -> np.ndarray:
        """Sum over each pair's activities; 0 with none."""
        return np.bincount(self.pair, weights=values, minlength=len(self)).astype(np.float32)

    def best(self, values: np.ndarray) -> np.ndarray:
        """Maximum over each pair's activities; 0 with none."""
        result = np.zeros(len(self), dtype=np.float32)
        if self.filled.size:
            result[self.filled] = np.maximum.reduceat(values, self.bounds)
        return result
