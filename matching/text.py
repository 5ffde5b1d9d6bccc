"""Text similarity between requests, past activities and candidates' own descriptions.

Word n-grams catch shared vocabulary between a request and the whole history.
Character n-grams inside word boundaries also match inflections, typos and cognates
across French, Spanish or German texts, where whole words would not meet; they are
kept for the candidates' own descriptions only, which are few and short. Against every
past activity they cost most of a request's time and learned no weight on real data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np
import scipy.sparse as sp
from scipy.sparse import _sparsetools
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.stopwords import STOP_WORDS

__all__ = ["TextIndex", "similarity"]


def similarity(rows: sp.csr_matrix, items_t: sp.csr_matrix) -> np.ndarray:
    """`rows @ items_t` as a dense float32 array (texts x items, `items_t` terms x items).

    Summed term by term into each dense row, in place: scipy's sparse product would
    first count, then link up every item a term reaches, then densify, three passes over
    postings that run to a million for one request with common terms. Same order of
    additions, so the same numbers.
    """
    if items_t.indices.dtype != np.int32 or items_t.data.dtype != np.float32:
        return np.asarray((rows @ items_t).toarray(), dtype=np.float32)
    found = np.zeros((rows.shape[0], items_t.shape[1]), dtype=np.float32)
    weights = rows.data.astype(np.float32)
    indptr, indices, data = items_t.indptr, items_t.indices, items_t.data
    length = np.zeros(2, dtype=np.int32)
    for row in range(rows.shape[0]):
        into = found[row]
        for place in range(rows.indptr[row], rows.indptr[row + 1]):
            term = rows.indices[place]
            start, end = indptr[term], indptr[term + 1]
            length[1] = end - start
            # One term as a one-column matrix: into += its postings x the term's weight.
            _sparsetools.csc_matvec(
                into.size,
                1,
                length,
                indices[start:end],
                data[start:end],
                weights[place : place + 1],
                into,
            )
    return found


def _fitted(vectorizer: TfidfVectorizer, texts: Sequence[str]) -> sp.csr_matrix:
    corpus = [t or " " for t in texts]
    try:
        return sp.csr_matrix(vectorizer.fit_transform(corpus))
    except ValueError:
        # Too few or too alike texts for the document-frequency cut-offs (or no text at
        # all): keep every term, with a placeholder so the space exists.
        vectorizer.set_params(min_df=1, max_df=1.0)
        return sp.csr_matrix(vectorizer.fit_transform([*corpus, "placeholder"])[: len(corpus)])


class TextIndex:
    """Two TF-IDF spaces with rows L2-normalised (dot = cosine): words fitted on the
    history and the candidates' texts, characters on the candidates' texts.

    Parameters
    ----------
    max_features : int or None
        Cap on each vocabulary, so memory stays bounded on large histories.
    stop_words : bool
        Leave the four working languages' function words (`matching.stopwords`) out of
        the word space.
    """

    def __init__(self, max_features: int | None = 200_000, stop_words: bool = True) -> None:
        self.terms: np.ndarray | None = None
        self.analyse: Callable[[str], list[str]] | None = None
        self.word = TfidfVectorizer(
            strip_accents="unicode",
            stop_words=STOP_WORDS if stop_words else None,
            sublinear_tf=True,
            ngram_range=(1, 2),
            min_df=1,
            max_df=0.5,
            max_features=max_features,
            dtype=np.float32,
        )
        self.char = TfidfVectorizer(
            analyzer="char_wb",
            strip_accents="unicode",
            sublinear_tf=True,
            ngram_range=(3, 5),
            min_df=2,
            max_df=0.5,
            max_features=max_features,
            dtype=np.float32,
        )

    def fit(
        self, history: Sequence[str], own: Sequence[str]
    ) -> tuple[sp.csr_matrix, sp.csr_matrix, sp.csr_matrix]:
        """Learn both vocabularies; return the history's word matrix and the candidates'
        word and char matrices."""
        words = _fitted(self.word, [*history, *own])
        return words[: len(history)], words[len(history) :], _fitted(self.char, own)

    def words(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Rows of new texts in the fitted word space.

        What `self.word.transform` computes, without its input validation and sparse
        conversions, which cost more than the counting for one short request.
        """
        if self.analyse is None:
            self.analyse = self.word.build_analyzer()
        vocabulary = self.word.vocabulary_
        indptr, indices, counts = [0], [], []
        for text in texts:
            found = Counter(vocabulary[t] for t in self.analyse(text) if t in vocabulary)
            row = sorted(found)
            indices += row
            counts += [found[i] for i in row]
            indptr.append(len(indices))
        columns = np.array(indices, dtype=np.int32)
        data = np.log(np.array(counts, dtype=np.float32)) + np.float32(1.0)
        data *= self.word.idf_[columns]
        starts = np.asarray(indptr[:-1], dtype=np.int64)
        filled = np.diff(indptr) > 0
        # Squares summed and divided in double precision, as sklearn's `normalize` does.
        norms = np.ones(len(texts))
        if data.size:
            squares = (data * data).astype(np.float64)
            norms[filled] = np.sqrt(np.add.reduceat(squares, starts[filled]))
        data = (data / np.repeat(np.where(norms > 0, norms, 1.0), np.diff(indptr))).astype(
            np.float32
        )
        shape = (len(texts), len(vocabulary))
        return sp.csr_matrix((data, columns, np.asarray(indptr, dtype=np.int32)), shape=shape)

    def chars(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Rows of new texts in the fitted character space."""
        return sp.csr_matrix(self.char.transform(texts))

    def term_names(self) -> np.ndarray:
        """The word vocabulary by column, built once (sklearn rebuilds it per call)."""
        if self.terms is None:
            self.terms = self.word.get_feature_names_out()
        return self.terms
