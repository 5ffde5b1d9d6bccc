"""Whether a ranking of everyone lists a candidate, learnt for that candidate alone.

A ranking of everyone walks all candidates in score order and leaves out each
near-duplicate of one listed before it, or of one set apart (`Duplicates.pick`). On a
large hub that walk costs seconds, yet whether one candidate is listed depends only on
its near-duplicates ranked before it: `Listing` follows those alone, so a consortium
that reads a few dozen candidates settles only them.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from matching.diversity import NEAR_IDENTICAL, Duplicates

__all__ = ["Listing", "NearDuplicates"]


class NearDuplicates:
    """Each candidate's near-duplicates among all candidates, by the test `pick` applies
    (a group, a spelling or a trigram prefix in common, then the trigram likeness),
    found on demand and kept: one per fitted model, shared by its calls."""

    def __init__(self, duplicates: Duplicates) -> None:
        self.duplicates = duplicates
        self._lock = threading.Lock()
        self._buckets: tuple[dict[str, list[int]], dict[str, list[int]], dict[int, list[int]]]
        self._built = False
        self._found: dict[int, list[int]] = {}

    def _index(self) -> None:
        """Who holds each group, spelling and prefix trigram: one pass over every name."""
        with self._lock:
            if self._built:
                return
            groups: dict[str, list[int]] = defaultdict(list)
            spellings: dict[str, list[int]] = defaultdict(list)
            prefixes: dict[int, list[int]] = defaultdict(list)
            kept = self.duplicates
            for position, group in enumerate(kept.groups):
                if group is not None:
                    groups[group].append(position)
                for spelling in kept.spellings_of(position):
                    spellings[spelling].append(position)
                for trigram in kept.prefix(position):
                    prefixes[trigram].append(position)
            self._buckets = (dict(groups), dict(spellings), dict(prefixes))
            self._built = True

    def of(self, position: int) -> list[int]:
        """The candidates `pick` takes for near-duplicates of `position`, ascending."""
        found = self._found.get(position)
        if found is not None:
            return found
        self._index()
        groups, spellings, prefixes = self._buckets
        kept = self.duplicates
        near: set[int] = set()
        group = kept.groups[position]
        if group is not None:
            near.update(groups[group])
        for spelling in kept.spellings_of(position):
            near.update(spellings[spelling])
        mine = set(kept.trigrams_of(position))
        met = set(near)
        for trigram in kept.prefix(position):
            for other in prefixes[trigram]:
                if other in met:
                    continue
                met.add(other)
                theirs = set(kept.trigrams_of(other))
                if NEAR_IDENTICAL * max(len(mine), len(theirs)) > min(len(mine), len(theirs)):
                    continue
                if len(mine & theirs) >= NEAR_IDENTICAL * len(mine | theirs):
                    near.add(other)
        near.discard(position)
        found = sorted(near)
        self._found[position] = found
        return found


class Listing:
    """Which candidates a ranking lists when it walks `allowed` ones by descending
    `scores` (ties: lower position first) after keeping `avoid`, as `Duplicates.pick`
    walks them; each answer found through earlier near-duplicates only and kept."""

    def __init__(
        self,
        near: NearDuplicates,
        scores: np.ndarray,
        allowed: np.ndarray,
        avoid: Iterable[int] = (),
    ) -> None:
        self.near = near
        self.scores = scores
        self.allowed = allowed
        self._avoided = {other for a in avoid for other in [a, *near.of(a)]}
        self._listed: dict[int, bool] = {}

    def _before(self, one: int, other: int) -> bool:
        mine, theirs = self.scores[one], self.scores[other]
        return bool(mine > theirs or (mine == theirs and one < other))

    def listed(self, position: int) -> bool:
        """Whether the walk keeps `position`: allowed, near nothing set apart and near no
        candidate it keeps earlier."""
        if not self.allowed[position]:
            return False
        pending = [position]
        while pending:
            current = pending[-1]
            if current in self._listed:
                pending.pop()
                continue
            if current in self._avoided:
                self._listed[current] = False
                pending.pop()
                continue
            earlier = [
                other
                for other in self.near.of(current)
                if self.allowed[other] and self._before(other, current)
            ]
            if any(self._listed.get(other, False) for other in earlier):
                self._listed[current] = False
                pending.pop()
                continue
            unknown = [other for other in earlier if other not in self._listed]
            if unknown:
                pending.extend(unknown)
                continue
            self._listed[current] = True
            pending.pop()
        return self._listed[position]
