"""Consortium builder: greedy coverage within its bound, rules kept whenever they can be."""

from __future__ import annotations

import math
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.consortium import (
    FLOOR,
    Consortium,
    Requirement,
    Rules,
    _completable,
    _coverage,
    _factors,
    _report,
    build_consortium,
    needs,
)
from matching.profiles import Candidate, Query

KINDS = ("un_entity", "ngo", "academia", "donor")
CONTAINING = {
    "JO": ("Western Asia", "Asia"),
    "LB": ("Western Asia", "Asia"),
    "KE": ("Eastern Africa", "Africa"),
}


def covered_by(team: tuple[Candidate, ...], query: Query) -> set[str]:
    found = set()
    for c in team:
        found |= {f"objective:{o}" for o in c.objectives if o in query.objectives}
        found |= {
            f"country:{k}"
            for k in query.countries
            if k in c.countries or CONTAINING[k][0] in c.subregions
        }
    return found


@st.composite
def cases(draw: st.DrawFn) -> tuple[Query, list[Candidate]]:
    query = Query(
        "req",
        "",
        countries=tuple(draw(st.sets(st.sampled_from(sorted(CONTAINING)), max_size=3))),
        objectives=tuple(draw(st.sets(st.integers(1, 6), min_size=1, max_size=5))),
        requester="state",
    )
    candidates = [
        Candidate(
            f"c{i}",
            f"c{i}",
            kind=draw(st.sampled_from(KINDS)),
            objectives=tuple(draw(st.sets(st.integers(1, 6), max_size=3))),
            countries=tuple(draw(st.sets(st.sampled_from(sorted(CONTAINING)), max_size=1))),
            subregions=tuple(
                draw(st.sets(st.sampled_from(["Western Asia", "Eastern Africa"]), max_size=1))
            ),
            regions=tuple(draw(st.sets(st.sampled_from(["Asia", "Africa"]), max_size=1))),
            capacity_left=draw(st.sampled_from([None, 0.0, 1.0, 3.0])),
        )
        for i in range(draw(st.integers(1, 7)))
    ]
    return query, candidates


def teams(candidates: list[Candidate], size: int) -> list[tuple[Candidate, ...]]:
    usable = [c for c in candidates if c.capacity_left != 0]
    return [t for k in range(size + 1) for t in combinations(usable, k)]


@settings(max_examples=80, deadline=None)
@given(cases(), st.integers(1, 4), st.booleans())
def test_greedy_coverage_is_within_its_bound(
    case: tuple[Query, list[Candidate]], size: int, weighted: bool
) -> None:
    query, candidates = case
    weights = {c.id: float(i % 3) for i, c in enumerate(candidates)} if weighted else None
    found = build_consortium(query, candidates, weights, max_size=size, containing=CONTAINING)
    best = max(len(covered_by(t, query)) for t in teams(candidates, size))
    bound = 1 - math.exp(-FLOOR) if weighted else 1 - 1 / math.e
    assert len(found.covered) >= bound * best
    assert set(found.covered) == covered_by(
        tuple(c for c in candidates if c.id in {m.candidate for m in found.members}), query
    )
    assert set(found.covered) | set(found.uncovered) == set(needs(query))
    assert len(found.members) <= size
    assert all(m.capacity_left != 0 for m in found.members)


@settings(max_examples=80, deadline=None)
@given(cases(), st.integers(1, 4), st.booleans(), st.sets(st.integers(0, 6)))
def test_rules_hold_whenever_some_team_can_meet_them(
    case: tuple[Query, list[Candidate]], size: int, one_per_kind: bool, based: set[int]
) -> None:
    query, candidates = case
    requirements = (
        Requirement("UN entity", frozenset(c.id for c in candidates if c.kind == "un_entity")),
        Requirement(
            "civil society",
            frozenset(c.id for c in candidates if c.kind in {"ngo", "academia"}),
        ),
        Requirement("in region", frozenset(f"c{i}" for i in based)),
    )
    rules = Rules(requirements, one_per_kind)

    def meets(team: tuple[Candidate, ...]) -> bool:
        ids = {c.id for c in team}
        kinds_ok = not one_per_kind or len({c.kind for c in team}) == len(team)
        return kinds_ok and all(r.allowed & ids for r in requirements)

    possible = any(meets(t) for t in teams(candidates, size))
    found = build_consortium(query, candidates, rules=rules, max_size=size)
    assert found.satisfiable == possible
    assert all(found.rules.values()) == possible
    if one_per_kind:
        assert found.rules["one per kind"]


def test_team_covers_a_multi_objective_request_and_says_what_is_left() -> None:
    query = Query(
        "req-jordan",
        "labour mobility",
        countries=("JO",),
        objectives=(5, 6, 18),
        requester="jordan",
    )
    candidates = [
        Candidate(
            "jordan", "Jordan", kind="member_state", objectives=(5, 6, 18), countries=("JO",)
        ),
        Candidate("ilo", "ILO", kind="un_entity", objectives=(6, 18), subregions=("Western Asia",)),
        Candidate("icmc", "ICMC", kind="ngo", objectives=(5,), regions=("Asia",)),
        Candidate("who", "WHO", kind="un_entity", objectives=(5, 6, 18), capacity_left=0.0),
        Candidate("tamkeen", "Tamkeen", kind="ngo", objectives=(6,), countries=("JO",)),
    ]
    found = build_consortium(query, candidates, containing=CONTAINING)
    assert [m.candidate for m in found.members] == ["ilo", "icmc"]
    assert found.uncovered == ()
    assert found.members[0].covers == ("objective:6", "objective:18", "country:JO")

    alone = build_consortium(
        Query("q", "", objectives=(6, 22), countries=("KE",)), candidates[1:3], max_size=2
    )
    assert alone.uncovered == ("objective:22", "country:KE")


