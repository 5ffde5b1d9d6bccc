"""A fitted text space weighs any selection of texts as a TF-IDF fitted on it would."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.embedding import embedder
from matching.stopwords import STOP_WORDS
from matching.textspace import TextSpace

WORDS = ["water", "skills", "migrant", "workers", "returning", "Sahel", "café", "the", "of"]
text = st.lists(st.sampled_from(WORDS), min_size=0, max_size=6).map(" ".join)


def _refit(query: str, texts: list[str]) -> tuple[np.ndarray, list[dict[str, float]]]:
    """What a TF-IDF fitted on the request and the texts says: cosines and what each
    term adds to them."""
    vectorizer = TfidfVectorizer(
        strip_accents="unicode", sublinear_tf=True, ngram_range=(1, 2), stop_words=STOP_WORDS
    )
    corpus = [query, *texts]
    if not any(t.strip() for t in corpus):
        corpus.append("placeholder")
    try:
        matrix = sp.csr_matrix(vectorizer.fit_transform(corpus))
    except ValueError:  # only stop words
        return np.zeros(len(texts)), [{} for _ in texts]
    asked, items = matrix[0], matrix[1 : len(texts) + 1]
    names = vectorizer.get_feature_names_out()
    terms = []
    for row in range(len(texts)):
        product = items[row].multiply(asked).tocsr()
        terms.append({str(names[i]): v for i, v in zip(product.indices, product.data, strict=True)})
    return np.asarray((items @ asked.T).toarray()).ravel(), terms


@settings(max_examples=150, deadline=None)
@given(
    fitted=st.lists(text, max_size=8),
    query=text,
    texts=st.lists(text, max_size=8),
    picked=st.lists(st.integers(0, 7), max_size=8),
)
def test_a_selection_is_weighed_as_a_fresh_tfidf_would_weigh_it(
    fitted: list[str], query: str, texts: list[str], picked: list[int]
) -> None:
    """Texts fit saw, texts it never saw, repeats and the request among them; the terms
    are the five adding most (which of equal terms comes first, the demo hub's answers
    before and after checked)."""
    chosen = texts + [fitted[i] for i in picked if i < len(fitted)]
    space = TextSpace().fit(fitted).terms(query, chosen)
    cosine, adds = _refit(query, chosen)
    assert np.allclose(space.cosine, cosine, rtol=0, atol=1e-12)
    for row, added in enumerate(adds):
        best = sorted(added.values(), reverse=True)[:5]
        assert np.allclose([added[t] for t in space.terms(row)], best, rtol=0, atol=1e-12)


def test_meaning_embeds_only_texts_fit_never_saw() -> None:
    texts = ["Lutte contre la traite des personnes", "drinking water for rural towns"]
    space = TextSpace(embedder()).fit(texts)
    fitted = space.index().activities_t.copy()
    cosines = space.meaning("Fighting human trafficking", [*texts, "new: migrant skills"])
    assert cosines.shape == (3,) and cosines[0] > 0.4 > cosines[1]
    assert np.array_equal(space.index().activities_t, fitted)


def test_a_space_must_be_fitted_and_given_an_embedder_for_meaning() -> None:
    with pytest.raises(ValueError, match="not fitted"):
        TextSpace().terms("water", ["water"])
    with pytest.raises(ValueError, match="needs an embedder"):
        TextSpace().fit(["water"]).meaning("water", ["water"])
