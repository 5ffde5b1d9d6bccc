"""What a consortium reads of every candidate, kept so that a call reads a few.

Per served model: each candidate's near-duplicates (`matching.listing`), read from the
lists its fit found (an artifact's model), or else found as calls need them and kept
with the model. Per store revision and model: coverage rows and
kinds (`matching.teams.TeamPool`) and what the composition rules ask of each
candidate. A caller's capacity left is laid over them per call: few state one.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass

import numpy as np

from hub.domain import geography
from hub.domain.records import Stakeholder, StakeholderKind
from hub.matchmaking.artifact import Stamp
from hub.matchmaking.provider import Fitted, models
from hub.store import Store
from matching.listing import NearDuplicates
from matching.profiles import Candidate
from matching.recommender import PartnerRecommender
from matching.teams import TeamPool

__all__ = ["Composition", "composition_of", "left_of", "near_duplicates"]

_near: weakref.WeakKeyDictionary[PartnerRecommender, NearDuplicates] = weakref.WeakKeyDictionary()
_lock = threading.Lock()
_NONE = -2
"""The code of a kind or region no candidate has (-1 stands for none known)."""


def near_duplicates(fitted: Fitted) -> NearDuplicates:
    """The near-duplicates of the model's candidates, kept as long as the model."""
    recommender = fitted.recommender
    with _lock:
        found = _near.get(recommender)
        if found is None:
            found = _near[recommender] = NearDuplicates(recommender.duplicates_, fitted.near)
        return found


@dataclass(frozen=True, slots=True)
class Composition:
    """The team pool, and per candidate its stakeholder kind, the region of its home
    country (as codes), and the regions it serves if it is a regional body."""

    pool: TeamPool
    kinds: np.ndarray
    regions: np.ndarray
    codes: dict[str, int]
    bodies: tuple[tuple[int, frozenset[str]], ...]
    stamp: Stamp
    """Which served model the candidates come from."""

    def of_kind(self, kinds: frozenset[StakeholderKind]) -> np.ndarray:
        found: np.ndarray = np.isin(self.kinds, [self.codes.get(k.value, _NONE) for k in kinds])
        return found

    def based_in(self, regions: set[str]) -> np.ndarray:
        """As `consortium._based_in` decides, for the model's candidates."""
        found: np.ndarray = np.isin(self.regions, [self.codes.get(r, _NONE) for r in regions])
        for position, served in self.bodies:
            found[position] |= bool(regions & served)
        return found


def composition_of(
    store: Store, stamp: Stamp, present: dict[str, Candidate], stakeholders: dict[str, Stakeholder]
) -> Composition:
    """The `Composition` of the candidates of the model `stamp` names (`present`, in its
    order), built once per revision and model."""

    def build() -> Composition:
        table = geography.countries()
        held = [stakeholders.get(c) for c in present]
        codes: dict[str, int] = {}

        def code(name: str) -> int:
            return codes.setdefault(name, len(codes))

        return Composition(
            pool=TeamPool.of(list(present.values())),
            kinds=np.array([code(s.kind.value) if s else -1 for s in held], dtype=np.int64),
            regions=np.array(
                [
                    code(table[s.home_country].region) if s and s.home_country in table else -1
                    for s in held
                ],
                dtype=np.int64,
            ),
            codes=codes,
            bodies=tuple(
                (i, frozenset(s.regions))
                for i, s in enumerate(held)
                if s is not None and s.kind is StakeholderKind.REGIONAL_BODY
            ),
            stamp=stamp,
        )

    return models(store).table(("team composition", stamp), build)


def left_of(
    recommender: PartnerRecommender, left: dict[str, float]
) -> tuple[list[float | None], np.ndarray]:
    """Each candidate's capacity left as `left` (what one caller may see) tells it, in
    the model's order, and who is not full: read per call from the few who state one."""
    capacity: list[float | None] = [None] * len(recommender.candidates_)
    free = np.ones(len(capacity), dtype=bool)
    for candidate, engagements in left.items():
        position = recommender.positions_.get(candidate)
        if position is not None:
            capacity[position] = engagements
            free[position] = engagements != 0
    return capacity, free
