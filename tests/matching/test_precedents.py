"""Decisions as precedents: what was accepted and turned down for requests like this one."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.precedents import Precedents
from matching.profiles import Decision, Query
from matching.recommender import PartnerRecommender
from matching.text import TextIndex
from tests.matching.recommender_data import TOPICS, world

IDS = ["water-org", "schools-org", "big-agency"]
BIG = IDS.index("big-agency")


def _index() -> TextIndex:
    index = TextIndex()
    index.fit(list(TOPICS.values()), [])
    return index


INDEX = _index()


def _asked(n: int, topic: str, country: str = "KE") -> Query:
    return Query(f"{topic}-{country}-{n}", TOPICS[topic], countries=(country,))


def _votes(decisions: list[Decision], queries: list[Query], neighbours: int = 10) -> np.ndarray:
    found = Precedents(IDS, decisions, INDEX, None, neighbours)
    return found.on(queries, INDEX.words([q.text for q in queries]))


NEW_WATER, NEW_SCHOOLS = _asked(99, "water"), _asked(99, "schools")


def test_a_partner_accepted_for_one_kind_and_rejected_for_another_follows_the_request() -> None:
    decisions = [Decision(_asked(n, "water"), "big-agency", True) for n in range(3)] + [
        Decision(_asked(n, "schools"), "big-agency", False, "wrong_expertise") for n in range(3)
    ]
    found = _votes(decisions, [NEW_WATER, NEW_SCHOOLS])
    assert found[0, BIG] > 0 > found[1, BIG]
    assert not found[:, :BIG].any()


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(sorted(TOPICS)), st.sampled_from(IDS), st.booleans()),
        max_size=12,
    )
)
def test_as_many_accepts_as_rejects_of_a_partner_on_each_request_cancel(
    picks: list[tuple[str, str, bool]],
) -> None:
    # A coin-tossing coordinator on average: every accept has its reject beside it.
    decisions = [
        Decision(_asked(n, topic, "KE" if place else "NP"), candidate, accepted, reason)
        for n, (topic, candidate, place) in enumerate(picks)
        for accepted, reason in ((True, None), (False, "wrong_expertise"))
    ]
    assert not _votes(decisions, [NEW_WATER, NEW_SCHOOLS]).any()


def test_a_region_reject_counts_only_where_the_places_match() -> None:
    rejects = [Decision(_asked(n, "water"), "big-agency", False, "not_in_region") for n in range(3)]
    elsewhere = _asked(99, "water", "NP")
    found = _votes(rejects, [NEW_WATER, elsewhere])
    assert found[0, BIG] < 0
    assert found[1, BIG] == 0


def test_what_says_nothing_about_the_fit_casts_no_vote() -> None:
    decisions = [
        Decision(_asked(0, "water"), "big-agency", False, "no_capacity"),
        Decision(_asked(1, "water"), "big-agency", False, "conflict_of_interest"),
        Decision(_asked(2, "water"), "somebody-unknown", True),
    ]
    assert not _votes(decisions, [NEW_WATER]).any()


def test_a_requests_own_decisions_do_not_vote_on_it() -> None:
    asked = _asked(0, "water")
    assert not _votes([Decision(asked, "big-agency", True)], [asked]).any()
    assert _votes([Decision(asked, "big-agency", True)], [NEW_WATER])[0, BIG] > 0


def test_only_the_nearest_decided_requests_vote() -> None:
    # The water request is nearest; the rejects on school requests are further away.
    decisions = [Decision(_asked(0, "water"), "big-agency", True)] + [
        Decision(_asked(n, "schools"), "big-agency", False, "wrong_expertise") for n in range(3)
    ]
    near = Query("near", f"{TOPICS['water']} {TOPICS['schools'].split()[0]}", countries=("KE",))
    nearest, all_four = (_votes(decisions, [near], neighbours=k)[0, BIG] for k in (1, 4))
    assert nearest == _votes(decisions[:1], [near])[0, BIG] > 0
    assert all_four < nearest


def _moved(query: Query, **params: Any) -> float:
    """How far precedent weight 1 moves water-org down for `query` after three rejects
    of it on water requests (other settings the recommender's own unless given)."""
    candidates, history = world()
    rejects = [
        Decision(_asked(n, "water"), "water-org", False, "wrong_expertise") for n in range(3)
    ]

    def score(weight: float) -> float:
        model = PartnerRecommender(precedent_weight=weight, **params)
        found = model.fit(candidates, history, rejects).recommend(query, n=len(candidates))
        return {r.candidate: r.score for r in found}["water-org"]

    return score(0.0) - score(1.0)


def test_precedents_move_a_partner_on_like_requests_in_the_recommender() -> None:
    # Meaning finds some likeness between any two requests: without a bar the unlike
    # one moves a little, above the recommender's bar not at all.
    unlike = _asked(99, "health", "SN")
    assert _moved(NEW_WATER, precedent_bar=0.0) > 2 * _moved(unlike, precedent_bar=0.0) > 0
    assert _moved(NEW_WATER) > 0 == _moved(unlike)


# The same programme in another district, and an unrelated request that shares a few
# words with it (its people, its district), in three of the working languages.
PROGRAMMES = {
    "en": (
        "Cash transfers for drought affected households, Baidoa district",
        "Teacher training and classrooms for displaced households, Kismayo district",
        "Cash transfers for drought affected households, Kismayo district",
    ),
    "fr": (
        "Transferts monétaires aux ménages touchés par la sécheresse, district de Baidoa",
        "Formation des enseignants et salles de classe pour les ménages déplacés, district "
        "de Kismayo",
        "Transferts monétaires aux ménages touchés par la sécheresse, district de Kismayo",
    ),
    "ar": (
        "تحويلات نقدية للأسر المتضررة من الجفاف في مقاطعة بيدوا",
        "تدريب المعلمين وبناء الفصول الدراسية للأسر النازحة في مقاطعة كسمايو",
        "تحويلات نقدية للأسر المتضررة من الجفاف في مقاطعة كسمايو",
    ),
}


def _programme_votes(language: str, bar: float) -> tuple[Precedents, np.ndarray, np.ndarray]:
    """Precedents on the programme (water-org accepted) and on the unrelated request
    (schools-org accepted), read for the programme in the other district: the words'
    likeness of each decided request, and the votes."""
    programme, unrelated, elsewhere = PROGRAMMES[language]
    index = TextIndex()
    index.fit([programme, unrelated, *TOPICS.values()], [])
    decisions = [
        Decision(Query("programme", programme), "water-org", True),
        Decision(Query("unrelated", unrelated), "schools-org", True),
    ]
    found = Precedents(IDS, decisions, index, None, 10, bar)
    new = [Query("new", elsewhere)]
    words = index.words([elsewhere])
    return found, found.likeness(new, words)[0], found.on(new, words)[0]


@pytest.mark.parametrize("language", sorted(PROGRAMMES))
def test_words_find_the_same_programme_elsewhere_above_an_unrelated_request(
    language: str,
) -> None:
    found, likeness, _ = _programme_votes(language, 0.0)
    alike = dict(zip(found.ids, likeness, strict=True))
    assert alike["programme"] > 2 * alike["unrelated"] > 0


@pytest.mark.parametrize("language", sorted(PROGRAMMES))
def test_below_the_bar_an_unrelated_request_gives_no_vote_instead_of_a_small_one(
    language: str,
) -> None:
    water, schools = IDS.index("water-org"), IDS.index("schools-org")
    _, _, unbarred = _programme_votes(language, 0.0)
    _, _, barred = _programme_votes(language, 0.4)
    assert unbarred[water] > unbarred[schools] > 0
    assert barred[water] == unbarred[water]
    assert barred[schools] == 0


def test_a_bar_outside_zero_to_one_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="bar"):
        Precedents(IDS, [], INDEX, None, 10, 1.0)
