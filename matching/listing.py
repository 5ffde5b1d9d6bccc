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
        self._index: _Index | None = None
        self._found: dict[int, np.ndarray] = {}

    def _built(self) -> _Index:
        """Who holds each group, spelling and prefix trigram, and every name's trigrams
        as a sparse matrix: one pass over every name, on the first question."""
        with self._lock:
            if self._index is None:
                self._index = _Index(self.duplicates)
            return self._index

    def of(self, position: int) -> np.ndarray:
        """The candidates `pick` takes for near-duplicates of `position`, ascending."""
        found = self._found.get(position)
        if found is None:
            found = self._found[position] = self._built().near(position)
        return found


class _Index:
    """Candidates by group, spelling and prefix trigram, and every name's trigrams."""

    def __init__(self, duplicates: Duplicates) -> None:
        self.duplicates = duplicates
        groups: dict[str, list[int]] = defaultdict(list)
        spellings: dict[str, list[int]] = defaultdict(list)
        prefixes: dict[int, list[int]] = defaultdict(list)
        for position, group in enumerate(duplicates.groups):
            if group is not None:
                groups[group].append(position)
            for spelling in duplicates.spellings_of(position):
                spellings[spelling].append(position)
            for trigram in duplicates.prefix(position):
                prefixes[trigram].append(position)
        self.groups = {g: np.array(held) for g, held in groups.items()}
        self.spellings = {s: np.array(held) for s, held in spellings.items()}
        self.prefixes = {t: np.array(held) for t, held in prefixes.items()}
        self.starts, self.flat = duplicates.trigram_rows()
        self.sizes = np.diff(self.starts)
        self.vocabulary = int(self.flat.max(initial=0)) + 1

    def _shared(self, position: int, others: np.ndarray) -> np.ndarray:
        """How many trigrams each of `others` shares with `position` (names have at
        least one): its trigrams marked, theirs read from the flat rows."""
        mine = self.flat[self.starts[position] : self.starts[position + 1]]
        mark = np.zeros(self.vocabulary, dtype=bool)
        mark[mine] = True
        sizes = self.sizes[others]
        offsets = np.cumsum(sizes) - sizes
        at = np.repeat(self.starts[others] - offsets, sizes) + np.arange(sizes.sum())
        shared: np.ndarray = np.add.reduceat(mark[self.flat[at]].astype(np.int64), offsets)
        return shared

    def near(self, position: int) -> np.ndarray:
        kept = self.duplicates
        found = [np.zeros(0, dtype=np.int64)]
        group = kept.groups[position]
        if group is not None:
            found.append(self.groups[group])
        found += [self.spellings[s] for s in kept.spellings_of(position)]
        met = np.unique(
            np.concatenate([found[0], *(self.prefixes[t] for t in kept.prefix(position))])
        )
        # Sets this far apart in size cannot be alike enough: only the rest are compared.
        size = self.sizes[position]
        least, most = np.minimum(self.sizes[met], size), np.maximum(self.sizes[met], size)
        met = met[NEAR_IDENTICAL * most <= least]
        if met.size:
            shared = self._shared(position, met)
            union = self.sizes[met] + size - shared
            found.append(met[shared >= NEAR_IDENTICAL * union])
        near = np.unique(np.concatenate(found))
        others: np.ndarray = near[near != position]
        return others


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
        self._avoided = {other for a in avoid for other in [a, *near.of(a).tolist()]}
        self._listed: dict[int, bool] = {}

    def _earlier(self, position: int) -> list[int]:
        """Its near-duplicates the walk meets before it, in the walk's order."""
        near = self.near.of(position)
        near = near[self.allowed[near]]
        mine, theirs = self.scores[position], self.scores[near]
        near = near[(theirs > mine) | ((theirs == mine) & (near < position))]
        ordered: list[int] = near[np.lexsort((near, -self.scores[near]))].tolist()
        return ordered

    def listed(self, position: int) -> bool:
        """Whether the walk keeps `position`: allowed, near nothing set apart and near no
        candidate it keeps earlier. Earlier ones are settled best first, so that the
        first kept one (mostly the best) ends the search."""
        if not self.allowed[position]:
            return False
        # A chain of candidates, each waiting on the next: (candidate, its earlier
        # near-duplicates, how many of them are known not to be kept).
        pending: list[tuple[int, list[int], int]] = []

        def visit(current: int) -> None:
            if current in self._avoided:
                self._listed[current] = False
            elif current not in self._listed:
                pending.append((current, self._earlier(current), 0))

        visit(position)
        while pending:
            current, earlier, skipped = pending[-1]
            while skipped < len(earlier) and self._listed.get(earlier[skipped]) is False:
                skipped += 1
            pending[-1] = (current, earlier, skipped)
            if skipped == len(earlier):
                self._listed[current] = True
            elif self._listed.get(earlier[skipped]):
                self._listed[current] = False
            else:
                visit(earlier[skipped])
                continue
            pending.pop()
        return self._listed[position]
