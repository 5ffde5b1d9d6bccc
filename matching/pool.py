"""A fixed list of the hub's texts, weighed against one request at a time in one pass.

Similar initiatives and funding leads compare a request with the same long list of
texts on every call (every past activity, request, partnership and practice), less the
few a caller may not see or that would teach nothing. A `TermSpace` of that selection
re-reads and re-stacks every selected row; a `TextPool` keeps the list's word counts,
their logarithms and document frequencies, so that a call only re-weighs them by the
selection's IDF, and embeds nothing but the request. Both weigh a selection exactly as
a TF-IDF fitted on the request and the selection would (`matching.textspace`).

Examples
--------
>>> from matching.textspace import TextSpace
>>> texts = ["water for rural towns", "skills of returning workers", "water wells"]
>>> pool = TextPool(TextSpace().fit(texts), texts)
>>> near = pool.terms("returning workers", np.array([True, True, False]))
>>> [round(float(c), 3) for c in near.cosine[:2]], near.terms(1)[:2]
([0.0, 0.682], ('returning workers', 'workers'))
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

from matching.textspace import TermSpace, TextSpace, places

__all__ = ["PooledTerms", "TextPool"]


class TextPool:
    """The word counts (and, on first use, embeddings) of `texts`, all of which
    `space` was fitted on; row i is texts[i]."""

    def __init__(self, space: TextSpace, texts: Sequence[str]) -> None:
        unseen = [t for t in texts if t not in space.rows_]
        if unseen:
            raise ValueError(
                f"{len(unseen)} pooled text(s) were never fitted, e.g. {unseen[0][:60]!r}:"
                " fit the TextSpace on them first"
            )
        self.space = space
        self.rows = np.asarray([space.rows_[t] for t in texts], dtype=np.int64)
        self.counts: sp.csr_matrix = sp.csr_matrix(space.counts_[self.rows])
        self.tf = np.log(self.counts.data) + 1.0
        self.df = np.bincount(self.counts.indices, minlength=self.counts.shape[1])
        self.lengths = np.diff(self.counts.indptr)
        self.first = places(self.counts)
        self._embedded: np.ndarray | None = None
        self._embedding = threading.Lock()

    def terms(self, query: str, kept: np.ndarray) -> PooledTerms:
        """The TF-IDF of `query` and the rows `kept` (a mask): cosines for every row,
        those of rows left out meaningless."""
        return PooledTerms(self, query, kept)

    def embedded(self) -> np.ndarray:
        """The rows' embeddings (rows x dimensions), gathered on first use."""
        with self._embedding:
            if self._embedded is None:
                index = self.space.index()
                self._embedded = np.ascontiguousarray(index.activities_t[:, self.rows].T)
            return self._embedded

    def meaning(self, query: str) -> np.ndarray:
        """Embedding cosines of `query` with every row (opposites count as 0)."""
        index = self.space.index()
        found: np.ndarray = index.to_activities(index.queries([query]), self.embedded())[0]
        return found


class PooledTerms(TermSpace):
    """A `TermSpace` of a request and a pool's kept rows, indexed by pool row."""

    def __init__(self, pool: TextPool, query: str, kept: np.ndarray) -> None:
        space = pool.space
        spoken = Counter(space.analyse_(query))
        width = pool.counts.shape[1]
        new = [t for t in spoken if t not in space.columns_]
        columns = {**space.columns_, **{t: width + i for i, t in enumerate(new)}}
        said = [columns[t] for t in spoken]
        self.names = np.concatenate([space.names_, np.asarray(new, dtype=object)])
        self._unsaid = len(said)
        self.said = np.full(len(self.names), self._unsaid, dtype=np.int64)
        self.said[said] = np.arange(len(said))
        # Document frequencies of the kept rows and the request, as a TF-IDF fitted on
        # them counts them (sklearn's smoothing and operations, so the same bits).
        left_out = np.repeat(~kept, pool.lengths)
        df = np.zeros(len(self.names), dtype=np.int64)
        df[:width] = pool.df - np.bincount(pool.counts.indices[left_out], minlength=width)
        df[said] += 1
        document_frequency = df.astype(np.float64)
        document_frequency += 1.0
        self.idf = np.full_like(document_frequency, int(np.count_nonzero(kept)) + 2)
        self.idf /= document_frequency
        np.log(self.idf, out=self.idf)
        self.idf += 1.0
        asked = np.asarray([spoken[t] for t in spoken], dtype=np.float64)
        np.log(asked, asked)
        asked += 1.0
        asked *= self.idf[said]
        self.query = sp.csr_matrix(
            (asked, np.asarray(said, dtype=np.int64), [0, len(said)]), shape=(1, len(self.names))
        )
        inplace_csr_row_normalize_l2(self.query)
        weights = pool.tf * self.idf[pool.counts.indices]
        items = sp.csr_matrix(
            (weights, pool.counts.indices, pool.counts.indptr), shape=pool.counts.shape
        )
        inplace_csr_row_normalize_l2(items)
        dense = np.zeros(width)
        known = self.query.indices < width
        dense[self.query.indices[known]] = self.query.data[known]
        self.cosine = items @ dense
        self.counts = pool.counts
        self._pool, self._kept = pool, kept

    def _first_place(self, column: int) -> tuple[int, int]:
        """The first kept row saying term `column`, and the term's place in it."""
        first = self._pool.first
        for at in range(first.indptr[column], first.indptr[column + 1]):
            if self._kept[first.indices[at]]:
                return int(first.indices[at]), int(first.data[at])
        raise ValueError(f"no kept row says term {self.names[column]!r}")
