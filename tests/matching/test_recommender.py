"""The recommender contract, shared by PartnerRecommender and the baselines."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, ClassVar

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.exceptions import NotFittedError

from matching import (
    Candidate,
    CountryPopularity,
    Decision,
    PartnerRecommender,
    PastActivity,
    Popularity,
    Query,
    TextSimilarity,
)
from matching.explain import _terms
from matching.reasons import Reason, say
from tests.matching.recommender_data import TOPICS, world

CANDIDATES, HISTORY = world()
IDS = [c.id for c in CANDIDATES]


BUILDERS: list[Any] = [PartnerRecommender, Popularity, CountryPopularity, TextSimilarity]
_FITTED: dict[str, Any] = {}


def fitted(build: Any) -> Any:
    """One fitted model per recommender class, shared by the tests (fitting is the slow bit)."""
    if build.__name__ not in _FITTED:
        _FITTED[build.__name__] = build().fit(CANDIDATES, HISTORY)
    return _FITTED[build.__name__]


@pytest.mark.parametrize("build", BUILDERS, ids=lambda b: b.__name__)
@settings(max_examples=25, deadline=None)
@given(
    text=st.sampled_from([*TOPICS.values(), "", "anything at all"]),
    n=st.integers(min_value=0, max_value=8),
    requester=st.sampled_from([None, *IDS]),
    excluded=st.lists(st.sampled_from(IDS), max_size=3),
)
def test_invariants(
    build: Any, text: str, n: int, requester: str | None, excluded: list[str]
) -> None:
    found = fitted(build).recommend(Query("q", text, requester=requester), n=n, exclude=excluded)
    scores = [r.score for r in found]
    assert scores == sorted(scores, reverse=True)
    assert len(found) <= n
    ids = [r.candidate for r in found]
    assert requester not in ids
    assert not set(ids) & set(excluded)
    assert len(set(ids)) == len(ids)


class RecommenderContract:
    """Behaviour every recommender shares; subclasses only say how to build one."""

    build: ClassVar[Any]

    @pytest.fixture
    def model(self) -> Any:
        return fitted(self.build)

    def test_unfitted_raises(self) -> None:
        with pytest.raises(NotFittedError):
            self.build().recommend(Query("q", "water"))

    def test_fit_returns_self_and_learns_underscore_attributes(self) -> None:
        model = self.build()
        assert model.fit(CANDIDATES, HISTORY) is model
        assert [k for k in vars(model) if k.endswith("_")]

    def test_single_query_gives_a_list_and_a_batch_a_list_of_lists(self, model: Any) -> None:
        single = model.recommend(Query("q", "water"), n=2)
        batch = model.recommend([Query("q", "water"), Query("r", "clinic")], n=2)
        assert len(single) == 2 and all(isinstance(b, list) for b in batch)
        assert [r.candidate for r in batch[0]] == [r.candidate for r in single]


class TestPartnerRecommender(RecommenderContract):
    build = PartnerRecommender

    def test_known_answer_each_topic_finds_its_specialist(self, model: PartnerRecommender) -> None:
        for topic, words in TOPICS.items():
            query = Query(
                f"q-{topic}", words.split()[0] + " " + words.split()[-1], when=date(2020, 1, 1)
            )
            assert model.recommend(query, n=1)[0].candidate == f"{topic}-org"

    def test_parts_add_up_to_the_score_and_evidence_is_given(
        self, model: PartnerRecommender
    ) -> None:
        best = model.recommend(Query("q", "water wells latrines", countries=("KE",)), n=1)[0]
        assert sum(best.parts.values()) == pytest.approx(best.score)
        assert "water" in best.matched_terms or "wells" in best.matched_terms
        assert any("implemented 3 past activities, 3 in KE" in e for e in best.evidence)
        assert tuple(say(r) for r in best.evidence_parts) == best.evidence
        assert Reason("implemented", count=3, counts={"country": 3}, places=("KE",)) in (
            best.evidence_parts
        )

    def test_learned_weights_are_attributes(self, model: PartnerRecommender) -> None:
        assert model.weights_["text"] > 0
        assert model.n_training_pairs_ > 0

    def test_cold_start_uses_default_weights(self) -> None:
        model = PartnerRecommender().fit(
            [Candidate("a", "A", text="water"), Candidate("b", "B")], []
        )
        assert [r.candidate for r in model.recommend(Query("q", "water"), n=2)] == ["a", "b"]

    def test_near_duplicates_do_not_crowd_the_top(self) -> None:
        candidates = [
            Candidate("irri-1", "International Rice Research Institute (IRRI)"),
            Candidate("irri-2", "International Rice Research Institute"),
            Candidate("dfid-1", "Department for International Development"),
            Candidate("dfid-2", "Departement for International Development"),
            Candidate("hq", "Agency", group="agency"),
            Candidate("office", "Agency Kenya Office", group="agency"),
            Candidate("other", "Someone Else"),
        ]
        history = [
            PastActivity(f"a-{c.id}", "rice seeds", start=date(2018, 1, 1), implementers=(c.id,))
            for c in candidates[:-1]
        ]
        model = PartnerRecommender().fit(candidates, history)
        ids = [r.candidate for r in model.recommend(Query("q", "rice seeds"), n=4)]
        assert len(ids) == 4 and "other" in ids
        assert len({i.split("-")[0] for i in ids if i != "other"} | ({"hq"} & set(ids))) == 3

    def test_exposure_cap_spreads_a_batch(self, model: PartnerRecommender) -> None:
        queries = [Query(f"q{i}", "general support coordination") for i in range(4)]
        free = model.recommend(queries, n=2)
        capped = model.recommend(queries, n=2, max_exposure=2)
        shown_free = Counter(r.candidate for found in free for r in found)
        shown_capped = Counter(r.candidate for found in capped for r in found)
        assert max(shown_free.values()) == 4
        assert max(shown_capped.values()) <= 2
        assert all(len(found) == 2 for found in capped)

    def test_decisions_teach_the_weights(self) -> None:
        query = Query("d", "general support coordination water", countries=("KE",))
        decisions = [Decision(query, "water-org", True), Decision(query, "big-agency", False)] * 5
        model = PartnerRecommender().fit(CANDIDATES, HISTORY, decisions=decisions)
        assert model.recommend(query, n=1)[0].candidate == "water-org"

    def test_the_ranking_of_everyone_is_the_full_list_without_its_explanations(self) -> None:
        query = Query("d", TOPICS["water"], countries=("KE",), requester="health-org")
        decisions = [Decision(query, "water-org", True), Decision(query, "big-agency", False)]
        model = PartnerRecommender().fit(CANDIDATES, HISTORY, decisions=decisions)
        full = model.recommend(query, n=len(CANDIDATES))
        ranking = model.ranking(query)
        assert ranking == [(r.candidate, r.score) for r in full]
        assert ranking[0][0] == "water-org" and "big-agency" not in dict(ranking)

    def test_duplicate_candidate_ids_are_refused(self) -> None:
        with pytest.raises(ValueError, match="'a' appears more than once"):
            PartnerRecommender().fit([Candidate("a", "A"), Candidate("a", "A2")], [])

    def test_a_short_list_finds_what_exact_scoring_finds(self) -> None:
        # One candidate per cheap signal: exact scoring still agrees on the best one.
        short = PartnerRecommender(shortlist=1).fit(CANDIDATES, HISTORY)
        exact = PartnerRecommender(shortlist=None).fit(CANDIDATES, HISTORY)
        for words in TOPICS.values():
            query = Query("q", words, when=date(2020, 1, 1))
            best = [model.recommend(query, n=1)[0] for model in (short, exact)]
            assert best[0].candidate == best[1].candidate
            assert best[0].score == pytest.approx(best[1].score)

    def test_a_short_list_that_runs_dry_falls_back_to_everyone(self) -> None:
        model = PartnerRecommender(shortlist=1).fit(CANDIDATES, HISTORY)
        query = Query("q", TOPICS["water"], requester="health-org")
        found = model.recommend(query, n=1, exclude=["water-org", "big-agency"])
        assert len(found) == 1 and found[0].candidate not in {"water-org", "big-agency"}

    def test_an_activity_never_scores_itself_in_training(self) -> None:
        # One activity only: nothing else is visible to it, so nothing can be learned.
        single = [PastActivity("x", "water", start=date(2018, 1, 1), implementers=("water-org",))]
        assert PartnerRecommender().fit(CANDIDATES, single).n_training_pairs_ == 0


class TestPopularity(RecommenderContract):
    build = Popularity


class TestCountryPopularity(RecommenderContract):
    build = CountryPopularity


class TestTextSimilarity(RecommenderContract):
    build = TextSimilarity


def test_matched_terms_of_candidates_explained_together_are_each_their_own() -> None:
    signals = fitted(PartnerRecommender).signals_
    words = signals.texts.index.words(["water wells latrines clinics nurses teachers classrooms"])
    slot = np.full(signals.texts.word.shape[1], -1, dtype=np.int64)
    slot[words.indices] = np.arange(words.indices.size)
    track = signals.track.by_candidate
    columns = list(range(len(signals.candidates)))
    records = [track.indices[track.indptr[c] : track.indptr[c + 1]] for c in columns]
    together = _terms(signals, columns, records, words, slot)
    alone = [
        _terms(signals, [c], [r], words, slot)[0] for c, r in zip(columns, records, strict=True)
    ]
    assert together == alone
    assert len({tuple(terms) for terms in together}) > 2  # topics differ, so do their terms
