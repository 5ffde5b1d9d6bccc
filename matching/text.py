"""Text similarity between requests, past activities and candidates' own descriptions.

Word n-grams catch shared vocabulary between a request and the whole history.
Character n-grams inside word boundaries also match inflections, typos and cognates
across French, Spanish or German texts, where whole words would not meet; they are
kept for the candidates' own descriptions only, which are few and short. Against every
past activity they cost most of a request's time and learned no weight on real data.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["TextIndex"]


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
    """

    def __init__(self, max_features: int | None = 200_000) -> None:
        self.terms: np.ndarray | None = None
        self.word = TfidfVectorizer(
            strip_accents="unicode",
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
        """Rows of new texts in the fitted word space."""
        return sp.csr_matrix(self.word.transform(texts))

    def chars(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Rows of new texts in the fitted character space."""
        return sp.csr_matrix(self.char.transform(texts))

    def term_names(self) -> np.ndarray:
        """The word vocabulary by column, built once (sklearn rebuilds it per call)."""
        if self.terms is None:
            self.terms = self.word.get_feature_names_out()
        return self.terms
