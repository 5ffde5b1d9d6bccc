"""How close a request is to one past activity, request or partnership, and why.

Shared by the connection mechanisms (similar initiatives, funding leads): the shared
objectives, the closest shared place, and how recent the item is. Text closeness comes
from `matching.textspace`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import numpy as np

from matching.places import LEVELS as PLACE_LEVELS
from matching.profiles import PastActivity, Query, objective_weights

__all__ = ["PLACE_LEVELS", "UNDATED_WEIGHT", "Closeness", "closeness", "halved", "recency"]

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


def recency(start: date | None, anchor: date, half_life_days: float) -> float:
    """Weight that halves every half-life before `anchor`; an undated item counts half."""
    if start is None:
        return UNDATED_WEIGHT
    return float(halved(max((anchor - start).days, 0), half_life_days))


def halved(age_days: Age, half_life_days: float) -> Age:
    """The weight of something `age_days` old: 1 when new, halving every half-life."""
    weight: Age = np.power(0.5, age_days / half_life_days)
    return weight
