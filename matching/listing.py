"""Whether a ranking of everyone lists a candidate, learnt for that candidate alone.

A ranking of everyone walks all candidates in score order and leaves out each
near-duplicate of one listed before it, or of one set apart (`Duplicates.pick`). On a
large hub that walk costs seconds, yet whether one candidate is listed depends only on
its near-duplicates ranked before it: `Listing` follows those alone, so a consortium
that reads a few dozen candidates settles only them. Every candidate's near-duplicates
depend on the fitted candidates alone: a fit finds them all at once (`near_lists`),
and a model fitted without them finds each on its first question.
"""

from __future__ import annotations

import threading
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.diversity import NEAR_IDENTICAL, Duplicates

__all__ = ["COMMON", "ROWS", "Listing", "NearDuplicates", "NearLists", "near_lists"]

ROWS = 128
"""Candidates whose near-duplicates one step of `near_lists` finds together: the pairs
they meet are held at once (at 100k, ~2,600 per candidate: 1,024 rows at a time held
525 MB more at the fit's peak, 128 hold 79 MB, and take less CPU)."""


COMMON = 256
"""How many of the most frequent trigrams are counted as bits (four words per name)
rather than through who holds them: names made from one template ("association ...
pour le developpement") share those with thousands of others."""


@dataclass(frozen=True, slots=True)
class NearLists:
    """Each candidate's near-duplicates as compressed rows: those of candidate `p` are
    `indices[indptr[p]:indptr[p + 1]]`, ascending."""

    indptr: np.ndarray
    indices: np.ndarray

    def of(self, position: int) -> np.ndarray:
        found: np.ndarray = self.indices[self.indptr[position] : self.indptr[position + 1]]
        return found


def near_lists(duplicates: Duplicates, common: int = COMMON, rows: int = ROWS) -> NearLists:
    """Every candidate's near-duplicates (`NearDuplicates.of` for each), found `rows`
    candidates at a time, as a fit stores them: int32 rows a serving process maps from
    the artifact."""
    index = _Index(duplicates, common)
    n = len(duplicates.names)
    found = [index.near(np.arange(start, min(start + rows, n))) for start in range(0, n, rows)]
    sizes = np.concatenate([np.zeros(1, dtype=np.int64), *(np.diff(p) for p, _ in found)])
    return NearLists(
        np.cumsum(sizes).astype(np.int32),
        np.concatenate([np.zeros(0, dtype=np.int32), *(i for _, i in found)]).astype(np.int32),
    )


class NearDuplicates:
    """Each candidate's near-duplicates among all candidates, by the test `pick` applies
    (a group, a spelling or a trigram prefix in common, then the trigram likeness): read
    from `fitted` lists, or else found on demand and kept, one per fitted model."""

    def __init__(self, duplicates: Duplicates, fitted: NearLists | None = None) -> None:
        self.duplicates = duplicates
        # Plain views of mapped files: a slice of a `np.memmap` costs Python calls.
        self.fitted = (
            None
            if fitted is None
            else NearLists(np.asarray(fitted.indptr), np.asarray(fitted.indices))
        )
        self._lock = threading.Lock()
        self._index: _Index | None = None
        self._found: dict[int, np.ndarray] = {}

    def _built(self) -> _Index:
        """The index of every name, on the first question a model without lists asks."""
        with self._lock:
            if self._index is None:
                self._index = _Index(self.duplicates)
            return self._index

    def of(self, position: int) -> np.ndarray:
        """The candidates `pick` takes for near-duplicates of `position`, ascending."""
        if self.fitted is not None:
            return self.fitted.of(position)
        found = self._found.get(position)
        if found is None:
            indices = self._built().near(np.array([position]))[1]
            found = self._found[position] = indices
        return found


