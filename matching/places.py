"""Overlap of label sets (countries, regions, locations, sectors, objectives) as matrices.

Every set-valued field becomes a sparse one-hot matrix over a vocabulary learned in fit,
so the overlap of a request with every past activity or candidate is one sparse product.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from matching.names import normalise

__all__ = ["LEVELS", "Labels", "overlap", "place_level"]

LEVELS = {"country": 1.0, "subregion": 0.5, "region": 0.25}
"""How much a shared place says: the same country more than the same continent."""


class Labels:
    """A fixed vocabulary of labels; unknown labels are dropped when encoding.

    With `fold`, labels compare case-, accent- and punctuation-blind ("Banadir" =
    "banadir"); without, exactly, as organisation ids must.
    """

    def __init__(self, rows: Iterable[Iterable[str]], fold: bool = True) -> None:
        self.fold = fold
        self.positions: dict[str, int] = {}
        for row in rows:
            for label in row:
                self.positions.setdefault(self.key(label), len(self.positions))

    @classmethod
    def known(cls, positions: dict[str, int]) -> Labels:
        """Exact labels at given positions, such as organisation ids."""
        labels = cls((), fold=False)
        labels.positions = dict(positions)
        return labels

    def key(self, label: str) -> str:
        return normalise(str(label)) if self.fold else label

    def encode(self, rows: Sequence[Iterable[str]]) -> sp.csr_matrix:
        """Binary matrix, one row per label set."""
        indptr = [0]
        indices: list[int] = []
        for row in rows:
            found = {self.positions.get(self.key(label), -1) for label in row} - {-1}
            indices.extend(sorted(found))
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float32)
        return sp.csr_matrix(
            (data, np.array(indices, dtype=np.int64), np.array(indptr)),
            shape=(len(rows), max(len(self.positions), 1)),
        )


def place_level(query: Sequence[sp.csr_matrix], other: Sequence[sp.csr_matrix]) -> np.ndarray:
    """Best shared level per pair: 1 same country, .5 same subregion, .25 same region, else 0.

    `query` holds the (country, subregion, region) one-hot matrices of the requests,
    `other` the same for the activities or candidates compared with them, transposed
    (labels x items).
    """
    level = np.zeros((query[0].shape[0], other[0].shape[1]), dtype=np.float32)
    for weight, mine, theirs in zip(LEVELS.values(), query, other, strict=True):
        shared = (mine @ theirs).toarray() > 0
        level = np.maximum(level, weight * shared)
    return level


def overlap(mine: sp.csr_matrix, theirs: sp.csr_matrix) -> np.ndarray:
    """Jaccard index of label sets, rows of `mine` x columns of `theirs` (labels x items)."""
    shared = (mine @ theirs).toarray()
    size_mine = np.asarray(mine.sum(axis=1))
    size_theirs = np.asarray(theirs.sum(axis=0))
    union = size_mine + size_theirs - shared
    return np.asarray(np.divide(shared, union, out=np.zeros_like(shared), where=union > 0))
