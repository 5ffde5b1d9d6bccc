"""The multilingual tagger: one request, four languages, the same objectives."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from hub.matchmaking.tagging import DESCRIPTIONS_PATH, descriptions, keywords
from matching.multilingual_tagging import MultilingualTagger

DEMO = Path(__file__).resolve().parents[2] / "hub" / "demo" / "hub.json"

# Our own paragraph, in the four languages: a counter-trafficking request.
TRAFFICKING = {
    "en": "Criminal networks in our border region traffic women and children into forced labour"
    " and sexual exploitation. We ask for help to prosecute the traffickers and to protect"
    " and assist the survivors.",
    "fr": "Dans notre région frontalière, des réseaux criminels livrent des femmes et des enfants"
    " au travail forcé et à l'exploitation sexuelle. Nous demandons de l'aide pour poursuivre"
    " les trafiquants et protéger et assister les survivants.",
    "es": "En nuestra región fronteriza, redes criminales someten a mujeres y niños a trabajo"
    " forzoso y explotación sexual. Pedimos ayuda para enjuiciar a los tratantes y proteger"
    " y asistir a las sobrevivientes.",
    "ar": "في منطقتنا الحدودية تتاجر شبكات إجرامية بالنساء والأطفال في العمل القسري والاستغلال"
    " الجنسي. نطلب المساعدة في ملاحقة المتاجرين بالبشر وحماية الناجين ومساعدتهم.",
}
# A longer request, as people write them.
MOBILE_MONEY = {
    "en": "Migrant workers pay high fees to send money to their families. We want cheaper and"
    " faster remittance transfers through mobile money, and savings accounts for the families"
    " who receive them.",
    "fr": "Les travailleurs migrants paient des frais élevés pour envoyer de l'argent à leur"
    " famille. Nous voulons des transferts de fonds moins chers et plus rapides par l'argent"
    " mobile, et des comptes d'épargne pour les familles qui les reçoivent.",
    "es": "Los trabajadores migrantes pagan comisiones altas para enviar dinero a sus familias."
    " Queremos remesas más baratas y rápidas mediante dinero móvil, y cuentas de ahorro para las"
    " familias que las reciben.",
    "ar": "يدفع العمال المهاجرون رسوما مرتفعة لإرسال الأموال إلى أسرهم. نريد تحويلات مالية أرخص"
    " وأسرع عبر الأموال عبر الهاتف المحمول، وحسابات ادخار للأسر التي تتلقاها.",
}
REMITTANCES = {
    "en": "Lower the cost of sending money home and help migrants' families open bank accounts.",
    "fr": "Réduire le coût des envois d'argent au pays et aider les familles de migrants à"
    " ouvrir des comptes bancaires.",
    "es": "Reducir el costo de enviar dinero a casa y ayudar a las familias migrantes a abrir"
    " cuentas bancarias.",
    "ar": "خفض تكلفة إرسال الأموال إلى الوطن ومساعدة أسر المهاجرين على فتح حسابات مصرفية.",
}
UNRELATED = ["The football match ended in a draw after extra time.", "printer toner order"]


@pytest.fixture(scope="module")
def tagger() -> MultilingualTagger:
    return MultilingualTagger().fit(descriptions(), keywords=keywords())


@pytest.fixture(scope="module")
def demo_examples() -> tuple[list[str], list[set[int]]]:
    document = json.loads(DEMO.read_text(encoding="utf-8"))
    tagged = [r for r in [*document["requests"], *document["offers"]] if r["objectives"]]
    return [f"{r['title']}\n{r['text']}" for r in tagged], [set(r["objectives"]) for r in tagged]


def test_descriptions_cover_every_objective_in_four_languages_and_name_their_source() -> None:
    document = json.loads(DESCRIPTIONS_PATH.read_text(encoding="utf-8"))
    assert "A/RES/73/195" in document["source"]
    assert sorted(map(int, document["objectives"])) == list(range(1, 24))
    for number, by_language in document["objectives"].items():
        assert sorted(by_language) == ["ar", "en", "es", "fr"], number
        assert len({len(sentences) for sentences in by_language.values()}) == 1, number


@pytest.mark.parametrize(
    ("texts", "objective", "rank"),
    # Trafficking survivors are also migrants in vulnerable situations (objective 7): in
    # Spanish the two come out nearly tied, so it is held to the first two there.
    [
        (TRAFFICKING, 10, 2),
        (MOBILE_MONEY, 20, 1),
        pytest.param(
            REMITTANCES,
            20,
            3,
            marks=pytest.mark.xfail(
                strict=True,
                reason="known weakness: on one short sentence USE follows wording ('aider les"
                " migrants à' is objective 4's phrasing) more than meaning in French and Arabic",
            ),
        ),
    ],
)
def test_every_language_finds_the_same_objective(
    tagger: MultilingualTagger, texts: dict[str, str], objective: int, rank: int
) -> None:
    for language, text in texts.items():
        found = [s.objective for s in tagger.suggest(text, top=3)]
        assert objective in found[:rank], (language, found)


def test_text_without_migration_content_gets_nothing(tagger: MultilingualTagger) -> None:
    assert tagger.suggest_many(UNRELATED) == [[], []]


def test_a_vague_migration_text_gets_its_best_guesses_flagged_unsure(
    tagger: MultilingualTagger,
) -> None:
    found = tagger.suggest("We would like to talk with partners about migration.", top=3)
    # Only its close seconds join the best guess: padding to three would make the sets of
    # a request's translations differ whenever one of them is sure and another is not.
    assert 1 <= len(found) <= 3
    assert all(s.unsure for s in found)
    assert all(s.confidence < tagger.min_confidence for s in found)


def test_learning_from_english_examples_keeps_an_arabic_text_on_its_objective(
    tagger: MultilingualTagger, demo_examples: tuple[list[str], list[set[int]]]
) -> None:
    learned = MultilingualTagger().fit(descriptions(), *demo_examples, keywords())
    column = list(tagger.objectives_).index(10)
    before = tagger.confidences([TRAFFICKING["ar"]])[0, column]
    after = learned.confidences([TRAFFICKING["ar"]])[0, column]
    # The demo's closest examples are about vulnerable migrants (7), which rises; the
    # trafficking objective keeps most of its confidence (the keyword tagger's fell from
    # 0.64 to 0.08) and stays among the first two.
    assert after >= 0.75 * before
    ranked = learned.objectives_[np.argsort(-learned.confidences([TRAFFICKING["ar"]])[0])]
    assert 10 in ranked[:2]


def test_one_example_moves_a_text_at_most_by_its_share() -> None:
    """Shrinkage: one example weighs at most 1 / (1 + example_pull) against the prior."""
    mistaken = "Mobile money transfers so that workers abroad can support their families."
    prior = MultilingualTagger().fit(descriptions())
    wrong = MultilingualTagger().fit(descriptions(), [mistaken], [{4}])
    texts = [*MOBILE_MONEY.values(), *TRAFFICKING.values()]
    moved = wrong.confidences(texts) - prior.confidences(texts)
    bound = 1 / (1 + wrong.example_pull)
    assert np.abs(moved).max() <= bound + 1e-9
    assert moved[:4, list(wrong.objectives_).index(4)].min() > 0  # it does move toward 4


def test_many_close_examples_move_the_tagger(tagger: MultilingualTagger) -> None:
    texts = [f"{MOBILE_MONEY['en']} Phase {n}." for n in range(20)]
    taught = MultilingualTagger().fit(descriptions(), texts, [{19}] * 20, keywords())
    assert taught.suggest(MOBILE_MONEY["fr"], top=1)[0].objective == 19


@settings(max_examples=25, deadline=None)
@given(text=st.text(max_size=120), top=st.integers(1, 30))
def test_suggestions_are_ranked_distinct_objectives(
    tagger: MultilingualTagger, text: str, top: int
) -> None:
    suggestions = tagger.suggest(text, top)
    confidences = [s.confidence for s in suggestions]
    objectives = [s.objective for s in suggestions]
    assert len(suggestions) <= min(top, 23)
    assert confidences == sorted(confidences, reverse=True)
    assert all(0.0 <= c <= 1.0 for c in confidences)
    assert len(set(objectives)) == len(objectives) and set(objectives) <= set(range(1, 24))


@settings(max_examples=25, deadline=None)
@given(
    text=st.sampled_from([*TRAFFICKING.values(), *MOBILE_MONEY.values(), *UNRELATED]),
    top=st.integers(1, 30),
)
def test_more_lists_the_next_best_after_what_a_text_gets(
    tagger: MultilingualTagger, text: str, top: int
) -> None:
    gets = tagger.suggest(text, top)
    listed = tagger.suggest(text, top, more=True)
    assert listed[: len(gets)] == gets and all(s.chosen for s in gets)
    rest = listed[len(gets) :]
    assert not any(s.chosen for s in rest)
    assert [s.confidence for s in rest] == sorted((s.confidence for s in rest), reverse=True)
    objectives = [s.objective for s in listed]
    assert len(set(objectives)) == len(objectives)
    # A text about migration lists `top`; another keeps only what it gets (nothing).
    assert len(listed) == (0 if text in UNRELATED else min(top, 23))


def test_batch_and_single_suggestions_agree(tagger: MultilingualTagger) -> None:
    texts = [TRAFFICKING["fr"], UNRELATED[0], "", MOBILE_MONEY["ar"]]
    batch = tagger.suggest_many(texts, top=3)
    for text, found in zip(texts, batch, strict=True):
        single = tagger.suggest(text, top=3)
        assert [s.objective for s in single] == [s.objective for s in found]
        np.testing.assert_allclose(
            [s.confidence for s in single], [s.confidence for s in found], rtol=1e-5
        )


TRANSLATED = Path(__file__).resolve().parents[1] / "data" / "multilingual-requests.json"


def _jaccard(first: set[int], second: set[int]) -> float:
    return len(first & second) / len(first | second) if first | second else 1.0


@pytest.fixture(scope="module")
def translated_sets(tagger: MultilingualTagger) -> dict[str, list[set[int]]]:
    """Every request of the test file, in each language, as the set a person sees."""
    requests = json.loads(TRANSLATED.read_text(encoding="utf-8"))["requests"]
    return {
        language: [
            {s.objective for s in found}
            for found in tagger.suggest_many(
                ["\n".join(request[language]) for request in requests], top=3
            )
        ]
        for language in ("en", "fr", "es", "ar")
    }


@pytest.mark.parametrize("language", ["fr", "es", "ar"])
def test_translations_get_the_english_objective_set(
    translated_sets: dict[str, list[set[int]]], language: str
) -> None:
    """Issue 13's goal, over every request of the file: mean Jaccard with English >= 0.7."""
    overlaps = [
        _jaccard(mine, english)
        for mine, english in zip(translated_sets[language], translated_sets["en"], strict=True)
    ]
    assert np.mean(overlaps) >= 0.7, overlaps


evidence_rows = st.lists(
    st.lists(st.floats(0.01, 1.0), min_size=23, max_size=23), min_size=1, max_size=4
).map(np.array)


@settings(max_examples=50, deadline=None)
@given(meant=evidence_rows, scale=st.floats(0.05, 1.0))
def test_the_set_depends_on_the_shape_of_the_evidence_not_its_scale(
    tagger: MultilingualTagger, meant: np.ndarray, scale: float
) -> None:
    """A language the encoder places further from every description scales the evidence
    down; with the keyword part scaled alike, the same objectives are chosen, always the
    best one among them."""
    worded = np.clip(meant[::-1] * 0.4, 0, tagger.keyword_bar * 0.99)
    evidence = (1 - tagger.set_keyword_weight) * meant + tagger.set_keyword_weight * worded
    edge = evidence - tagger.set_ratio * evidence.max(axis=1, keepdims=True)
    assume(np.abs(edge).min() > 1e-9)  # rounding may tip a value exactly on the edge
    chosen = tagger.chosen(meant, worded)
    assert np.array_equal(chosen, tagger.chosen(meant * scale, worded * scale))
    assert chosen[np.arange(len(meant)), evidence.argmax(axis=1)].all()
