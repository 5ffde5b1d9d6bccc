"""A team built on kept rows, settling near-duplicates one at a time, is the team
`build_consortium` builds over the whole ranking, near-duplicates walked in full."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.consortium import Requirement, Rules, build_consortium, needs
from matching.diversity import Duplicates
from matching.listing import Listing, NearDuplicates
from matching.profiles import Candidate, Query
from matching.teams import TeamPool, Weights, weigh_team

KINDS = ("un_entity", "ngo", "academia")
CONTAINING = {"JO": ("Western Asia", "Asia"), "KE": ("Eastern Africa", "Africa")}
_WORDS = ["rice", "research", "institute", "water", "aid", "of"]

names = st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map(" ".join)
candidates = st.lists(
    st.builds(
        lambda name, group, kind, objectives, countries, served, capacity: (
            name,
            group,
            kind,
            tuple(sorted(objectives)),
            tuple(sorted(countries)),
            ("Eastern Africa",) if served else (),
            capacity,
        ),
        names,
        st.sampled_from([None, "g1"]),
        st.sampled_from(KINDS),
        st.sets(st.integers(1, 4), max_size=3),
        st.sets(st.sampled_from(["JO", "KE", "SO"]), max_size=2),
        st.booleans(),
        st.sampled_from([None, None, 0.0, 2.0]),
    ),
    min_size=1,
    max_size=25,
)


def _ranking(
    duplicates: Duplicates,
    scores: np.ndarray,
    allowed: np.ndarray,
    pinned: list[int],
    avoid: list[int],
) -> list[int]:
    """`PartnerRecommender.ranking`'s list: pinned by score, then every allowed one by
    score (ties: the earlier first) less the near-duplicates of one before it."""
    first = sorted(pinned, key=lambda p: (-scores[p], p))
    order = np.array(sorted(np.flatnonzero(allowed).tolist(), key=lambda p: (-scores[p], p)))
    return first + duplicates.pick(order, order.size, Counter(), None, avoid)


@settings(max_examples=300, deadline=None)
@given(
    candidates,
    st.lists(st.sampled_from([0.0, 0.5, 1.0, 1.5, 3.0]), min_size=25, max_size=25),
    st.sets(st.integers(0, 24), max_size=3),
    st.sets(st.integers(0, 24), max_size=2),
    st.sets(st.sampled_from(KINDS), max_size=2),
    st.booleans(),
    st.integers(1, 4),
)
def test_the_team_is_the_one_built_over_the_whole_ranking(
    made: list[
        tuple[str, str | None, str, tuple[int, ...], tuple[str, ...], tuple[str, ...], float | None]
    ],
    drawn: list[float],
    shunned_at: set[int],
    pinned_at: set[int],
    required: set[str],
    one_per_kind: bool,
    size: int,
) -> None:
    pool = [
        Candidate(f"c{i}", name, group=group, kind=kind, objectives=o, countries=c, subregions=s,
                  capacity_left=capacity)
        for i, (name, group, kind, o, c, s, capacity) in enumerate(made)
    ]  # fmt: skip
    n = len(pool)
    scores = np.array(drawn[:n])
    shunned = {p for p in shunned_at if p < n}
    pinned = {p for p in pinned_at if p < n} - shunned
    query = Query("q", "", countries=("JO", "KE"), objectives=(1, 2, 3), requester="c0")
    allowed = np.ones(n, dtype=bool)
    allowed[sorted(shunned | pinned)] = False
    allowed[0] = False
    duplicates = Duplicates(pool)
    avoid = sorted(shunned | pinned)
    listed = _ranking(duplicates, scores, allowed, sorted(pinned), avoid)
    rules = Rules(
        tuple(
            Requirement(f"a {kind}", frozenset(c.id for c in pool if c.kind == kind))
            for kind in sorted(required)
        ),
        one_per_kind,
    )
    weights = {pool[p].id: float(scores[p]) for p in listed}
    by_rank = [pool[p] for p in listed] + [c for p, c in enumerate(pool) if p not in set(listed)]
    full = build_consortium(query, by_rank, weights, rules, size, containing=CONTAINING)

    kept = TeamPool.of([replace(c, capacity_left=None) for c in pool])
    listing = Listing(NearDuplicates(duplicates), scores, allowed, avoid)
    eligible = np.array([c.capacity_left != 0 for c in pool]) & (np.arange(n) != 0)
    need = needs(query)
    fast = weigh_team(
        need,
        kept,
        kept.cover(need, CONTAINING),
        Weights(scores, pinned, listing),
        eligible,
        [c.capacity_left for c in pool],
        [(r.name, np.array([c.id in r.allowed for c in pool])) for r in rules.requirements],
        one_per_kind=one_per_kind,
        max_size=size,
    )
    assert fast == full


@settings(max_examples=200, deadline=None)
@given(candidates, st.lists(st.sampled_from([0.0, 1.0, 2.0]), min_size=25, max_size=25),
       st.sets(st.integers(0, 24), max_size=2))  # fmt: skip
def test_a_candidate_is_listed_exactly_when_the_full_walk_keeps_it(
    made: list[
        tuple[str, str | None, str, tuple[int, ...], tuple[str, ...], tuple[str, ...], float | None]
    ],
    drawn: list[float],
    avoid_at: set[int],
) -> None:
    pool = [Candidate(f"c{i}", name, group=group) for i, (name, group, *_) in enumerate(made)]
    scores = np.array(drawn[: len(pool)])
    avoid = sorted(p for p in avoid_at if p < len(pool))
    allowed = np.ones(len(pool), dtype=bool)
    allowed[avoid] = False
    duplicates = Duplicates(pool)
    walked = set(_ranking(duplicates, scores, allowed, [], avoid))
    listing = Listing(NearDuplicates(duplicates), scores, allowed, avoid)
    # Asked in an order of their own: each answer must not depend on which came first.
    for position in reversed(range(len(pool))):
        assert listing.listed(position) == (position in walked), position
