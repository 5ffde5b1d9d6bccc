"""How close a request is to one past activity, request or partnership, and why.

Shared by the connection mechanisms (similar initiatives, funding leads): the shared
objectives, the closest shared place, and how recent the item is. Text closeness comes
from `matching.textspace`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import numpy as np
import scipy.sparse as sp

from matching.places import LEVELS as PLACE_LEVELS
from matching.profiles import PastActivity, Query, objective_weights

__all__ = [
    "PLACE_LEVELS",
    "UNDATED_WEIGHT",
    "Closeness",
    "Relevance",
    "closeness",
    "halved",
    "holding",
    "membership",
    "recency",
]

Age = TypeVar("Age", float, np.ndarray)

UNDATED_WEIGHT = 0.5
"""What an item of unknown age counts, against 1 for a new one."""


@dataclass(frozen=True, slots=True)
class Closeness:
    text: float
    shared_objectives: tuple[int, ...]
    objectives: float
    place: str | None
    shared_places: tuple[str, ...]
    place_level: float


def closeness(query: Query, item: PastActivity, text: float) -> Closeness:
    """Objective overlap (Jaccard, suggested objectives weighing less) and the closest
    level at which places are shared."""
    asked, held = objective_weights(query), objective_weights(item)
    shared = tuple(sorted(asked.keys() & held.keys()))
    union = asked.keys() | held.keys()
    # Jaccard where a shared objective counts at its weaker side's weight.
    # Two untagged items share nothing.
    overlap = sum(min(asked[o], held[o]) for o in shared) / len(union) if union else 0.0
    for level, mine, theirs in (
        ("country", query.countries, item.countries),
        ("subregion", query.subregions, item.subregions),
        ("region", query.regions, item.regions),
    ):
        places = tuple(sorted(set(mine) & set(theirs)))
        if places:
            return Closeness(text, shared, overlap, level, places, PLACE_LEVELS[level])
    return Closeness(text, shared, overlap, None, (), 0.0)


class Relevance:
    """The objectives and places of a fixed list of items as arrays: `closeness`'s
    objective overlap and place level with all of them at once, to the same bits."""

    def __init__(self, items: Sequence[PastActivity]) -> None:
        objectives = sorted({o for item in items for o in item.objectives})
        self.objective_columns = {o: column for column, o in enumerate(objectives)}
        # by column: a call reads the columns of the objectives it asks about
        self.held = np.zeros((len(items), len(objectives)), order="F")
        for row, item in enumerate(items):
            for o, weight in objective_weights(item).items():
                self.held[row, self.objective_columns[o]] = weight
        self.counts = np.count_nonzero(self.held, axis=1)
        self._places = [
            (PLACE_LEVELS[level], *membership([getattr(item, field) for item in items]))
            for level, field in (
                ("country", "countries"),
                ("subregion", "subregions"),
                ("region", "regions"),
            )
        ]

    def objectives(self, query: Query) -> np.ndarray:
        """Each item's objective overlap with the request (`Closeness.objectives`)."""
        asked = objective_weights(query)
        overlap = np.zeros(self.held.shape[0])
        shared = np.zeros(self.held.shape[0], dtype=np.int64)
        for o in sorted(asked):
            if o in self.objective_columns:
                held = self.held[:, self.objective_columns[o]]
                overlap += np.minimum(asked[o], held)  # an absent objective holds 0
                shared += held > 0
        union = len(asked) + self.counts - shared
        found: np.ndarray = np.divide(overlap, union, out=np.zeros_like(overlap), where=union > 0)
        return found

    def place_levels(self, query: Query) -> np.ndarray:
        """Each item's closest shared place level with the request, 0 for none."""
        found = np.zeros(self.held.shape[0])
        placed = np.zeros(found.size, dtype=bool)
        asked_places = (query.countries, query.subregions, query.regions)
        for (level, known, matrix), asked in zip(self._places, asked_places, strict=True):
            columns = sorted({known[p] for p in asked if p in known})
            if not columns:
                continue
            hit = holding(matrix, columns)
            found[hit & ~placed] = level
            placed |= hit
        return found


def membership(held: list[tuple[str, ...]]) -> tuple[dict[str, int], sp.csc_matrix]:
    """Which items hold which places, as a vocabulary and an items x places matrix."""
    known = {p: column for column, p in enumerate(sorted({p for ps in held for p in ps}))}
    rows = [row for row, ps in enumerate(held) for _ in set(ps)]
    columns = [known[p] for ps in held for p in set(ps)]
    matrix = sp.csc_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(held), len(known)))
    return known, matrix


def holding(matrix: sp.csc_matrix, columns: Iterable[int]) -> np.ndarray:
    """Which items of a `membership` matrix hold any of `columns`, read from those
    columns alone."""
    found = np.zeros(matrix.shape[0], dtype=bool)
    for column in columns:
        found[matrix.indices[matrix.indptr[column] : matrix.indptr[column + 1]]] = True
    return found


def recency(start: date | None, anchor: date, half_life_days: float) -> float:
    """Weight that halves every half-life before `anchor`; an undated item counts half."""
    if start is None:
        return UNDATED_WEIGHT
    return float(halved(max((anchor - start).days, 0), half_life_days))


def halved(age_days: Age, half_life_days: float) -> Age:
    """The weight of something `age_days` old: 1 when new, halving every half-life."""
    weight: Age = np.power(0.5, age_days / half_life_days)
    return weight
