"""The multilingual embeddings: one meaning, four languages, close rows."""

from __future__ import annotations

import numpy as np
import pytest

from matching.embedding import Kind, Model, TextEmbedder, embedder

# The same request in English, French, Spanish and Arabic, then unrelated texts.
TRAFFICKING = [
    "We need help to fight human trafficking along the border with Chad.",
    "Nous avons besoin d'aide pour lutter contre la traite des êtres humains à la frontière"
    " avec le Tchad.",
    "Necesitamos ayuda para combatir la trata de personas en la frontera con Chad.",
    "نحتاج إلى مساعدة لمكافحة الاتجار بالبشر على الحدود مع تشاد.",
]
REMITTANCES = [
    "Lowering the cost of sending remittances home through mobile money.",
    "Réduire le coût des envois de fonds vers le pays d'origine grâce à l'argent mobile.",
    "Reducir el costo de enviar remesas al país de origen mediante dinero móvil.",
    "خفض تكلفة إرسال التحويلات المالية إلى الوطن عبر الهاتف المحمول.",
]
FOOTBALL = "The football match ended in a draw after extra time."


@pytest.fixture(params=list(Model), ids=str)
def model(request: pytest.FixtureRequest) -> Model:
    return Model(request.param)


def test_a_translation_is_closer_than_another_topic_in_the_same_language(model: Model) -> None:
    rows = TextEmbedder(model).embed([*TRAFFICKING, *REMITTANCES, FOOTBALL])
    similarity = rows @ rows.T
    for language in range(4):
        for other in range(4):
            if language != other:
                same = similarity[language, other]
                assert same > similarity[language, 4 + language]
                assert same > similarity[language, 8]
                assert similarity[4 + language, 4 + other] > similarity[4 + language, language]


def test_rows_are_unit_length_float32(model: Model) -> None:
    rows = TextEmbedder(model).embed([*TRAFFICKING, "", "x" * 5000])
    assert rows.dtype == np.float32
    assert rows.shape == (6, TextEmbedder(model).dim)
    np.testing.assert_allclose(np.linalg.norm(rows[[0, 1, 2, 3, 5]], axis=1), 1.0, rtol=1e-5)


def test_cached_rows_are_identical_and_callers_get_copies() -> None:
    shared = TextEmbedder(cache_size=2)
    first = shared.embed(TRAFFICKING[:2])
    again = shared.embed([TRAFFICKING[1], TRAFFICKING[0], TRAFFICKING[1]])
    assert np.array_equal(again, first[[1, 0, 1]])
    np.testing.assert_allclose(TextEmbedder().embed(TRAFFICKING[:1])[0], first[0], atol=1e-5)
    again[:] = 0.0  # a caller's copy: changing it leaves the cache alone
    assert np.array_equal(shared.embed(TRAFFICKING[:2]), first)
    assert len(shared._cache) == 2
    shared.embed(REMITTANCES[:3])
    assert len(shared._cache) == 2  # bounded: the oldest rows went out


def test_long_texts_are_cut_at_a_space_before_max_chars() -> None:
    head = " ".join(["migrant workers need fair recruitment"] * 10)
    short = TextEmbedder(max_chars=len(head) + 1)
    long_text = f"{head} {'and football scores ' * 200}"
    assert np.array_equal(short.embed([long_text]), short.embed([head]))


def test_e5_queries_and_passages_differ_and_use_ignores_the_kind() -> None:
    e5 = TextEmbedder(Model.E5)
    assert not np.allclose(e5.embed(TRAFFICKING[:1], Kind.QUERY), e5.embed(TRAFFICKING[:1]))
    use = TextEmbedder(Model.USE)
    assert np.array_equal(use.embed(TRAFFICKING[:1], Kind.QUERY), use.embed(TRAFFICKING[:1]))


def test_the_shared_embedder_is_one_per_model_and_refuses_a_lone_string() -> None:
    assert embedder() is embedder(Model.USE)
    assert embedder(Model.E5) is not embedder()
    assert embedder().embed([]).shape == (0, 512)
    with pytest.raises(TypeError, match="single string"):
        embedder().embed(TRAFFICKING[0])