def test_only_presence_covers_a_place_never_a_whole_region() -> None:
    query = Query("q", "", objectives=(6,), countries=("JO", "KE"))
    candidates = [
        Candidate("global", "Global", kind="ngo", objectives=(6,), regions=("Asia", "Africa")),
        Candidate("levant", "Levant", kind="ngo", subregions=("Western Asia",)),
        Candidate("nairobi", "Nairobi", kind="ngo", countries=("KE",)),
    ]
    found = build_consortium(query, candidates, max_size=3, containing=CONTAINING)
    covers = {m.candidate: m.covers for m in found.members}
    assert covers["global"] == ("objective:6",)
    assert covers["levant"] == ("country:JO",) and covers["nairobi"] == ("country:KE",)
    assert found.uncovered == ()
    assert build_consortium(query, candidates[:1], containing=CONTAINING).uncovered == (
        "country:JO",
        "country:KE",
    )


def test_whole_of_society_adds_civil_society_even_when_coverage_is_complete() -> None:
    query = Query("q", "", objectives=(6,))
    candidates = [
        Candidate("ilo", "ILO", kind="un_entity", objectives=(6,)),
        Candidate("iom", "IOM", kind="un_entity", objectives=(6,)),
        Candidate("mpi", "MPI", kind="academia"),
    ]
    rules = Rules(
        (
            Requirement("UN entity", frozenset({"ilo", "iom"})),
            Requirement("civil society", frozenset({"mpi"})),
        ),
        one_per_kind=True,
    )
    found = build_consortium(query, candidates, rules=rules, max_size=2)
    assert [m.candidate for m in found.members] == ["ilo", "mpi"]
    assert found.rules == {"UN entity": True, "civil society": True, "one per kind": True}
    assert found.members[1].meets == ("civil society",)


def one_step_at_a_time(
    query: Query,
    candidates: list[Candidate],
    weights: dict[str, float],
    rules: Rules,
    max_size: int,
) -> Consortium:
    """The greedy as first written: every candidate re-reads the team at every step."""
    need = needs(query)
    pool = [c for c in candidates if c.id != query.requester and c.capacity_left != 0]
    cover = {c.id: _coverage(need, c, CONTAINING) for c in pool}
    factor = _factors(pool, weights)
    team: list[Candidate] = []

    def unmet() -> tuple[Requirement, ...]:
        ids = {m.id for m in team}
        return tuple(r for r in rules.requirements if not r.allowed & ids)

    def kinds() -> frozenset[str]:
        return frozenset(m.kind for m in team)

    def keeps_rules(c: Candidate) -> bool:
        rest = tuple(r for r in unmet() if c.id not in r.allowed)
        slots = max_size - len(team) - 1
        return _completable(rest, slots, kinds() | {c.kind}, pool, rules.one_per_kind)

    satisfiable = _completable(unmet(), max_size, frozenset(), pool, rules.one_per_kind)
    while len(team) < max_size:
        covered = frozenset().union(*(cover[m.id] for m in team))
        options = [
            c
            for c in pool
            if c.id not in {m.id for m in team}
            and not (rules.one_per_kind and c.kind in kinds())
            and (not satisfiable or keeps_rules(c))
        ]
        if not options:
            break
        best = max(options, key=lambda c: (len(cover[c.id] - covered) * factor[c.id], factor[c.id]))
        if not cover[best.id] - covered:
            hitting = [c for c in options if any(c.id in r.allowed for r in unmet())]
            if satisfiable and hitting:
                options = hitting
            elif len(team) >= 2:
                break
            best = max(options, key=lambda c: (len(cover[c.id]) * factor[c.id], factor[c.id]))
        team.append(best)
    return _report(need, team, cover, factor, rules, satisfiable)


@settings(max_examples=150, deadline=None)
@given(
    cases(),
    st.lists(st.floats(0, 2), min_size=7, max_size=7),
    st.sets(st.sampled_from(KINDS), max_size=2),
    st.booleans(),
    st.integers(1, 4),
)
def test_the_team_is_the_one_the_step_by_step_greedy_picks(
    case: tuple[Query, list[Candidate]],
    scores: list[float],
    required: set[str],
    one_per_kind: bool,
    size: int,
) -> None:
    query, candidates = case
    weights = {c.id: s for c, s in zip(candidates, scores, strict=False) if s != 1.0}
    rules = Rules(
        tuple(
            Requirement(f"a {kind}", frozenset(c.id for c in candidates if c.kind == kind))
            for kind in sorted(required)
        ),
        one_per_kind,
    )
    found = build_consortium(query, candidates, weights, rules, size, containing=CONTAINING)
    assert found == one_step_at_a_time(query, candidates, weights, rules, size)
