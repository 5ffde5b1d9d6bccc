"""Text similarity between requests and past activities, by word and character n-grams.

Word n-grams catch shared vocabulary; character n-grams inside word boundaries also
match inflections, typos and cognates across French, Spanish or German texts, where
whole words would not meet.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = ["TextIndex"]


class TextIndex:
    """Two TF-IDF spaces fitted on the history, with rows L2-normalised (dot = cosine).

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

    def fit(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Learn both vocabularies; return the word and char matrices of `texts`."""
        corpus = [t or " " for t in texts]
        matrices = []
        for vectorizer in (self.word, self.char):
            try:
                matrix = vectorizer.fit_transform(corpus)
            except ValueError:
                # Too few or too alike texts for the document-frequency cut-offs (or no
                # text at all): keep every term, with a placeholder so the space exists.
                vectorizer.set_params(min_df=1, max_df=1.0)
                matrix = vectorizer.fit_transform([*corpus, "placeholder"])[: len(corpus)]
            matrices.append(sp.csr_matrix(matrix))
        return matrices[0], matrices[1]

    def transform(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Word and char matrices of new texts in the fitted spaces."""
        return (
            sp.csr_matrix(self.word.transform(texts)),
            sp.csr_matrix(self.char.transform(texts)),
        )

    def words(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Word-space rows only, for explanations."""
        return sp.csr_matrix(self.word.transform(texts))

    def term_names(self) -> np.ndarray:
        """The word vocabulary by column, built once (sklearn rebuilds it per call)."""
        if self.terms is None:
            self.terms = self.word.get_feature_names_out()
        return self.terms
