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
        if not any(t.strip() for t in corpus):
            corpus = [*corpus, "placeholder"]
        word = sp.csr_matrix(self.word.fit_transform(corpus))[: len(texts)]
        char = sp.csr_matrix(self.char.fit_transform(corpus))[: len(texts)]
        return word, char

    def transform(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Word and char matrices of new texts in the fitted spaces."""
        return (
            sp.csr_matrix(self.word.transform(texts)),
            sp.csr_matrix(self.char.transform(texts)),
        )

    def shared_terms(self, query: sp.csr_matrix, profile: sp.csr_matrix, n: int = 5) -> tuple[
        str, ...
    ]:
        """The word terms contributing most to the cosine of two word-space rows."""
        product = query.multiply(profile).tocsr()
        if product.nnz == 0:
            return ()
        order = np.argsort(-product.data)[:n]
        names = self.word.get_feature_names_out()
        return tuple(str(names[i]) for i in product.indices[order])
