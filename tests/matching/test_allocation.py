"""Batch allocation: min-cost flow is optimal, within capacity, and beats greedy."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from matching.allocation import Opening, Provider, allocate, allocate_greedily
from matching.reasons import Reason, say


@st.composite
def instances(
    draw: st.DrawFn,
) -> tuple[list[Provider], list[Opening], dict[tuple[str, str], float]]:
    providers = [Provider(f"p{i}", draw(st.integers(0, 2))) for i in range(draw(st.integers(1, 3)))]
    openings = [Opening(f"r{j}", draw(st.integers(1, 2))) for j in range(draw(st.integers(1, 3)))]
    quality = {
        (p.id, r.id): float(draw(st.integers(0, 9)))
        for p in providers
        for r in openings
        if draw(st.booleans())
    }
    return providers, openings, quality


def best_total(
    providers: list[Provider],
    openings: list[Opening],
    quality: dict[tuple[str, str], float],
    balance: float = 0.0,
) -> float:
    """Exhaustive: every subset of eligible pairs that fits every capacity.

    With `balance`, a provider's k-th engagement costs balance * (k - 1).
    """
    capacity = {p.id: p.capacity for p in providers}
    demand = {r.id: r.demand for r in openings}
    pairs = [pair for pair, q in quality.items() if q > 0]
    best = 0.0
    for size in range(len(pairs) + 1):
        for chosen in combinations(pairs, size):
            fits = all(
                sum(p == who for p, _ in chosen) <= capacity[who] for who in capacity
            ) and all(sum(r == what for _, r in chosen) <= demand[what] for what in demand)
            if fits:
                loads = [sum(p == who for p, _ in chosen) for who in capacity]
                penalty = balance * sum(n * (n - 1) / 2 for n in loads)
                best = max(best, sum(quality[pair] for pair in chosen) - penalty)
    return best


@settings(max_examples=60, deadline=None)
@given(instances())
def test_flow_is_optimal_and_within_capacity(
    instance: tuple[list[Provider], list[Opening], dict[tuple[str, str], float]],
) -> None:
    providers, openings, quality = instance
    found = allocate(providers, openings, quality)
    assert found.total_quality == best_total(providers, openings, quality)
    assert found.total_quality >= allocate_greedily(providers, openings, quality).total_quality
    for p in providers:
        assert found.load.get(p.id, 0) <= p.capacity
    for r in openings:
        assert sum(a.request == r.id for a in found.assignments) <= r.demand
    assert all(quality[(a.provider, a.request)] > 0 for a in found.assignments)


def test_flow_beats_greedy_when_the_best_pair_blocks_two_good_ones() -> None:
    providers = [Provider("iom", 1), Provider("ilo", 1)]
    openings = [Opening("req-jordan"), Opening("req-nepal")]
    # iom is best for Jordan, but only iom can serve Nepal; ilo serves Jordan nearly as well.
    quality = {("iom", "req-jordan"): 10.0, ("iom", "req-nepal"): 9.0, ("ilo", "req-jordan"): 8.0}
    greedy = allocate_greedily(providers, openings, quality)
    flow = allocate(providers, openings, quality)
    assert greedy.total_quality == 10.0
    assert greedy.unserved == ("req-nepal",)
    assert flow.total_quality == 17.0
    assert {(a.provider, a.request) for a in flow.assignments} == {
        ("iom", "req-nepal"),
        ("ilo", "req-jordan"),
    }
    assert flow.unserved == ()


def test_full_providers_and_worthless_pairs_are_never_assigned() -> None:
    found = allocate(
        [Provider("who", 0), Provider("unicef", 3)],
        [Opening("req-lebanon", 2)],
        {("who", "req-lebanon"): 5.0, ("unicef", "req-lebanon"): 0.0},
    )
    assert found.assignments == ()
    assert found.unserved == ("req-lebanon",)


@settings(max_examples=40, deadline=None)
@given(instances(), st.sampled_from([0.5, 1.0, 3.0]))
def test_balanced_flow_is_optimal_for_its_load_cost(
    instance: tuple[list[Provider], list[Opening], dict[tuple[str, str], float]], balance: float
) -> None:
    providers, openings, quality = instance
    found = allocate(providers, openings, quality, balance=balance)
    penalty = balance * sum(n * (n - 1) / 2 for n in found.load.values())
    assert (
        abs(found.total_quality - penalty - best_total(providers, openings, quality, balance))
        < 1e-6
    )
    for p in providers:
        assert found.load.get(p.id, 0) <= p.capacity


def test_balancing_spreads_load_that_plain_flow_concentrates() -> None:
    providers = [Provider("big", 3), Provider("small", 3)]
    openings = [Opening(f"r{i}") for i in range(3)]
    quality = {
        **{("big", f"r{i}"): 5.0 for i in range(3)},
        **{("small", f"r{i}"): 4.0 for i in range(3)},
    }
    assert allocate(providers, openings, quality).load == {"big": 3}
    balanced = allocate(providers, openings, quality, balance=1.5)
    assert max(balanced.load.values()) == 2 and len(balanced.assignments) == 3


def test_unserved_requests_say_why() -> None:
    providers = [Provider("iom", 1)]
    openings = [Opening("best"), Opening("second"), Opening("orphan")]
    quality = {("iom", "best"): 9.0, ("iom", "second"): 2.0}
    found = allocate(providers, openings, quality)
    assert found.unserved == ("second", "orphan")
    assert found.why_unserved["second"] == Reason("providers_full", names=("iom",))
    assert say(found.why_unserved["second"]).endswith("at capacity with better fits: iom")
    assert say(found.why_unserved["orphan"]) == "no provider with capacity left matches it"
