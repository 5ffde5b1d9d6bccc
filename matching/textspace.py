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

from collections import Counter
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

from matching.dense import DenseIndex
from matching.embedding import TextEmbedder
from matching.stopwords import STOP_WORDS

__all__ = ["TermSpace", "TextSpace"]


def _counter() -> CountVectorizer:
    return CountVectorizer(
        strip_accents="unicode", ngram_range=(1, 2), stop_words=STOP_WORDS, dtype=np.float64
    )


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
        self.said = np.full(len(names), len(said), dtype=np.int64)
        self.said[list(said)] = np.arange(len(said))
        # The request's terms stored in the order it says them, as sklearn stores them:
        # its norm then sums in the same order, to the last bit.
        spoken = np.argsort(self.said[query.indices], kind="stable")
        query = sp.csr_matrix(
            (query.data[spoken], query.indices[spoken], query.indptr), shape=query.shape
        )
        both = sp.vstack([query, items], format="csr")
        if both.shape[1]:
            both = sp.csr_matrix(TfidfTransformer(sublinear_tf=True).fit_transform(both))
        weighted = both
        self.query = weighted[0]
        self.items = weighted[1:]
        self.cosine = np.asarray((self.items @ self.query.T).toarray()).ravel()
        self.names = names

    def terms(self, row: int, n: int = 5) -> tuple[str, ...]:
        """The terms adding most to item `row`'s cosine with the request.

        Terms adding as much come as a TF-IDF fitted on the request and the items
        would give them: sklearn stores a row's terms in the order the corpus first
        says them (the request first), and scipy's product reverses that order.
        """
        product = self.items[row].multiply(self.query).tocsr()
        said = np.argsort(-self.said[product.indices], kind="stable")
        data, indices = product.data[said], product.indices[said]
        order = np.argsort(-data)[:n]
        return tuple(str(self.names[i]) for i in indices[order])


class TextSpace:
    """Word counts and, given an embedder, embeddings of a hub's texts.

    Parameters
    ----------
    embedder : the multilingual embedder; without one, `meaning` is unavailable

    Attributes
    ----------
    rows_ : each distinct fitted text's row
    counts_ : texts x terms counts, terms in alphabetical order (`names_`, `columns_`)
    embedded_ : texts x dims embeddings of each text's head (`matching.dense`), or None
    """

    def __init__(self, embedder: TextEmbedder | None = None) -> None:
        self.embedder = embedder

    def fit(self, texts: Sequence[str]) -> TextSpace:
        """Count (and embed) every distinct text once."""
        distinct = list(dict.fromkeys(texts))
        self.rows_ = {text: row for row, text in enumerate(distinct)}
        self.analyse_ = _counter().build_analyzer()
        try:
            counter = _counter()
            self.counts_ = sp.csr_matrix(counter.fit_transform(distinct))
            self.names_: np.ndarray = np.asarray(counter.get_feature_names_out(), dtype=object)
        except ValueError:  # no text holds a word that is not a stop word
            self.counts_ = sp.csr_matrix((len(distinct), 0), dtype=np.float64)
            self.names_ = np.asarray([], dtype=object)
        self.columns_ = {str(name): column for column, name in enumerate(self.names_)}
        self.index_ = DenseIndex(distinct, [], self.embedder) if self.embedder is not None else None
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
        self._check_fitted()
        if self.index_ is None:
            raise ValueError("TextSpace.meaning needs an embedder: TextSpace(embedder=...)")
        index = self.index_
        unseen = list(dict.fromkeys(t for t in texts if t not in self.rows_))
        fresh = dict(zip(unseen, index.passages(unseen), strict=True))
        rows = np.vstack(
            [
                np.zeros((0, index.model.dim), dtype=np.float32),
                *(
                    index.activities[self.rows_[t]][None] if t in self.rows_ else fresh[t][None]
                    for t in texts
                ),
            ]
        )
        found: np.ndarray = index.to_activities(index.queries([query]), rows)[0]
        return found

    def _check_fitted(self) -> None:
        if not hasattr(self, "rows_"):
            raise ValueError("this TextSpace is not fitted yet: call fit(texts) first")


def _rows(counts: list[dict[int, int]], width: int) -> sp.csr_matrix:
    """A counts matrix from each row's {column: count}."""
    indptr, indices, data = [0], [], []
    for row in counts:
        for column in sorted(row):
            indices.append(column)
            data.append(float(row[column]))
        indptr.append(len(indices))
    return sp.csr_matrix(
        (np.asarray(data, dtype=np.float64), np.asarray(indices, dtype=np.int64), indptr),
        shape=(len(counts), width),
    )
