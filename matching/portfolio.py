"""Which concept notes to fund: the best total score within budget and balance, exactly.

A 0/1 integer program solved by `scipy.optimize.milp` (HiGHS): maximise the sum of the
chosen notes' scores subject to the budget, at most `max_per_region` notes per region,
and at least one note from every objective group that some affordable note belongs to.
Steering committees ask why a note is in or out, and what balance costs, so each note
gets the score the portfolio would lose by flipping it, and the same problem is solved
again without the balance constraints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, milp

__all__ = ["Portfolio", "Verdict", "Why", "propose", "solve"]

_TOLERANCE = 1e-6


class Why(StrEnum):
    CHOSEN = "chosen"
    OVER_BUDGET = "over_budget"
    """Costs more than the whole budget on its own."""
    CONFLICTS = "conflicts"
    """No portfolio within budget and balance holds it."""
    DISPLACED = "displaced"
    """Fits, but the notes it would push out score more."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why one note is in or out; `delta` is the score the portfolio loses by flipping it."""

    index: int
    why: Why
    delta: float | None
    swapped: tuple[int, ...] = ()
    """Notes that leave or join the portfolio when this one flips."""


@dataclass(frozen=True, slots=True)
class Portfolio:
    chosen: tuple[int, ...]
    """Indices of the notes to fund, ascending; empty when nothing satisfies the constraints."""
    feasible: bool
    total: float
    cost: float
    unconstrained: tuple[int, ...]
    """The best choice under the budget alone."""
    unconstrained_total: float
    required_groups: tuple[int, ...]
    """Objective groups held to at least one note: those an affordable note belongs to."""
    verdicts: tuple[Verdict, ...]

    @property
    def balance_cost(self) -> float:
        """Score given up to thematic and geographic balance."""
        return self.unconstrained_total - self.total


FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def solve(
    scores: FloatArray,
    costs: FloatArray,
    budget: float,
    regions: IntArray | None = None,
    max_per_region: int | None = None,
    groups: BoolArray | None = None,
    fixed: dict[int, bool] | None = None,
) -> tuple[int, ...] | None:
    """The best choice of notes, or None when no choice satisfies the constraints.

    `regions[i]` is note i's region; `groups[g, i]` says note i belongs to objective
    group g, and every group given must get at least one note; `fixed` forces notes in
    (True) or out (False).
    """
    n = len(scores)
    if n == 0:
        return ()
    rows = [np.asarray(costs, dtype=float)[None, :]]
    low, high = [-np.inf], [float(budget)]
    if regions is not None and max_per_region is not None:
        for region in np.unique(regions):
            rows.append((regions == region).astype(float)[None, :])
            low.append(-np.inf)
            high.append(float(max_per_region))
    if groups is not None and len(groups):
        rows.append(np.asarray(groups, dtype=float))
        low += [1.0] * len(groups)
        high += [np.inf] * len(groups)
    lower, upper = np.zeros(n), np.ones(n)
    for index, keep in (fixed or {}).items():
        lower[index] = upper[index] = 1.0 if keep else 0.0
    result = milp(
        -np.asarray(scores, dtype=float),
        integrality=np.ones(n),
        bounds=Bounds(lower, upper),
        constraints=LinearConstraint(np.vstack(rows), np.array(low), np.array(high)),
        options={"mip_rel_gap": 0.0},  # exact: HiGHS stops at 0.01 % by default
    )
    if not result.success:
        return None
    return tuple(int(i) for i in np.flatnonzero(result.x > 0.5))


def propose(
    scores: FloatArray,
    costs: FloatArray,
    budget: float,
    regions: IntArray,
    max_per_region: int | None,
    groups: BoolArray,
    *,
    explain: bool = True,
) -> Portfolio:
    """The best balanced portfolio, the best unbalanced one, and a verdict per note."""
    scores = np.asarray(scores, dtype=float)
    costs = np.asarray(costs, dtype=float)
    groups = np.asarray(groups, dtype=bool)
    affordable = costs <= budget + _TOLERANCE
    required = tuple(int(g) for g in np.flatnonzero((groups & affordable).any(axis=1)))
    balanced = groups[list(required)]

    def best(fixed: dict[int, bool] | None = None) -> tuple[int, ...] | None:
        return solve(scores, costs, budget, regions, max_per_region, balanced, fixed)

    chosen = best()
    free = solve(scores, costs, budget) or ()
    total = float(scores[list(chosen)].sum()) if chosen else 0.0
    verdicts: list[Verdict] = []
    if explain and chosen is not None:
        verdicts = [
            _verdict(i, chosen, total, scores, affordable, best) for i in range(len(scores))
        ]
    return Portfolio(
        chosen=chosen or (),
        feasible=chosen is not None,
        total=total,
        cost=float(costs[list(chosen)].sum()) if chosen else 0.0,
        unconstrained=free,
        unconstrained_total=float(scores[list(free)].sum()),
        required_groups=required,
        verdicts=tuple(verdicts),
    )


def _verdict(
    index: int,
    chosen: tuple[int, ...],
    total: float,
    scores: FloatArray,
    affordable: BoolArray,
    best: Callable[[dict[int, bool]], tuple[int, ...] | None],
) -> Verdict:
    inside = index in chosen
    if not inside and not affordable[index]:
        return Verdict(index, Why.OVER_BUDGET, None)
    flipped = best({index: not inside})
    if flipped is None:
        return Verdict(index, Why.CHOSEN if inside else Why.CONFLICTS, None)
    delta = total - float(scores[list(flipped)].sum())
    swapped = tuple(sorted((set(chosen) ^ set(flipped)) - {index}))
    return Verdict(index, Why.CHOSEN if inside else Why.DISPLACED, delta, swapped)
