"""Word similarity across languages: which language a text is in, and the line from
meaning to word similarity that stands in where two texts' languages differ."""

import json
from datetime import date
from pathlib import Path

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from matching import Candidate, PartnerRecommender, PastActivity, Query
from matching.crosslingual import Bridge
from matching.languages import written_in

TRANSLATED = Path(__file__).resolve().parents[1] / "data" / "multilingual-requests.json"
LANGUAGES = ("ar", "en", "es", "fr")


def test_every_translation_of_the_test_requests_is_recognised_in_its_language() -> None:
    requests = json.loads(TRANSLATED.read_text(encoding="utf-8"))["requests"]
    for lang in LANGUAGES:
        assert written_in([r[lang][1] for r in requests]) == [lang] * len(requests)


@given(st.text(alphabet=st.characters(categories=("Nd", "P", "Zs"))))
def test_a_text_without_words_is_of_no_language(text: str) -> None:
    assert written_in([text]) == [None]


def test_unknown_languages_are_never_apart() -> None:
    found = Bridge(("en", "fr", None)).apart(["en", None, "ar"])
    assert found.tolist() == [[False, True, False], [False, False, False], [True, True, False]]


def test_the_line_is_fitted_on_same_language_pairs_only() -> None:
    languages = ["fr", "en", "en", "en", "en", "en", "en", "en", "en", None]
    meaning = np.linspace(0.0, 1.0, 100, dtype=np.float32).reshape(10, 10)
    words = np.float32(0.1) + np.float32(0.5) * meaning
    words[0] = words[:, 0] = words[:, 9] = 9.0  # French and unknown: not evidence
    bridge = Bridge.fit(languages, words, meaning)
    assert np.isclose(bridge.intercept, 0.1) and np.isclose(bridge.slope, 0.5)
    filled = bridge.fill(words[:3], meaning[:3], ["fr", "en", "es"])
    assert np.allclose(filled[0, 1:9], 0.1 + 0.5 * meaning[0, 1:9])
    assert filled[0, 0] == 9.0 and np.all(filled[:, 9] == 9.0)  # same or unknown language
    assert np.array_equal(filled[1, 1:9], words[1, 1:9])
    assert np.allclose(filled[2, :9], 0.1 + 0.5 * meaning[2, :9])


def test_no_line_from_few_pairs_or_from_words_that_fall_with_meaning() -> None:
    languages = ["en"] * 10
    meaning = np.linspace(0.0, 1.0, 100, dtype=np.float32).reshape(10, 10)
    assert Bridge.fit(languages, 1.0 - meaning, meaning).slope == 0.0
    assert Bridge.fit(["en"] * 4 + [None] * 6, meaning, meaning).slope == 0.0  # 12 pairs
    assert np.all(Bridge(("fr",) * 10).fill(meaning, meaning, ["en"] * 10) == 0.0)


_PROFILES = {
    "trafficking-a": "Training border police to identify victims of human trafficking.",
    "trafficking-b": "Shelters and legal aid for the victims of trafficking in persons.",
    "water-a": "Drilling boreholes and building latrines in the rural villages.",
    "water-b": "Water supply, latrines and hygiene for the displaced families.",
    "schools-a": "Building classrooms and training the teachers of primary schools.",
    "schools-b": "School meals and teachers for the children of migrants.",
}


def test_a_translation_gets_the_word_similarity_its_meaning_predicts() -> None:
    """Against profiles; the same bridge stands in for the word similarity to the
    history (`test_a_translation_finds_the_history_by_predicted_word_similarity`)."""
    candidates = [Candidate(org, org, text=text) for org, text in _PROFILES.items()]
    model = PartnerRecommender().fit(candidates, [])
    english = Query("en", "Training for the police to identify the victims of trafficking.")
    arabic = Query("ar", "تدريب الشرطة على تحديد ضحايا الاتجار بالبشر.")
    words_only = PartnerRecommender(dense=False).fit(candidates, [])
    batch = model.signals_.batch([english, arabic])
    profile, meaning = batch.candidates["profile"], batch.candidates["dense_profile"]
    # English against English profiles: the word similarity, as without the bridge.
    assert np.array_equal(profile[0], words_only.signals_.batch([english]).candidates["profile"][0])
    bridge = model.signals_.texts.profile_bridge
    assert bridge.slope > 0
    assert np.allclose(profile[1], np.maximum(bridge.intercept + bridge.slope * meaning[1], 0))
    assert np.argmax(profile[1]) in (0, 1)


def test_a_translation_finds_the_history_by_predicted_word_similarity() -> None:
    candidates = [Candidate(org, org) for org in _PROFILES]
    history = [
        PastActivity(f"{org}-{year}", text, start=date(year, 1, 1), implementers=(org,))
        for org, text in _PROFILES.items()
        for year in (2017, 2018)
    ]
    model = PartnerRecommender().fit(candidates, history)
    spanish = Query("es", "Formación de la policía para identificar a las víctimas de la trata.")
    batch = model.signals_.batch([spanish])
    bridge = model.signals_.texts.text_bridge
    assert bridge.slope > 0
    assert np.allclose(
        batch.activities["text"],
        np.maximum(bridge.intercept + bridge.slope * batch.activities["dense"], 0),
    )
    assert model.recommend(spanish, n=1)[0].candidate.startswith("trafficking")
