"""A request judged in the past sees candidates present where they declared and where
the activities it can see took place: never where its own activity put them."""

from __future__ import annotations

from datetime import date

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching import Candidate, PastActivity, Query
from matching.signals import Signals
from tests.matching.leak_support import assert_judged_as_of, assert_not_learned

TOPICS = ("wells", "clinics", "classrooms", "returnees", "harvests", "shelters")
COUNTRIES = 23


def _roaming_history() -> tuple[list[Candidate], list[PastActivity]]:
    """Six specialists, one activity a year each in a country it had never worked in
    (and its peers often had), every country of its record derived, none declared: as
    of each activity, presence sets its implementer below the others, never above; only
    its own record, read after the fact, puts it in the request's country."""
    history = [
        PastActivity(
            id=f"{topic}-{year}",
            text=f"{topic} {topic} programme support",
            countries=(f"C{(k + year) % COUNTRIES}",),
            start=date(2000 + year, 1, 1),
            implementers=(f"{topic}-org",),
        )
        for year in range(12)
        for k, topic in enumerate(TOPICS)
    ]
    candidates = []
    for topic in TOPICS:
        been = tuple(
            sorted({c for a in history if a.implementers == (f"{topic}-org",) for c in a.countries})
        )
        candidates.append(Candidate(f"{topic}-org", topic.title(), countries=been, derived=been))
    return candidates, history


def test_a_pretend_request_finds_its_country_only_in_earlier_records() -> None:
    candidates, history = _roaming_history()
    late = len(history) - len(TOPICS)  # the last year's wells activity, in C11
    # The classrooms worked in C11 two years before.
    assert_judged_as_of(candidates, history, "place", late, implementer=0, peer=2)


def test_training_pairs_do_not_learn_place_from_the_request_itself() -> None:
    assert_not_learned(*_roaming_history(), "place")


def test_declared_presence_and_accountable_roles_count_when_judged() -> None:
    earlier = PastActivity(
        "old",
        "water",
        countries=("KE",),
        start=date(2010, 1, 1),
        implementers=("doer",),
        accountable=("lead",),
    )
    candidates = [
        Candidate("doer", "Doer", countries=("KE",), derived=("KE",)),
        Candidate("lead", "Lead", countries=("KE",), derived=("KE",)),
        Candidate("local", "Local", countries=("KE",)),
        Candidate("later", "Later", countries=("KE",), derived=("KE",)),
    ]
    later = PastActivity(
        "new", "water", countries=("KE",), start=date(2020, 1, 1), implementers=("later",)
    )
    signals = Signals(candidates, [earlier, later], None, 1095.0)
    request = Query("q", "water", countries=("KE",), when=date(2015, 1, 1))
    everyone = np.arange(len(candidates))
    judged = signals.features(signals.batch([request], as_of=[()]), everyone * 0, everyone)
    assert judged["place"].tolist() == [1.0, 1.0, 1.0, 0.0]


_COUNTRY = {
    "KE": "Eastern Africa",
    "SO": "Eastern Africa",
    "NG": "Western Africa",
    "FR": "Western Europe",
}
_REGION = {"Eastern Africa": "Africa", "Western Africa": "Africa", "Western Europe": "Europe"}
_SOME = st.lists(st.sampled_from(sorted(_COUNTRY)), max_size=2, unique=True)


def _levels(countries: set[str]) -> set[str]:
    subregions = {_COUNTRY[c] for c in countries}
    return countries | subregions | {_REGION[s] for s in subregions}


def _placed(countries: set[str]) -> dict[str, tuple[str, ...]]:
    subregions = {_COUNTRY[c] for c in countries}
    return {
        "countries": tuple(sorted(countries)),
        "subregions": tuple(sorted(subregions)),
        "regions": tuple(sorted({_REGION[s] for s in subregions})),
    }


@settings(max_examples=40, deadline=None)
@given(
    declared=st.lists(_SOME, min_size=1, max_size=4),
    done=st.lists(
        st.tuples(
            _SOME, st.lists(st.integers(0, 3), max_size=2), st.lists(st.integers(0, 3), max_size=2)
        ),
        max_size=6,
    ),
    asks=st.lists(_SOME, min_size=1, max_size=3),
)
def test_with_every_activity_visible_judged_presence_is_served_presence(
    declared: list[list[str]],
    done: list[tuple[list[str], list[int], list[int]]],
    asks: list[list[str]],
) -> None:
    history = [
        PastActivity(
            f"a{k}",
            "support",
            implementers=tuple(f"c{i}" for i in doers if i < len(declared)),
            accountable=tuple(f"c{i}" for i in leads if i < len(declared)),
            **_placed(set(where)),
        )
        for k, (where, doers, leads) in enumerate(done)
    ]
    candidates = []
    for i, own in enumerate(declared):
        present = {
            c for a in history if f"c{i}" in (*a.implementers, *a.accountable) for c in a.countries
        }
        whole = _levels(set(own) | present)
        candidates.append(
            Candidate(
                f"c{i}",
                f"C{i}",
                derived=tuple(sorted(whole - _levels(set(own)))),
                **_placed(set(own) | present),
            )
        )
    signals = Signals(candidates, history, None, 1095.0)
    queries = [Query(f"q{k}", "support", **_placed(set(where))) for k, where in enumerate(asks)]
    rows = np.repeat(np.arange(len(queries)), len(candidates))
    cols = np.tile(np.arange(len(candidates)), len(queries))
    served = signals.features(signals.batch(queries), rows, cols)["place"]
    judged = signals.batch(queries, as_of=[()] * len(queries))
    assert judged.visible is not None and judged.visible.all()
    assert np.array_equal(signals.features(judged, rows, cols)["place"], served)
