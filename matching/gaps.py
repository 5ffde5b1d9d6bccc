"""The supply-demand gap matrix: objectives x areas, open requests against providers.

A cell counts the open requests on an objective in an area, the providers offering
that objective there, and the engagements they can still take; separately, the
organisations whose recent track record shows them doing that work there, and the
engagements a year that record shows. The emptiest cells, asked for and served by
nobody or by too few, are where the hub should look for new partners. Objectives only
the tagger suggested count at `SUGGESTED_WEIGHT` in the demand and the engagements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matching.profiles import SUGGESTED_WEIGHT

__all__ = ["Demand", "Gap", "GapMatrix", "Supply", "gap_matrix", "records"]

UNKNOWN_CAPACITY = 1.0
"""An offer that states no capacity is counted as one engagement."""


@dataclass(frozen=True, slots=True)
class Demand:
    """An open request, reduced to its objectives and the areas it concerns."""

    id: str
    objectives: tuple[int, ...]
    areas: tuple[str, ...]
    suggested_objectives: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Supply:
    """An offer, or a recent activity (`declared=False`): who provides which objectives
    where, with how many engagements (left, or a year)."""

    provider: str
    objectives: tuple[int, ...]
    areas: tuple[str, ...]
    capacity: float | None
    declared: bool = True
    suggested_objectives: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Gap:
    """`demand` counts the requests with suggested objectives at `SUGGESTED_WEIGHT`."""

    objective: int
    area: str
    requests: int
    providers: int
    capacity: float
    record_providers: int = 0
    record_capacity: float = 0.0
    demand: float = 0.0
    """The requests, those with suggested objectives counted at `SUGGESTED_WEIGHT`."""

    @property
    def ratio(self) -> float:
        """Demand per engagement available, declared or shown by track records;
        infinite when nobody can take any."""
        both = self.capacity + self.record_capacity
        return self.demand / both if both else float("inf")


@dataclass(frozen=True, slots=True)
class GapMatrix:
    """Counts per (objective, area); `gaps` are cells with demand, worst first.
    `providers` and `capacity` come from offers, the `record_` ones from track records."""

    objectives: tuple[int, ...]
    areas: tuple[str, ...]
    requests: np.ndarray
    providers: np.ndarray
    capacity: np.ndarray
    gaps: tuple[Gap, ...]
    record_providers: np.ndarray
    record_capacity: np.ndarray
    demand: np.ndarray


def records(
    supply: Sequence[Supply], areas: Sequence[str], objectives: Iterable[int] = range(1, 24)
) -> tuple[np.ndarray, np.ndarray]:
    """The track-record part of the matrix (`record_providers`, `record_capacity`) from
    the supply that is not `declared`: the same for every caller, so it can be kept."""
    rows = {o: i for i, o in enumerate(objectives)}
    cols = {a: j for j, a in enumerate(areas)}
    recorded = [s for s in supply if not s.declared]
    return _supplied(recorded, rows, cols, (len(rows), len(cols)), {})


def gap_matrix(
    demand: Sequence[Demand],
    supply: Sequence[Supply],
    areas: Sequence[str],
    objectives: Iterable[int] = range(1, 24),
    limits: Mapping[str, float] | None = None,
    track_records: tuple[np.ndarray, np.ndarray] | None = None,
) -> GapMatrix:
    """Fill the matrix; `limits` caps what one provider adds to a cell, whatever it offers.
    `track_records`, `records` of the supply, spares walking the track records again."""
    objectives = list(objectives)
    rows = {o: i for i, o in enumerate(objectives)}
    cols = {a: j for j, a in enumerate(areas)}
    requests = np.zeros((len(rows), len(cols)), dtype=int)
    weighted = np.zeros(requests.shape, dtype=float)
    for item in demand:
        for o in set(item.objectives) & rows.keys():
            weight = SUGGESTED_WEIGHT if o in item.suggested_objectives else 1.0
            for a in set(item.areas) & cols.keys():
                requests[rows[o], cols[a]] += 1
                weighted[rows[o], cols[a]] += weight
    providers, capacity = _supplied(
        [s for s in supply if s.declared], rows, cols, requests.shape, limits or {}
    )
    recorded, record_capacity = track_records or records(supply, areas, objectives)
    names = list(rows)
    gaps = [
        Gap(
            names[i],
            areas[j],
            int(requests[i, j]),
            int(providers[i, j]),
            float(capacity[i, j]),
            int(recorded[i, j]),
            float(record_capacity[i, j]),
            float(weighted[i, j]),
        )
        for i, j in zip(*np.nonzero(requests), strict=True)
    ]
    gaps.sort(key=lambda g: (-g.ratio, -g.demand, g.objective, g.area))
    return GapMatrix(
        tuple(names),
        tuple(areas),
        requests,
        providers,
        capacity,
        tuple(gaps),
        recorded,
        record_capacity,
        weighted,
    )


def _supplied(
    supply: Sequence[Supply],
    rows: Mapping[int, int],
    cols: Mapping[str, int],
    shape: tuple[int, ...],
    limits: Mapping[str, float],
) -> tuple[np.ndarray, np.ndarray]:
    """Providers and their engagements per cell, one provider's capped by its limit."""
    offered: dict[tuple[int, int], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for offer in supply:
        engagements = UNKNOWN_CAPACITY if offer.capacity is None else offer.capacity
        if engagements <= 0:
            continue
        for o in set(offer.objectives) & rows.keys():
            weight = SUGGESTED_WEIGHT if o in offer.suggested_objectives else 1.0
            for a in set(offer.areas) & cols.keys():
                offered[(rows[o], cols[a])][offer.provider] += engagements * weight
    providers = np.zeros(shape, dtype=int)
    capacity = np.zeros(shape, dtype=float)
    for cell, by_provider in offered.items():
        left = [min(amount, limits.get(p, amount)) for p, amount in by_provider.items()]
        providers[cell] = sum(1 for amount in left if amount > 0)
        capacity[cell] = sum(amount for amount in left if amount > 0)
    return providers, capacity
