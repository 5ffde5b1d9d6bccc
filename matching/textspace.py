"""Texts read once, compared with each new request at the cost of the request's own words.

Similar initiatives and funding leads compare a request with a selection of the hub's
texts (its history, other requests, partnerships, practices). Tokenising those texts is
most of a TF-IDF fit, and embedding them most of a dense comparison. A `TextSpace` does
both once, in fit; each comparison then weighs the word counts of the selected texts
exactly as a TF-IDF fitted on the request and that selection would (`TermSpace`), and
embeds only the request and the texts fit never saw.

Examples
--------
>>> space = TextSpace().fit(["water for rural towns", "skills of returning workers"])
>>> near = space.terms("returning migrant workers", ["skills of returning workers"])
>>> near.terms(0)[:2]
('returning', 'workers')
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from matching.dense import DenseIndex, Embedded
from matching.embedding import TextEmbedder
from matching.stopwords import STOP_WORDS

__all__ = ["TermSpace", "TextSpace", "places"]


def _counter() -> CountVectorizer:
    return CountVectorizer(strip_accents="unicode", ngram_range=(1, 2), stop_words=STOP_WORDS)


class TermSpace:
    """Word TF-IDF (sublinear, rows L2-normalised) of a request and the items compared
    with it, the request weighing in the document frequencies as one more document.

    Built by `TextSpace.terms`; `cosine` holds each item's cosine with the request.
    """

    def __init__(
        self,
        query: sp.csr_matrix,
        items: sp.csr_matrix,
        names: Sequence[str] | np.ndarray,
        said: Sequence[int] = (),
    ) -> None:
        self._unsaid = len(said)
        self.said = np.full(len(names), self._unsaid, dtype=np.int64)
        self.said[list(said)] = np.arange(len(said))
        # The request's terms stored in the order it says them, as sklearn stores them:
        # its norm then sums in the same order, to the last bit.
        spoken = np.argsort(self.said[query.indices], kind="stable")
        query = sp.csr_matrix(
            (query.data[spoken], query.indices[spoken], query.indptr), shape=query.shape
        )
        both = sp.vstack([query, items], format="csr")
        self.idf = np.zeros(both.shape[1])
        if both.shape[1]:
            tfidf = TfidfTransformer(sublinear_tf=True).fit(both)
            self.idf = tfidf.idf_
            both = sp.csr_matrix(tfidf.transform(both, copy=True))
        self.query = both[0]
        self.items = both[1:]
        self.cosine = np.asarray((self.items @ self.query.T).toarray()).ravel()
        self.names = names
        self.counts = items
        self._first: sp.csc_matrix | None = None

    def terms(self, row: int, n: int = 5) -> tuple[str, ...]:
        """The terms adding most to item `row`'s cosine with the request.

        Weighed to the last bit, and so ordered when they add as much, as a TF-IDF
        fitted on the request and the items would weigh them: sklearn stores a row's
        terms in the order the corpus first says them (the request first), sums its
        norm in that order, and scipy's product reverses that order.
        """
        columns, weights = self._weighed(row)
        asked = dict(zip(self.query.indices.tolist(), self.query.data.tolist(), strict=True))
        shared = [(c, w * asked[c]) for c, w in zip(columns, weights, strict=True) if c in asked]
        shared.sort(key=lambda item: -self.said[item[0]])
        data = np.asarray([value for _, value in shared], dtype=np.float64)
        order = np.argsort(-data)[:n]
        return tuple(str(self.names[shared[i][0]]) for i in order)

    def _first_place(self, column: int) -> tuple[int, int]:
        """The first item saying term `column`, in the items' own order, and the term's
        place in it."""
        if self._first is None:
            self._first = places(self.counts)
        at = self._first.indptr[column]
        return int(self._first.indices[at]), int(self._first.data[at])

    def _weighed(self, row: int) -> tuple[list[int], list[float]]:
        """Item `row`'s columns in sklearn's storage order, with their TF-IDF weights."""
        start, end = self.counts.indptr[row], self.counts.indptr[row + 1]
        columns = self.counts.indices[start:end].tolist()
        counts = self.counts.data[start:end].tolist()

        def rank(column: int) -> tuple[int, int, int]:
            if self.said[column] != self._unsaid:
                return (0, int(self.said[column]), 0)
            return (1, *self._first_place(column))

        ordered = sorted(zip(columns, counts, strict=True), key=lambda item: rank(item[0]))
        kept = [col for col, _ in ordered]
        weights = np.log(np.asarray([c for _, c in ordered], dtype=np.float64))
        weights += 1.0
        weights *= self.idf[kept]
        total = 0.0
        for weight in weights.tolist():  # summed one by one, as sklearn's normalize does
            total += weight * weight
        norm = math.sqrt(total)
        return kept, [w / norm for w in weights.tolist()]


class TextSpace:
    """Word counts and, given an embedder, embeddings of a hub's texts.

    Parameters
    ----------
    embedder : the multilingual embedder; without one, `meaning` is unavailable

    Attributes
    ----------
    rows_ : each distinct fitted text's row
    counts_ : texts x terms counts, columns in alphabetical order of terms (`names_`,
        `columns_`), each row in the order its text says them
    texts_ : the distinct fitted texts, embedded (`matching.dense`) on the first call
        of `meaning`: funding leads never need them
    """

    def __init__(self, embedder: TextEmbedder | None = None) -> None:
        self.embedder = embedder

    def fit(self, texts: Sequence[str]) -> TextSpace:
        """Count (and embed) every distinct text once."""
        distinct = list(dict.fromkeys(texts))
        self.rows_ = {text: row for row, text in enumerate(distinct)}
        self.analyse_ = _counter().build_analyzer()
        counted = [Counter(self.analyse_(text)) for text in distinct]
        seen = {term: None for terms in counted for term in terms}
        self.names_: np.ndarray = np.asarray(sorted(seen), dtype=object)
        alphabetical = {str(name): column for column, name in enumerate(self.names_)}
        # Rows keep each text's terms in the order it says them (as sklearn first meets
        # them), columns are alphabetical (as sklearn numbers them).
        self.counts_ = _rows(
            [{alphabetical[t]: c for t, c in terms.items()} for terms in counted], len(seen)
        )
        self.columns_ = {str(name): column for column, name in enumerate(self.names_)}
        self.texts_ = distinct
        self._index: DenseIndex | None = None
        self._embedding = threading.Lock()
        return self

    def terms(self, query: str, texts: Sequence[str]) -> TermSpace:
        """The TF-IDF of `query` and `texts` (texts fit never saw are counted here)."""
        self._check_fitted()
        unseen = list(dict.fromkeys(t for t in [query, *texts] if t not in self.rows_))
        counted = [Counter(self.analyse_(text)) for text in unseen]
        new = sorted({term for terms in counted for term in terms} - self.columns_.keys())
        # Terms stay in alphabetical order, as a TF-IDF fitted on these texts orders them,
        # so that equal term weights add up, and tie, in the same order.
        at: np.ndarray | list[int] = []
        if new:
            at = np.searchsorted(self.names_, np.asarray(new, dtype=object))
        moved = (
            np.arange(len(self.names_))
            + np.cumsum(
                np.bincount(np.asarray(at, dtype=np.int64), minlength=len(self.names_) + 1)
            )[: len(self.names_)]
        )
        placed = {term: int(a) + j for j, (term, a) in enumerate(zip(new, at, strict=True))}
        names = np.insert(self.names_, at, new) if new else self.names_
        width = len(names)
        fresh = _rows(
            [
                {
                    placed[t] if t in placed else int(moved[self.columns_[t]]): c
                    for t, c in terms.items()
                }
                if new
                else {self.columns_[t]: c for t, c in terms.items()}
                for terms in counted
            ],
            width,
        )
        known = sp.csr_matrix(self.counts_[[self.rows_[t] for t in texts if t in self.rows_]])
        if new:
            known.indices = moved[known.indices]
        known.resize((known.shape[0], width))
        stacked = sp.vstack([known, fresh]).tocsr()
        position = {text: known.shape[0] + i for i, text in enumerate(unseen)}
        order, taken = [], 0
        for text in texts:
            if text in self.rows_:
                order.append(taken)
                taken += 1
            else:
                order.append(position[text])
        if query in position:
            asked = stacked[[position[query]]]
        else:
            asked = sp.csr_matrix(self.counts_[[self.rows_[query]]])
            if new:
                asked.indices = moved[asked.indices]
            asked.resize((1, width))
        said = [
            placed[t] if t in placed else int(moved[self.columns_[t]]) if new else self.columns_[t]
            for t in dict.fromkeys(self.analyse_(query))
        ]
        return TermSpace(asked, stacked[order], names, said)

    def meaning(self, query: str, texts: Sequence[str]) -> np.ndarray:
        """Embedding cosines of `query` with each of `texts` (opposites count as 0)."""
        index = self.index()
        known = np.asarray([self.rows_.get(t, -1) for t in texts], dtype=np.int64)
        inside = known >= 0
        rows = np.empty((len(texts), index.model.dim), dtype=np.float32)
        rows[inside] = index.activities(known[inside])
        if not inside.all():
            unseen = list(dict.fromkeys(t for t in texts if t not in self.rows_))
            position = {text: i for i, text in enumerate(unseen)}
            fresh = index.passages(unseen)
            rows[~inside] = fresh[[position[t] for t in texts if t not in self.rows_]]
        found: np.ndarray = index.to_activities(index.queries([query]), rows)[0]
        return found

    def index(self, known: Embedded | None = None) -> DenseIndex:
        """The fitted texts' embeddings, computed on first use (one caller at a time),
        taking the `known` rows instead of embedding their texts again."""
        self._check_fitted()
        if self.embedder is None:
            raise ValueError("TextSpace.meaning needs an embedder: TextSpace(embedder=...)")
        with self._embedding:
            if self._index is None:
                self._index = DenseIndex(self.texts_, [], self.embedder, known)
            return self._index

    def _check_fitted(self) -> None:
        if not hasattr(self, "rows_"):
            raise ValueError("this TextSpace is not fitted yet: call fit(texts) first")


def places(counts: sp.csr_matrix) -> sp.csc_matrix:
    """Each stored term's place (from 1) in its row, by column: a column's first entry
    is the first row saying it."""
    starts = np.repeat(counts.indptr[:-1], np.diff(counts.indptr))
    place = np.arange(counts.nnz) - starts + 1
    found: sp.csc_matrix = sp.csr_matrix(
        (place.astype(np.float64), counts.indices, counts.indptr), shape=counts.shape
    ).tocsc()
    return found


def _rows(counts: list[dict[int, int]], width: int) -> sp.csr_matrix:
    """A counts matrix from each row's {column: count}, in the row's order."""
    indptr, indices, data = [0], [], []
    for row in counts:
        for column, count in row.items():
            indices.append(column)
            data.append(float(count))
        indptr.append(len(indices))
    return sp.csr_matrix(
        (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(counts), width),
    )
