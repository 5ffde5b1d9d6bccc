"""Near-duplicates are kept out of a list the same way however long the list is, and
every candidate's near-duplicates, found for all at once as a fit finds them or for one
as a call finds it, are the candidates `Duplicates.same` pairs it with."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.diversity import Duplicates
from matching.listing import COMMON, ROWS, NearDuplicates, near_lists
from matching.profiles import Candidate

_WORDS = ["rice", "research", "institute", "departement", "department", "of", "water", "aid"]

names = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=4).map(" ".join)
candidates = st.lists(
    st.tuples(names, st.sampled_from([None, "g1", "g2"]), st.lists(names, max_size=1)),
    min_size=1,
    max_size=30,
)


def one_by_one(
    duplicates: Duplicates, order: list[int], n: int, cap: int | None, avoid: list[int]
) -> list[int]:
    """The list as each candidate compared with every one kept before it gives it."""
    chosen: list[int] = []
    shown = Counter(order[::3])
    for position in order:
        if cap is not None and shown[position] >= cap:
            continue
        if not any(duplicates.same(position, other) for other in (*avoid, *chosen)):
            chosen.append(position)
        if len(chosen) == n:
            break
    return chosen


@settings(max_examples=200, deadline=None)
@given(candidates, st.randoms(), st.integers(1, 40), st.sampled_from([None, 1]))
def test_the_indexed_pick_equals_comparing_with_every_kept_candidate(
    made: list[tuple[str, str | None, list[str]]], rng: object, n: int, cap: int | None
) -> None:
    pool = [
        Candidate(f"c{i}", name, group=group, aliases=tuple(aliases))
        for i, (name, group, aliases) in enumerate(made)
    ]
    duplicates = Duplicates(pool)
    order = list(range(len(pool)))
    rng.shuffle(order)  # type: ignore[attr-defined]
    avoid = order[-1:] if len(order) > 2 else []
    found = duplicates.pick(np.array(order), n, Counter(order[::3]), cap, avoid)
    assert found == one_by_one(Duplicates(pool), order, n, cap, avoid)


def test_a_bracketed_acronym_or_a_misspelling_is_the_same_organisation() -> None:
    pool = [
        Candidate("a", "International Rice Research Institute (IRRI)"),
        Candidate("b", "International Rice Research Institute"),
        Candidate("c", "Departement of Labour and Social Welfare"),
        Candidate("d", "Department of Labour and Social Welfare"),
        Candidate("e", "Water Aid"),
    ]
    assert Duplicates(pool).pick(np.arange(5), 5, Counter()) == [0, 2, 4]


@settings(max_examples=200, deadline=None)
@given(candidates, st.sampled_from([0, 5, 64, COMMON]), st.sampled_from([1, 7, ROWS]))
def test_the_lists_are_the_candidates_each_is_the_same_as(
    made: list[tuple[str, str | None, list[str]]], common: int, rows: int
) -> None:
    """`common` trigrams counted as bits: none, some (rare and common both met), all;
    found `rows` candidates at a time."""
    pool = [
        Candidate(f"c{i}", name, group=group, aliases=tuple(aliases))
        for i, (name, group, aliases) in enumerate(made)
    ]
    duplicates = Duplicates(pool)
    fitted = near_lists(duplicates, common, rows)
    assert fitted.indptr.dtype == fitted.indices.dtype == np.int32
    on_demand = NearDuplicates(Duplicates(pool))
    for position in range(len(pool)):
        same = [o for o in range(len(pool)) if o != position and duplicates.same(position, o)]
        assert fitted.of(position).tolist() == same, position
        assert on_demand.of(position).tolist() == same, position


def test_a_model_with_lists_reads_them_and_builds_no_index() -> None:
    pool = [
        Candidate("a", "Rice Research Institute"),
        Candidate("b", "Rice Research Institute (RRI)"),
    ]
    duplicates = Duplicates(pool)
    served = NearDuplicates(duplicates, near_lists(duplicates))
    assert [served.of(0).tolist(), served.of(1).tolist()] == [[1], [0]]
    assert served._index is None
