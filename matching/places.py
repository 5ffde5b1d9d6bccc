"""Overlap of label sets (countries, regions, locations, sectors, objectives) as matrices.

Every set-valued field becomes a sparse one-hot matrix over a vocabulary learned in fit,
so the overlap of a request with every past activity or candidate is one sparse product.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from matching.names import normalise
from matching.pairs import slices

__all__ = [
    "LEVELS",
    "Labels",
    "jaccard",
    "place_level",
    "reach",
    "summed_reach",
    "transposed",
    "weighted_reach",
]

LEVELS = {"country": 1.0, "subregion": 0.5, "region": 0.25}
"""How much a shared place says: the same country more than the same continent."""


class Labels:
    """A fixed vocabulary of labels; unknown labels are dropped when encoding.

    With `fold`, labels compare case-, accent- and punctuation-blind ("Banadir" =
    "banadir"); without, exactly, as organisation ids must.
    """

    def __init__(self, rows: Iterable[Iterable[str]], fold: bool = True) -> None:
        self.fold = fold
        # Folding is slow and the same few labels come back on every row: fold each once.
        self.keys: dict[str, str] = {}
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
        if not self.fold:
            return label
        if label not in self.keys:
            self.keys[label] = normalise(str(label))
        return self.keys[label]

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


def transposed(matrix: sp.spmatrix) -> sp.csr_matrix:
    """`matrix.T` as csr, the `*_t` form the products here (and text similarity) take,
    made once in fit: scipy would convert it on every request otherwise."""
    return sp.csr_matrix(matrix.T)


def reach(asked: sp.csr_matrix, labels_t: sp.csr_matrix) -> np.ndarray:
    """How many of each request's labels every item has: requests x items.

    `asked` is requests x labels, `labels_t` labels x items. Adds one per item listed
    under each asked label, without building a sparse product.
    """
    found = np.zeros((asked.shape[0], labels_t.shape[1]), dtype=np.float32)
    for row in range(asked.shape[0]):
        into = found[row]
        for label in asked.indices[asked.indptr[row] : asked.indptr[row + 1]].tolist():
            # An item lists a label once: no repeated places within one label.
            into[labels_t.indices[labels_t.indptr[label] : labels_t.indptr[label + 1]]] += 1.0
    return found


def place_level(asked: Sequence[sp.csr_matrix], places_t: Sequence[sp.csr_matrix]) -> np.ndarray:
    """Best shared level per request and item: 1 same country, .5 same subregion, .25
    same region, else 0.

    `asked` holds the (country, subregion, region) one-hot matrices of the requests,
    `places_t` the same for the items, transposed (labels x items).
    """
    level = np.zeros((asked[0].shape[0], places_t[0].shape[1]), dtype=np.float32)
    # From the widest level to the closest, so a closer one overwrites: a maximum.
    widest_first = sorted(zip(LEVELS.values(), asked, places_t, strict=True), key=lambda x: x[0])
    for weight, mine, theirs in widest_first:
        for row in range(mine.shape[0]):
            labels = mine.indices[mine.indptr[row] : mine.indptr[row + 1]]
            if labels.size:
                items, _ = slices(theirs, labels)
                level[row, items] = weight
    return level


def summed_reach(asked: sp.csr_matrix, labels_t: sp.csr_matrix) -> np.ndarray:
    """requests x items: the sum of each request's `asked` weights over each item's
    labels (`labels_t` is labels x items).

    A request asks for a few labels: walking only their items is cheaper than a pass
    over every item's labels, and adding label by label into the result makes no
    temporaries as large as the history.
    """
    found = np.zeros((asked.shape[0], labels_t.shape[1]), dtype=np.float32)
    for row in range(asked.shape[0]):
        into = found[row]
        for place in range(asked.indptr[row], asked.indptr[row + 1]):
            label = asked.indices[place]
            # An item lists a label once: no repeated places within one label.
            into[labels_t.indices[labels_t.indptr[label] : labels_t.indptr[label + 1]]] += (
                asked.data[place]
            )
    return found


def weighted_reach(asked: sp.csr_matrix, labels_t: sp.csr_matrix) -> np.ndarray:
    """requests x items: the asked labels' weights times the items' own, summed.

    As `reach`, with weights on both sides.
    """
    found = np.zeros((asked.shape[0], labels_t.shape[1]), dtype=np.float32)
    for row in range(asked.shape[0]):
        into = found[row]
        for place in range(asked.indptr[row], asked.indptr[row + 1]):
            label = asked.indices[place]
            span = slice(labels_t.indptr[label], labels_t.indptr[label + 1])
            into[labels_t.indices[span]] += asked.data[place] * labels_t.data[span]
    return found


def jaccard(shared: np.ndarray, asked: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Shared labels over the union, from the shared counts and each side's count; 0
    where nothing is shared."""
    found = np.zeros_like(shared)
    for row in range(shared.shape[0]):
        some = np.flatnonzero(shared[row])
        both = shared[row, some]
        found[row, some] = both / (asked[row] + counts[some] - both)
    return found
