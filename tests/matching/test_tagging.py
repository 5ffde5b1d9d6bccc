"""Auto-tagging with GCM objectives, seeded from the hub's own objective vocabulary."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer

from hub.domain.taxonomy import OBJECTIVES
from matching.tagging import Agreement, ObjectiveTagger, _CharacterNgrams, agreement

SEEDS = {o.number: (o.label, o.title, *o.keywords) for o in OBJECTIVES}
UNRELATED = "quarterly IT maintenance of office printers"


@pytest.fixture(scope="module")
def tagger() -> ObjectiveTagger:
    return ObjectiveTagger().fit(SEEDS)


@pytest.fixture(scope="module")
def permissive() -> ObjectiveTagger:
    """Suggests every objective, so that ranking invariants are checked on full lists."""
    return ObjectiveTagger(min_confidence=0.0).fit(SEEDS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We need help with assisted voluntary return and reintegration of returnees", 21),
        ("reduce the cost of remittances / mobile money", 20),
        ("lutte contre la traite des personnes", 10),
        ("registro civil e identidad legal", 4),
        ("العودة وإعادة الإدماج", 21),
        ("remitances transfr costs", 20),
    ],
)
def test_first_suggestion_is_the_objective_the_text_is_about(
    tagger: ObjectiveTagger, text: str, expected: int
) -> None:
    first = tagger.suggest(text)[0]
    assert first.objective == expected
    assert first.confidence > 0.5


def test_unrelated_text_gets_no_suggestion(tagger: ObjectiveTagger) -> None:
    assert tagger.confidences([UNRELATED]).max() < tagger.min_confidence
    assert tagger.suggest(UNRELATED) == []


def test_long_text_about_two_objectives_suggests_both(permissive: ObjectiveTagger) -> None:
    text = (
        "Le projet vise à renforcer la gestion des frontières et la lutte contre le trafic"
        " de migrants au Niger, en formant les agents de police aux frontières."
    )
    assert [s.objective for s in permissive.suggest(text, top=2)] == [11, 9]


@given(text=st.text(max_size=200), top=st.integers(1, 30))
def test_suggestions_are_ranked_distinct_objectives(
    permissive: ObjectiveTagger, text: str, top: int
) -> None:
    suggestions = permissive.suggest(text, top)
    confidences = [s.confidence for s in suggestions]
    objectives = [s.objective for s in suggestions]
    assert len(suggestions) == min(top, 23)
    assert confidences == sorted(confidences, reverse=True)
    assert all(0.0 <= c <= 1.0 for c in confidences)
    assert len(set(objectives)) == len(objectives)
    assert set(objectives) <= set(range(1, 24))


def test_batch_and_single_suggestions_agree(tagger: ObjectiveTagger) -> None:
    texts = ["cheaper remittances", UNRELATED, "", "trata de personas"]
    assert tagger.suggest_many(texts, top=3) == [tagger.suggest(t, top=3) for t in texts]


def test_tagged_examples_teach_new_vocabulary() -> None:
    request = "funding for zorblaxing in transit centres"
    examples = [
        "zorblaxing sessions for families on the move",
        "weekly zorblaxing with trained facilitators",
        "community zorblaxing for new arrivals",
    ]
    before = ObjectiveTagger(min_confidence=0.0).fit(SEEDS)
    after = ObjectiveTagger(min_confidence=0.0).fit(SEEDS, examples, [{7}] * len(examples))
    assert before.suggest(request)[0].objective != 7
    assert after.suggest(request)[0].objective == 7


def test_character_ngrams_match_sklearn_char_wb() -> None:
    """Counting per distinct word is only a speed-up: the features are sklearn's own."""
    documents = [
        "Réintégration  des migrants de retour",
        "remittances",
        "العودة وإعادة الإدماج",
        "",
    ]
    queries = ["retour volontaire et réintégration", "", "remitances remitances", "x"]
    reference = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), strip_accents="unicode", sublinear_tf=True
    ).fit(documents)
    ours = _CharacterNgrams().fit(documents)
    for texts in (documents, queries):
        assert np.allclose(ours.transform(texts).toarray(), reference.transform(texts).toarray())


def test_unfitted_tagger_raises_not_fitted() -> None:
    with pytest.raises(NotFittedError):
        ObjectiveTagger().suggest("remittances")
    with pytest.raises(NotFittedError):
        ObjectiveTagger().suggest_many(["remittances"])


@pytest.mark.parametrize(
    ("seeds", "labels", "culprit"),
    [
        ({**SEEDS, 24: ("Space migration",)}, [{20}], "24"),
        ({**SEEDS, 0: ("Nothing",)}, [{20}], "0"),
        (SEEDS, [{20, 99}], "99"),
        (SEEDS, [{True}], "True"),
    ],
)
def test_unknown_objective_numbers_are_named(
    seeds: dict[int, tuple[str, ...]], labels: list[set[int]], culprit: str
) -> None:
    with pytest.raises(ValueError, match=f"objective {culprit} "):
        ObjectiveTagger().fit(seeds, ["cheaper remittances"], labels)


def test_invalid_inputs_are_rejected(tagger: ObjectiveTagger) -> None:
    with pytest.raises(ValueError, match="2 texts but 1 label sets"):
        ObjectiveTagger().fit(SEEDS, ["a", "b"], [{1}])
    with pytest.raises(ValueError, match="min_confidence"):
        ObjectiveTagger(min_confidence=1.5).fit(SEEDS)
    with pytest.raises(ValueError, match="top"):
        tagger.suggest("remittances", top=0)
    with pytest.raises(TypeError, match="single string"):
        tagger.suggest_many("remittances")


def test_agreement_counts_hits_among_the_first_k(tagger: ObjectiveTagger) -> None:
    texts = ["assisted voluntary return", "cheaper remittances", UNRELATED]
    chosen = [{21}, {1, 20}, {3}]
    measured = agreement(tagger, texts, chosen, k=3)
    assert measured == pytest.approx(Agreement(2 / 3, (1 + 0.5 + 0) / 3, 2 / 3, 3))
    with pytest.raises(ValueError, match=r"texts \[0\] have no objectives"):
        agreement(tagger, ["remittances"], [set()])
