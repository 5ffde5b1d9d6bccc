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

from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

from matching.relevance import holding
from matching.textspace import TermSpace, TextSpace, places

__all__ = ["PooledTerms", "TextPool"]


class TextPool:
    """The word counts of `texts`, all of which `space` was fitted on (and embedded,
    given an embedder); row i is texts[i]."""

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
        self.weights = sp.csr_matrix(
            (np.log(self.counts.data) + 1.0, self.counts.indices, self.counts.indptr),
            shape=self.counts.shape,
        )
        """Sublinear term frequencies (log count + 1), to be weighed by a call's IDF."""
        self.df = np.bincount(self.counts.indices, minlength=self.counts.shape[1])
        self.first = places(self.counts)

    def terms(self, query: str, kept: np.ndarray) -> PooledTerms:
        """The TF-IDF of `query` and the rows `kept` (a mask): cosines for every row,
        0 for those left out."""
        return PooledTerms(self, query, kept)

    def meaning(self, query: str, rows: np.ndarray | None = None) -> np.ndarray:
        """Embedding cosines of `query` with every row (opposites count as 0), in one
        product with all fitted texts as BLAS reads them fastest, which may round the
        last float32 bit otherwise than `TextSpace.meaning`; with `rows`, those rows'
        cosines to the bit as `TextSpace.meaning` computes them."""
        index = self.space.index()
        asked = index.queries([query])
        if rows is None:
            every: np.ndarray = index.to_activities(asked)[0]
            return every[self.rows]
        chosen = np.ascontiguousarray(index.activities_t[:, self.rows[rows]].T)
        found: np.ndarray = index.to_activities(asked, chosen)[0]
        return found


class PooledTerms(TermSpace):
    """A `TermSpace` of a request and a pool's kept rows, indexed by pool row.

    Only kept rows sharing a word with the request are weighed: every other row's
    cosine is 0 in a full TF-IDF as well, so a call reads the rows its words occur in
    and the document frequencies of the rows left out, not the whole pool."""

    def __init__(self, pool: TextPool, query: str, kept: np.ndarray) -> None:
        space = pool.space
        spoken = Counter(space.analyse_(query))
        width = pool.counts.shape[1]
        new = {t: width + i for i, t in enumerate(t for t in spoken if t not in space.columns_)}
        said = [space.columns_[t] if t in space.columns_ else new[t] for t in spoken]
        # Only pool columns are ever explained (a request's new words are in no row).
        self.names = space.names_
        self._unsaid = len(said)
        self.said = np.full(width + len(new), self._unsaid, dtype=np.int64)
        self.said[said] = np.arange(len(said))
        # Document frequencies of the kept rows and the request, as a TF-IDF fitted on
        # them counts them (sklearn's smoothing and operations, so the same bits).
        df = np.zeros(width + len(new), dtype=np.int64)
        df[:width] = pool.df
        left_out = np.flatnonzero(~kept)
        if left_out.size:
            df[:width] -= np.bincount(pool.counts[left_out].indices, minlength=width)
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
            (asked, np.asarray(said, dtype=np.int64), [0, len(said)]), shape=(1, len(df))
        )
        inplace_csr_row_normalize_l2(self.query)
        words = holding(pool.first, [c for c in said if c < width])
        rows = self.saying = np.flatnonzero(words & kept)
        # Each row weighed, normalised and multiplied on its own, as the full matrix's.
        items = pool.weights[rows]
        items.data *= self.idf[items.indices]
        inplace_csr_row_normalize_l2(items)
        dense = np.zeros(width)
        known = self.query.indices < width
        dense[self.query.indices[known]] = self.query.data[known]
        self.cosine = np.zeros(len(kept))
        self.cosine[rows] = items @ dense
        self.counts = pool.counts
        self._pool, self._kept = pool, kept

    def _first_place(self, column: int) -> tuple[int, int]:
        """The first kept row saying term `column`, and the term's place in it."""
        first = self._pool.first
        for at in range(first.indptr[column], first.indptr[column + 1]):
            if self._kept[first.indices[at]]:
                return int(first.indices[at]), int(first.data[at])
        raise ValueError(f"no kept row says term {self.names[column]!r}")
