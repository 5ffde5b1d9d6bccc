"""The multilingual signals: a request meets the history and profiles in other languages."""

from datetime import date

import numpy as np

from matching import Candidate, PartnerRecommender, PastActivity, Query
from matching.dense import DenseIndex, Embedded
from matching.stopwords import is_stop_phrase
from tests.encoding_support import encoded
from tests.matching.recommender_data import world

__all__ = ["encoded"]

_ENGLISH_HISTORY = {
    "trafficking-org": "Training border police and prosecutors to identify victims of human"
    " trafficking and refer them to shelters",
    "wash-org": "Drilling boreholes and building latrines for rural villages",
    "schools-org": "Building classrooms and training primary school teachers",
}


def _history() -> tuple[list[Candidate], list[PastActivity]]:
    candidates = [Candidate(org, org) for org in _ENGLISH_HISTORY]
    history = [
        PastActivity(f"{org}-{year}", text, start=date(year, 1, 1), implementers=(org,))
        for org, text in _ENGLISH_HISTORY.items()
        for year in (2016, 2017, 2018)
    ]
    return candidates, history


def test_a_french_or_arabic_request_finds_the_english_history_of_who_did_the_work() -> None:
    candidates, history = _history()
    requests = [
        "Former la police des frontières à identifier les victimes de la traite des personnes",
        "تدريب شرطة الحدود على تحديد ضحايا الاتجار بالبشر",
    ]
    dense = PartnerRecommender(dense=True).fit(candidates, history)
    words = PartnerRecommender(dense=False).fit(candidates, history)
    for text in requests:
        found = dense.recommend(Query("q", text), n=3)
        assert found[0].candidate == "trafficking-org"
        assert found[0].parts["dense"] > 0
        assert found[0].score > found[1].score
    # Word signals alone cannot tell the partners apart in a script the history lacks.
    tied = words.recommend(Query("q", requests[1]), n=3)
    assert len({round(r.score, 6) for r in tied}) == 1


def test_profiles_score_their_closest_part_and_empty_profiles_and_requests_score_nothing() -> None:
    index = DenseIndex(
        [], ["Remittances and mobile money\nPrimary school teachers", "", "Mobile money"]
    )
    rows = index.queries(["Transferts de fonds par argent mobile", "   "])
    close = index.to_profiles(rows)
    assert close[0, 0] > 0.3 and close[0, 1] == 0.0 and close[0, 2] > 0.3
    assert np.all(rows[1] == 0) and np.all(close[1] == 0)


def test_matched_terms_never_show_stop_words_in_any_working_language() -> None:
    texts = {
        "ar": "الحماية في مراكز الاستقبال في المدن",
        "fr": "la protection des enfants dans les centres de la ville",
        "es": "la protección de los niños en los centros de la ciudad",
    }
    candidates = [
        Candidate(f"org-{lang}", f"Org {lang}", text=text) for lang, text in texts.items()
    ]
    model = PartnerRecommender().fit(candidates, [])
    for lang, text in texts.items():
        found = model.recommend(Query("q", text), n=3)
        terms = [t for r in found for t in r.matched_terms]
        assert terms and not any(is_stop_phrase(t) for t in terms), (lang, terms)
        assert "في" not in terms and "la" not in terms


def test_the_dense_signals_do_not_change_which_pairs_the_features_describe() -> None:
    candidates, history = world()
    model = PartnerRecommender(dense=True).fit(candidates, history)
    batch = model.signals_.batch([Query("a", "puits et latrines", countries=("KE",))])
    assert batch.activities["dense"].shape == (1, len(history))
    assert batch.candidates["dense_profile"].shape == (1, len(candidates))


def test_rows_embedded_before_are_taken_and_only_new_texts_are_encoded(
    encoded: list[str],
) -> None:
    before = DenseIndex(list(_ENGLISH_HISTORY.values()), ["Shelters\nBorder police"])
    assert len(encoded) == 5
    new = "Vocational training for returning migrant workers"
    encoded.clear()
    after = DenseIndex(
        [new, *_ENGLISH_HISTORY.values()],
        ["Border police\nLatrines"],
        known=Embedded(before.tables()),
    )
    assert encoded == [new, "Latrines"]
    np.testing.assert_array_equal(after.activities_t[:, 1:], before.activities_t)
    np.testing.assert_array_equal(after.parts_t[:, 0], before.parts_t[:, 1])
    np.testing.assert_allclose(after.activities_t[:, 0], after.passages([new])[0], atol=1e-6)
