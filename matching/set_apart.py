"""Who a request's list sets apart whatever the scores, and its top-n around them.

Coordinators' decisions fix places on a request's list: a partner rejected for it, or
in a conflict of interest with its requester, is never listed; one accepted and still
engaged is listed first. Everyone else is listed by score, near-duplicates and
over-exposed candidates skipped (`matching.diversity`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np

from matching.decisions import trains
from matching.diversity import Duplicates
from matching.profiles import Decision, Query

__all__ = ["SetApart", "top"]


class SetApart:
    """Per request, the candidates (by position) out (rejected) and first (accepted,
    still engaged); per requester, those out (a conflict of interest, for its request
    alone if private). A party's own wish (`interest`) sets no one apart."""

    def __init__(self, decisions: Sequence[Decision], positions: Mapping[str, int]) -> None:
        self.rejected: dict[str, set[int]] = {}
        self.conflicts: dict[str, set[int]] = {}
        self.pinned: dict[str, set[int]] = {}
        for d in decisions:
            where = positions.get(d.candidate)
            if where is None or d.interest:
                continue
            if not trains(d) and d.query.requester and not d.private:
                self.conflicts.setdefault(d.query.requester, set()).add(where)
            if not d.accepted:
                self.rejected.setdefault(d.query.id, set()).add(where)
            elif d.holds:
                self.pinned.setdefault(d.query.id, set()).add(where)

    def of(self, query: Query) -> tuple[set[int], set[int]]:
        """Positions never listed for `query` and those listed first."""
        shunned = self.rejected.get(query.id, set()) | self.conflicts.get(
            query.requester or "", set()
        )
        return shunned, self.pinned.get(query.id, set()) - shunned


def top(
    cols: np.ndarray,
    scores: np.ndarray,
    n: int,
    apart: tuple[set[int], set[int]],
    blocked: np.ndarray,
    duplicates: Duplicates,
    exposure: Counter[int],
    max_exposure: int | None,
) -> np.ndarray:
    """Places in `cols` of the best candidates: the pinned ones first (`apart`, from
    `SetApart.of`), then the rest, skipping the shunned ones (and their near-duplicates),
    the places `blocked` (the requester, excluded candidates) and over-exposed ones."""
    shunned, pinned = apart
    out = np.array(sorted(shunned | pinned), dtype=np.int64)
    blocked = blocked | np.isin(cols, out)
    first = np.flatnonzero(np.isin(cols, np.array(sorted(pinned), dtype=np.int64)))
    first = first[np.argsort(-scores[first], kind="stable")][:n]
    allowed = np.flatnonzero(~blocked)
    n -= first.size
    if n <= 0 or allowed.size == 0:
        return first
    capped = sum(1 for v in exposure.values() if max_exposure is not None and v >= max_exposure)
    # A short list with room for the skipped ones; the full order only when it falls short.
    room = min(allowed.size, 4 * n + capped + len(shunned))
    best = allowed[np.argpartition(-scores[allowed], room - 1)[:room]]
    order = best[np.argsort(-scores[best], kind="stable")]
    avoid = sorted(shunned | pinned)
    chosen = duplicates.pick(cols[order], n, exposure, max_exposure, avoid)
    if len(chosen) < n and room < allowed.size:
        order = allowed[np.argsort(-scores[allowed], kind="stable")]
        chosen = duplicates.pick(cols[order], n, exposure, max_exposure, avoid)
    where = {c: i for i, c in enumerate(cols[order].tolist())}
    return np.concatenate([first, order[[where[c] for c in chosen]] if chosen else order[:0]])
