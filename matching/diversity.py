"""Keep near-duplicates and the most popular partners from crowding recommendation lists."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np

from matching.names import normalise
from matching.profiles import Candidate

__all__ = ["NEAR_IDENTICAL", "Duplicates"]

NEAR_IDENTICAL = 0.8
"""Character-trigram Jaccard above which two names count as the same organisation."""

_BRACKETED = re.compile(r"\([^)]*\)")


def _trigrams(name: str) -> frozenset[str]:
    padded = f"  {name} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


class Duplicates:
    """Tells near-duplicate candidates apart: the same `group`, a name or alias in
    common, or nearly the same name.

    "International Rice Research Institute (IRRI)" and "International Rice Research
    Institute", or "Departement of ..." and "Department of ...", count as one; so do
    two ids of one organisation that the hub knows under a shared alias.
    """

    def __init__(self, candidates: Sequence[Candidate]) -> None:
        self.groups = [c.group for c in candidates]
        self.names = [normalise(_BRACKETED.sub(" ", c.name)) or c.id for c in candidates]
        self.aliases = [c.aliases for c in candidates]
        # Filled as candidates reach a top: most never do.
        self.spellings: dict[int, frozenset[str]] = {}
        self._trigram_ids: tuple[np.ndarray, np.ndarray] | None = None

    def spellings_of(self, position: int) -> frozenset[str]:
        if position not in self.spellings:
            found = {self.names[position], *(normalise(a) for a in self.aliases[position])}
            self.spellings[position] = frozenset(found - {""})
        return self.spellings[position]

    def trigrams_of(self, position: int) -> list[int]:
        """A name's distinct trigrams as numbers, rarest among all names first."""
        starts, flat = self.trigram_rows()
        found: list[int] = flat[starts[position] : starts[position + 1]].tolist()
        return found

    def trigram_rows(self) -> tuple[np.ndarray, np.ndarray]:
        """Every name's `trigrams_of`, as row starts into one flat array."""
        if self._trigram_ids is None:
            # Numbered once, on the first list that needs them, for every name: a long
            # list (a consortium ranks everyone) then reads them from two flat arrays.
            named = [_trigrams(name) for name in self.names]
            counts = Counter(t for trigrams in named for t in trigrams)
            rank = {t: i for i, t in enumerate(sorted(counts, key=lambda t: (counts[t], t)))}
            rows = [sorted(rank[t] for t in trigrams) for trigrams in named]
            starts = np.cumsum([0, *(len(row) for row in rows)])
            flat = np.fromiter((i for row in rows for i in row), dtype=np.int32, count=starts[-1])
            self._trigram_ids = (starts, flat)
        return self._trigram_ids

    def same(self, one: int, other: int) -> bool:
        """Whether two candidates are near-duplicates."""
        if self.groups[one] is not None and self.groups[one] == self.groups[other]:
            return True
        if self.spellings_of(one) & self.spellings_of(other):
            return True
        mine, theirs = set(self.trigrams_of(one)), set(self.trigrams_of(other))
        return len(mine & theirs) >= NEAR_IDENTICAL * len(mine | theirs)

    def prefix(self, position: int) -> list[int]:
        """The rarest trigrams of a name, as many as two names alike at `NEAR_IDENTICAL`
        must share one of (prefix filtering): if |A & B| >= t * |A | B|, the first
        |A| - ceil(t |A|) + 1 of A and of B, in one order, meet. Rounded to be longer."""
        trigrams = self.trigrams_of(position)
        size = len(trigrams)
        return trigrams[: size - math.ceil(NEAR_IDENTICAL * size - 1e-9) + 1]

    def pick(
        self,
        order: np.ndarray,
        n: int,
        exposure: Counter[int],
        max_exposure: int | None = None,
        avoid: Sequence[int] = (),
    ) -> list[int]:
        """The first `n` of `order`, skipping near-duplicates of an earlier pick or of
        `avoid` (e.g. the aliases of a rejected partner) and candidates already shown
        `max_exposure` times in this batch (counted in `exposure`).

        Each candidate is checked against those kept so far through their groups,
        spellings and trigram prefixes, not one by one: ranking all of a large hub
        stays linear."""
        chosen: list[int] = []
        groups: set[str] = set()
        spellings: set[str] = set()
        posted: dict[int, list[int]] = defaultdict(list)

        def keep(position: int) -> None:
            group = self.groups[position]
            if group is not None:
                groups.add(group)
            spellings.update(self.spellings_of(position))
            for trigram in self.prefix(position):
                posted[trigram].append(position)

        held: dict[int, set[int]] = {}

        def trigrams(position: int) -> set[int]:
            if position not in held:
                held[position] = set(self.trigrams_of(position))
            return held[position]

        def near(position: int) -> bool:
            if self.groups[position] in groups or self.spellings_of(position) & spellings:
                return True
            mine = trigrams(position)
            met: set[int] = set()
            for trigram in self.prefix(position):
                for other in posted.get(trigram, ()):
                    if other in met:
                        continue
                    met.add(other)
                    theirs = trigrams(other)
                    # Sets this far apart in size cannot be alike enough.
                    if NEAR_IDENTICAL * max(len(mine), len(theirs)) > min(len(mine), len(theirs)):
                        continue
                    if len(mine & theirs) >= NEAR_IDENTICAL * len(mine | theirs):
                        return True
            return False

        for position in avoid:
            keep(position)
        for position in order.tolist():
            if max_exposure is not None and exposure[position] >= max_exposure:
                continue
            if near(position):
                continue
            chosen.append(position)
            keep(position)
            if len(chosen) == n:
                break
        return chosen