def _incidence(
    owners: np.ndarray, columns: np.ndarray, n: int, width: int
) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Candidates x columns with a one where a candidate (of `owners`) holds the column
    (of `columns`), and its transpose, both by rows for sparse products."""
    ones = np.ones(columns.size, dtype=np.int32)
    matrix = sp.csr_matrix((ones, (owners, columns)), shape=(n, max(width, 1)))
    return matrix, matrix.T.tocsr()


class _Index:
    """Candidates by group and spelling, by their rarer trigrams, by the common trigrams
    of their prefixes (`Duplicates.prefix`), and their common trigrams as bits.

    Two names alike at `NEAR_IDENTICAL` share a trigram of both prefixes: a rare one, so
    the sparse product over rare trigrams meets them and counts what they share there,
    or a common one, which the product over common prefix trigrams meets. Their common
    trigrams in common are then counted from bits, for the few pairs that could be
    alike enough at all."""

    def __init__(self, duplicates: Duplicates, common: int = COMMON) -> None:
        starts, flat = duplicates.trigram_rows()  # rarest first: common ones at the end
        self.sizes = np.diff(starts)
        n, vocabulary = self.sizes.size, int(flat.max(initial=0)) + 1
        keys: dict[Hashable, int] = {}
        held = [
            (position, keys.setdefault(key, len(keys)))
            for position, group in enumerate(duplicates.groups)
            for key in [
                *([("group", group)] if group is not None else []),
                *(("spelling", s) for s in duplicates.spellings_of(position)),
            ]
        ]
        named = np.array(held, dtype=np.int64).reshape(-1, 2)
        self.named = _incidence(named[:, 0], named[:, 1], n, len(keys))
        owners = np.repeat(np.arange(n), self.sizes)
        within = np.arange(flat.size) - np.repeat(starts[:-1], self.sizes)
        kept = self.sizes - np.ceil(NEAR_IDENTICAL * self.sizes - 1e-9).astype(np.int64) + 1
        often = flat >= vocabulary - common
        self.rare = _incidence(owners[~often], flat[~often], n, vocabulary)
        prefix = often & (within < np.repeat(kept, self.sizes))
        self.prefixes = _incidence(owners[prefix], flat[prefix], n, vocabulary)
        bits = (flat[often] - (vocabulary - common)).astype(np.uint64)
        self.bits = np.zeros((n, -(-common // 64)), dtype=np.uint64)
        np.bitwise_or.at(self.bits, (owners[often], bits // 64), np.uint64(1) << bits % 64)
        self.common = np.bitwise_count(self.bits).sum(axis=1, dtype=np.int64)

    def near(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The near-duplicates of each of `positions` as compressed rows (indptr,
        ascending indices): every candidate of its group or of one of its spellings,
        and of those sharing a trigram of both prefixes the ones alike enough."""
        named, by_name = self.named
        rare, by_rare = self.rare
        prefixes, by_prefix = self.prefixes
        same = (named[positions] @ by_name).tocoo()
        met = (rare[positions] @ by_rare).tocoo()
        # Pairs meeting on a common prefix trigram are counted from their bits alone:
        # one also met above is counted in full there, and alike if either count says so.
        more = (prefixes[positions] @ by_prefix).tocoo()
        row = np.concatenate([met.row, more.row])
        other = np.concatenate([met.col, more.col])
        shared = np.concatenate([met.data, np.zeros(more.nnz, dtype=met.data.dtype)])
        one = positions[row]
        # The most they can share: pairs that cannot be alike enough go uncompared.
        most = np.minimum(
            shared + np.minimum(self.common[one], self.common[other]),
            np.minimum(self.sizes[one], self.sizes[other]),
        )
        close = most >= NEAR_IDENTICAL * (self.sizes[one] + self.sizes[other] - most)
        row, one, other, shared = row[close], one[close], other[close], shared[close]
        shared = shared + np.bitwise_count(self.bits[one] & self.bits[other]).sum(axis=1)
        alike = shared >= NEAR_IDENTICAL * (self.sizes[one] + self.sizes[other] - shared)
        rows = np.concatenate([same.row, row[alike]])
        columns = np.concatenate([same.col, other[alike]])
        keep = columns != positions[rows]
        found = sp.csr_matrix(
            (np.ones(int(keep.sum()), dtype=np.int8), (rows[keep], columns[keep])),
            shape=(positions.size, self.sizes.size),
        )
        found.sum_duplicates()
        return found.indptr, found.indices


class Listing:
    """Which candidates a ranking lists when it walks `allowed` ones by descending
    `scores` (ties: lower position first) after keeping `avoid`, as `Duplicates.pick`
    walks them; each answer found through earlier near-duplicates only and kept."""

    def __init__(
        self,
        near: NearDuplicates,
        scores: np.ndarray,
        allowed: np.ndarray,
        avoid: Iterable[int] = (),
    ) -> None:
        self.near = near
        self.scores = scores
        self.allowed = allowed
        self._avoided = {other for a in avoid for other in [a, *near.of(a).tolist()]}
        self._listed: dict[int, bool] = {}

    def _earlier(self, position: int) -> list[int]:
        """Its near-duplicates the walk meets before it, in the walk's order."""
        near = self.near.of(position)
        near = near[self.allowed[near]]
        mine, theirs = self.scores[position], self.scores[near]
        near = near[(theirs > mine) | ((theirs == mine) & (near < position))]
        ordered: list[int] = near[np.lexsort((near, -self.scores[near]))].tolist()
        return ordered

    def listed(self, position: int) -> bool:
        """Whether the walk keeps `position`: allowed, near nothing set apart and near no
        candidate it keeps earlier. Earlier ones are settled best first, so that the
        first kept one (mostly the best) ends the search."""
        if not self.allowed[position]:
            return False
        # A chain of candidates, each waiting on the next: (candidate, its earlier
        # near-duplicates, how many of them are known not to be kept).
        pending: list[tuple[int, list[int], int]] = []

        def visit(current: int) -> None:
            if current in self._avoided:
                self._listed[current] = False
            elif current not in self._listed:
                pending.append((current, self._earlier(current), 0))

        visit(position)
        while pending:
            current, earlier, skipped = pending[-1]
            while skipped < len(earlier) and self._listed.get(earlier[skipped]) is False:
                skipped += 1
            pending[-1] = (current, earlier, skipped)
            if skipped == len(earlier):
                self._listed[current] = True
            elif self._listed.get(earlier[skipped]):
                self._listed[current] = False
            else:
                visit(earlier[skipped])
                continue
            pending.pop()
        return self._listed[position]
