"""Capacity-aware batch allocation: providers to many requests at once, as min-cost flow.

source → provider (capacity: engagements it can still take) → request (one edge per
eligible pair, capacity 1, cost -quality) → sink (capacity: the request's demand). A
zero-cost source → sink bypass lets flow skip pairs that add nothing, so the minimum
cost flow is the assignment of largest total quality within every capacity, not merely
the largest number of assignments. Greedy (best pair first) is kept as the baseline it
is compared with.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

from matching.reasons import Reason

__all__ = ["Allocation", "Assignment", "Opening", "Provider", "allocate", "allocate_greedily"]

SCALE = 1000
"""Qualities become integer costs at this resolution, as network simplex needs."""

_SOURCE, _SINK = ("source",), ("sink",)


@dataclass(frozen=True, slots=True)
class Provider:
    id: str
    capacity: int


@dataclass(frozen=True, slots=True)
class Opening:
    """An open request and how many providers it needs."""

    id: str
    demand: int = 1


@dataclass(frozen=True, slots=True)
class Assignment:
    provider: str
    request: str
    quality: float


@dataclass(frozen=True, slots=True)
class Allocation:
    assignments: tuple[Assignment, ...]
    total_quality: float
    unserved: tuple[str, ...]
    load: dict[str, int]
    why_unserved: dict[str, Reason]


def _eligible(
    providers: Sequence[Provider],
    openings: Sequence[Opening],
    quality: Mapping[tuple[str, str], float],
) -> list[tuple[str, str, float]]:
    known_p = {p.id for p in providers if p.capacity > 0}
    known_r = {r.id for r in openings if r.demand > 0}
    return sorted(
        (p, r, q) for (p, r), q in quality.items() if q > 0 and p in known_p and r in known_r
    )


def _why_unserved(
    request: str,
    eligible: Sequence[tuple[str, str, float]],
    load: Counter[str],
    capacity: Mapping[str, int],
) -> Reason:
    fits = [p for p, r, _ in eligible if r == request]
    if not fits:
        return Reason("no_fit")
    full = tuple(sorted(p for p in fits if load[p] >= capacity.get(p, 0)))
    if full:
        return Reason("providers_full", names=full)
    return Reason("lower_total")


def _result(
    pairs: Sequence[tuple[str, str, float]],
    providers: Sequence[Provider],
    openings: Sequence[Opening],
    eligible: Sequence[tuple[str, str, float]],
) -> Allocation:
    assignments = tuple(
        Assignment(p, r, q) for p, r, q in sorted(pairs, key=lambda x: (x[1], -x[2]))
    )
    served = {a.request for a in assignments}
    load = Counter(a.provider for a in assignments)
    capacity = {p.id: p.capacity for p in providers}
    unserved = tuple(r.id for r in openings if r.id not in served)
    return Allocation(
        assignments=assignments,
        total_quality=round(sum(a.quality for a in assignments), 6),
        unserved=unserved,
        load=dict(load),
        why_unserved={r: _why_unserved(r, eligible, load, capacity) for r in unserved},
    )


def allocate(
    providers: Sequence[Provider],
    openings: Sequence[Opening],
    quality: Mapping[tuple[str, str], float],
    balance: float = 0.0,
) -> Allocation:
    """Assignments of largest total quality; `quality[(provider, request)]` > 0 is eligible.

    With `balance` > 0, a provider's k-th engagement costs `balance * (k - 1)` quality,
    so load spreads out unless concentrating it is worth that much. The cost is convex,
    so the flow still finds the best trade-off exactly.
    """
    pairs = _eligible(providers, openings, quality)
    total = sum(r.demand for r in openings)
    graph = nx.DiGraph()
    graph.add_node(_SOURCE, demand=-total)
    graph.add_node(_SINK, demand=total)
    graph.add_edge(_SOURCE, _SINK, capacity=total, weight=0)
    usable = Counter(p for p, _, _ in pairs)
    for provider in providers:
        # One unit arc per engagement, each dearer than the last: a convex load cost.
        for k in range(min(max(provider.capacity, 0), usable[provider.id])):
            step = ("slot", provider.id, k)
            graph.add_edge(_SOURCE, step, capacity=1, weight=round(balance * k * SCALE))
            graph.add_edge(step, ("p", provider.id), capacity=1, weight=0)
    for opening in openings:
        graph.add_edge(("r", opening.id), _SINK, capacity=max(opening.demand, 0), weight=0)
    for p, r, q in pairs:
        graph.add_edge(("p", p), ("r", r), capacity=1, weight=-round(q * SCALE))
    flow = nx.min_cost_flow(graph)
    chosen = [(p, r, q) for p, r, q in pairs if flow[("p", p)][("r", r)] > 0]
    return _result(chosen, providers, openings, pairs)


def allocate_greedily(
    providers: Sequence[Provider],
    openings: Sequence[Opening],
    quality: Mapping[tuple[str, str], float],
) -> Allocation:
    """Best remaining pair first while capacity lasts: fast, but blind to what it blocks."""
    left = Counter({p.id: p.capacity for p in providers})
    need = Counter({r.id: r.demand for r in openings})
    chosen = []
    for p, r, q in sorted(_eligible(providers, openings, quality), key=lambda x: -x[2]):
        if left[p] > 0 and need[r] > 0:
            chosen.append((p, r, q))
            left[p] -= 1
            need[r] -= 1
    return _result(chosen, providers, openings, _eligible(providers, openings, quality))
