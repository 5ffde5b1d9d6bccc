"""The portfolio optimiser against brute force: the same best total on small random calls."""

from __future__ import annotations

from dataclasses import astuple, dataclass
from itertools import combinations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.portfolio import Portfolio, Why, propose


def brute_force(
    scores: np.ndarray,
    costs: np.ndarray,
    budget: float,
    regions: np.ndarray,
    cap: int | None,
    groups: np.ndarray,
    fixed: dict[int, bool] | None = None,
) -> float | None:
    """Best total over every subset that satisfies the constraints; None when none does."""
    best: float | None = None
    for size in range(len(scores) + 1):
        for subset in combinations(range(len(scores)), size):
            picked = list(subset)
            if any((i in subset) != keep for i, keep in (fixed or {}).items()):
                continue
            if costs[picked].sum() > budget + 1e-9:
                continue
            if cap is not None and picked and np.bincount(regions[picked]).max() > cap:
                continue
            if not all(groups[g, picked].any() for g in range(len(groups))):
                continue
            total = float(scores[picked].sum())
            best = total if best is None else max(best, total)
    return best


@dataclass(frozen=True)
class Call:
    scores: np.ndarray
    costs: np.ndarray
    budget: float
    regions: np.ndarray
    cap: int | None
    groups: np.ndarray

    def propose(self) -> Portfolio:
        return propose(self.scores, self.costs, self.budget, self.regions, self.cap, self.groups)


@st.composite
def calls(draw: st.DrawFn) -> Call:
    n = draw(st.integers(0, 8))
    scores = np.array(draw(st.lists(st.integers(0, 50), min_size=n, max_size=n)), dtype=float)
    costs = np.array(draw(st.lists(st.integers(1, 40), min_size=n, max_size=n)), dtype=float)
    regions = np.array(draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)), dtype=np.int64)
    g = draw(st.integers(0, 3))
    groups = np.array(
        draw(st.lists(st.lists(st.booleans(), min_size=n, max_size=n), min_size=g, max_size=g)),
        dtype=bool,
    ).reshape(g, n)
    budget = float(draw(st.integers(0, 100)))
    cap = draw(st.one_of(st.none(), st.integers(1, 3)))
    return Call(scores, costs, budget, regions, cap, groups)


@settings(max_examples=150, deadline=None)
@given(calls())
def test_the_optimum_equals_brute_force(call: Call) -> None:
    scores, costs, budget, regions, cap, groups = astuple(call)
    portfolio = call.propose()
    required = groups[list(portfolio.required_groups)]
    expected = brute_force(scores, costs, budget, regions, cap, required)
    assert portfolio.feasible == (expected is not None)
    if expected is None:
        return
    chosen = list(portfolio.chosen)
    assert portfolio.total == expected
    assert costs[chosen].sum() <= budget + 1e-9
    assert cap is None or not chosen or np.bincount(regions[chosen]).max() <= cap
    assert portfolio.unconstrained_total == brute_force(
        scores, costs, budget, regions, None, groups[:0]
    )
    assert portfolio.balance_cost >= 0
    # a group is left free only when no note of it fits the budget
    for g in set(range(len(groups))) - set(portfolio.required_groups):
        assert not (groups[g] & (costs <= budget)).any()


@settings(max_examples=60, deadline=None)
@given(calls())
def test_each_verdict_is_what_flipping_the_note_costs(call: Call) -> None:
    scores, costs, budget, regions, cap, groups = astuple(call)
    portfolio = call.propose()
    if not portfolio.feasible:
        assert portfolio.verdicts == ()
        return
    required = groups[list(portfolio.required_groups)]
    assert [v.index for v in portfolio.verdicts] == list(range(len(scores)))
    for verdict in portfolio.verdicts:
        i = verdict.index
        inside = i in portfolio.chosen
        assert (verdict.why is Why.CHOSEN) == inside
        if verdict.why is Why.OVER_BUDGET:
            assert costs[i] > budget
            continue
        flipped = brute_force(scores, costs, budget, regions, cap, required, {i: not inside})
        if verdict.delta is None:
            assert flipped is None
        else:
            assert flipped is not None and portfolio.total - flipped == verdict.delta
            assert verdict.delta >= 0


def test_balance_costs_score_and_says_so() -> None:
    # two strong notes in one region; a cap of one lets a weaker note elsewhere in
    scores = np.array([10.0, 9.0, 3.0])
    costs = np.array([1.0, 1.0, 1.0])
    regions = np.array([0, 0, 1])
    groups = np.zeros((0, 3), dtype=bool)
    portfolio = propose(scores, costs, 2.0, regions, 1, groups)
    assert portfolio.chosen == (0, 2)
    assert portfolio.unconstrained == (0, 1)
    assert portfolio.balance_cost == 6.0
    note_1 = portfolio.verdicts[1]
    assert note_1.why is Why.DISPLACED and note_1.delta == 1.0 and note_1.swapped == (0,)
