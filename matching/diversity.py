"""Keep near-duplicates and the most popular partners from crowding recommendation lists."""

from __future__ import annotations

import re
from collections import Counter
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
        self.trigrams: dict[int, frozenset[str]] = {}
        self.spellings: dict[int, frozenset[str]] = {}

    def _spellings_of(self, position: int) -> frozenset[str]:
        if position not in self.spellings:
            found = {self.names[position], *(normalise(a) for a in self.aliases[position])}
            self.spellings[position] = frozenset(found - {""})
        return self.spellings[position]

    def _trigrams_of(self, position: int) -> frozenset[str]:
        if position not in self.trigrams:
            self.trigrams[position] = _trigrams(self.names[position])
        return self.trigrams[position]

    def same(self, one: int, other: int) -> bool:
        """Whether two candidates are near-duplicates."""
        if self.groups[one] is not None and self.groups[one] == self.groups[other]:
            return True
        if self._spellings_of(one) & self._spellings_of(other):
            return True
        mine, theirs = self._trigrams_of(one), self._trigrams_of(other)
        return len(mine & theirs) >= NEAR_IDENTICAL * len(mine | theirs)

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
        `max_exposure` times in this batch (counted in `exposure`)."""
        chosen: list[int] = []
        for position in order.tolist():
            if max_exposure is not None and exposure[position] >= max_exposure:
                continue
            if any(self.same(position, other) for other in (*avoid, *chosen)):
                continue
            chosen.append(position)
            if len(chosen) == n:
                break
        return chosen
