"""Equal values of the fitted records are held once, in the fit and in every process
that loads its artifact, and not one of them changes."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from datetime import date
from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from hub.matchmaking.learned import share_equal_values
from matching.profiles import PastActivity

_CODES = st.lists(st.sampled_from(["MA", "SN", "ML", "NE"]), max_size=3).map(tuple)
_OBJECTIVES = st.lists(st.integers(1, 3), max_size=2).map(tuple)
_ACTIVITIES = st.lists(
    st.builds(
        PastActivity,
        id=st.sampled_from(["a", "b"]),
        text=st.sampled_from(["water", "schools"]).map(lambda t: f"{t}!"),  # a new str each
        countries=_CODES,
        objectives=_OBJECTIVES,
        start=st.none() | st.dates(date(2020, 1, 1), date(2020, 1, 3)),
        implementers=_CODES,
    ),
    max_size=12,
)


def _held_once(records: list[PastActivity]) -> bool:
    values = [getattr(r, f.name) for r in records for f in dataclasses.fields(r)]
    values += [v for value in values if isinstance(value, tuple) for v in value]
    return all(
        a is b
        for a, b in combinations(values, 2)
        if a == b and type(a) is type(b) and a is not None and not isinstance(a, bool)
    )


@given(_ACTIVITIES)
def test_equal_values_become_one_object_and_none_changes(records: list[PastActivity]) -> None:
    before = copy.deepcopy(records)
    share_equal_values(records)
    assert records == before
    assert [repr(r) for r in records] == [repr(r) for r in before]  # types too (1 vs 1.0)
    assert _held_once(records)
    assert _held_once(pickle.loads(pickle.dumps(records)))  # as a serving process loads them


def test_values_that_are_equal_but_of_other_types_stay_apart() -> None:
    records = [PastActivity("a", "x", objectives=(1,)), PastActivity("b", "x", objectives=(True,))]
    share_equal_values(records)
    assert [type(r.objectives[0]) for r in records] == [int, bool]
