"""`matching.consortium.build_consortium` on rows kept per model, reading few candidates.

The builder weighs every candidate of a ranking of everyone: its coverage, its factor
(its score rescaled, or FLOOR for a near-duplicate the ranking leaves out) and its
place in the list. Here coverage is one column operation per part of the need over
incidence matrices built once (`TeamPool`); a factor starts as the most a candidate
can have (listed) and is settled (`matching.listing`) only for a candidate that would
win a step with it: a settled factor is never higher, so the winner among settled ones
is the winner. The team, its factors and its report are those `build_consortium` gives.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.consortium import FLOOR, Consortium, Member
from matching.listing import Listing
from matching.profiles import Candidate

__all__ = ["TeamPool", "Weights", "weigh_team"]

_IN_ORDER = 64
"""How many candidates of an end of the ranking are sorted at once to find its first
listed one: a near-duplicate seldom stands at either end."""


def _incidence(rows: Sequence[Iterable[Hashable]]) -> tuple[sp.csc_matrix, dict[Hashable, int]]:
    index: dict[Hashable, int] = {}
    cols = [[index.setdefault(value, len(index)) for value in set(row)] for row in rows]
    data = [(i, j) for i, row in enumerate(cols) for j in row]
    pairs = np.array(data, dtype=np.int64).reshape(-1, 2)
    shape = (len(rows), max(len(index), 1))
    ones = np.ones(len(data), dtype=bool)
    return sp.csc_matrix((ones, (pairs[:, 0], pairs[:, 1])), shape=shape), index


@dataclass(frozen=True, slots=True)
class TeamPool:
    """Each candidate's objectives, countries, declared subregions and kind as rows,
    in the ranking's candidate order: what a team builder asks of everyone."""

    ids: tuple[str, ...]
    kinds: np.ndarray
    kind_names: tuple[str, ...]
    objectives: tuple[sp.csc_matrix, dict[Hashable, int]]
    countries: tuple[sp.csc_matrix, dict[Hashable, int]]
    subregions: tuple[sp.csc_matrix, dict[Hashable, int]]

    @classmethod
    def of(cls, candidates: Sequence[Candidate]) -> TeamPool:
        names = sorted({c.kind for c in candidates})
        code = {name: i for i, name in enumerate(names)}
        return cls(
            ids=tuple(c.id for c in candidates),
            kinds=np.array([code[c.kind] for c in candidates], dtype=np.int64),
            kind_names=tuple(names),
            objectives=_incidence([c.objectives for c in candidates]),
            countries=_incidence([c.countries for c in candidates]),
            subregions=_incidence([c.subregions for c in candidates]),
        )

    def _column(
        self, rows: tuple[sp.csc_matrix, dict[Hashable, int]], value: Hashable
    ) -> np.ndarray:
        matrix, index = rows
        found = np.zeros(len(self.ids), dtype=bool)
        if value in index:
            j = index[value]
            found[matrix.indices[matrix.indptr[j] : matrix.indptr[j + 1]]] = True
        return found

    def cover(self, need: Sequence[str], containing: Mapping[str, Iterable[str]]) -> np.ndarray:
        """Candidates x parts of the need each covers, as `consortium._coverage` decides."""
        found = np.zeros((len(self.ids), len(need)), dtype=bool)
        for j, part in enumerate(need):
            kind, value = part.split(":", 1)
            if kind == "objective":
                found[:, j] = self._column(self.objectives, int(value))
                continue
            found[:, j] = self._column(self.countries, value)
            for area in containing.get(value, ()):
                found[:, j] |= self._column(self.subregions, area)
        return found


class Weights:
    """`consortium._factors` of a ranking's scores and each candidate's place in it
    (pinned, then listed, then left out), settling listed-ness only when asked."""

    def __init__(self, scores: np.ndarray, pinned: Iterable[int], listing: Listing) -> None:
        self.scores = scores
        self.listing = listing
        self.group = np.where(listing.allowed, 1, 2)
        self.group[sorted(pinned)] = 0
        self.settled = self.group != 1
        self.factors = np.full(scores.size, 1.0)

    def rescale(self, pool: np.ndarray) -> None:
        """Factors from the least and most listed scores in `pool`, as upper bounds for
        candidates not settled yet; 1 for everyone when nobody is listed at all."""
        top = self._end(pool & (self.group < 2), largest=True)
        if top is None and self._end(self.group < 2, largest=True) is None:
            self.factors = np.full(self.scores.size, 1.0)  # what settling left aside
            return
        bottom = self._end(pool & (self.group < 2), largest=False)
        high = float(self.scores[top]) if top is not None else 0.0
        low = float(self.scores[bottom]) if bottom is not None else 0.0
        span = high - low
        scaled = (self.scores - low) / span if span else np.ones(self.scores.size)
        self.factors = np.where(self.group < 2, FLOOR + (1 - FLOOR) * scaled, FLOOR)

    def _end(self, mask: np.ndarray, largest: bool) -> int | None:
        """The listed candidate of `mask` with the highest (lowest) score."""
        held = np.flatnonzero(mask)
        signed = -self.scores[held] if largest else self.scores[held]
        if held.size:  # mostly the end itself is listed: no partition needed
            end = int(held[np.argmin(signed)])
            if self.settle(end):
                return end
        if held.size > _IN_ORDER:
            first = np.argpartition(signed, _IN_ORDER - 1)[:_IN_ORDER]
            ends: list[int] = held[first[np.argsort(signed[first])]].tolist()
            for position in ends:
                if self.settle(position):
                    return position
        ordered: list[int] = held[np.argsort(signed)].tolist()
        return next((position for position in ordered if self.settle(position)), None)

    def settle(self, position: int) -> bool:
        """Whether the ranking lists `position`, its factor and place corrected if not."""
        if not self.settled[position]:
            self.settled[position] = True
            if not self.listing.listed(position):
                self.group[position] = 2
                self.factors[position] = FLOOR
        return bool(self.group[position] < 2)

    def best(self, options: np.ndarray, counts: np.ndarray) -> int:
        """The first of `options` in the ranking's order with the most `counts` x factor,
        then the highest factor, as `max` over the weighed list picks it."""
        held = np.flatnonzero(options)
        while True:
            primary = counts[held] * self.factors[held]
            top = held[primary == primary.max()]
            top = top[self.factors[top] == self.factors[top].max()]
            top = top[self.group[top] == self.group[top].min()]
            if self.group[top[0]] < 2:
                top = top[self.scores[top] == self.scores[top].max()]
            chosen = int(top.min())
            if self.settled[chosen]:
                return chosen
            self.settle(chosen)


def _completable(
    unmet: tuple[int, ...],
    slots: int,
    used: frozenset[int],
    classes: Sequence[tuple[int, int]],
    one_per_kind: bool,
) -> bool:
    """`consortium._completable` over (kind, requirements met as bits) classes."""
    if not unmet:
        return True
    if slots == 0:
        return False
    tried = set()
    for kind, bits in classes:
        if not bits >> unmet[0] & 1 or (one_per_kind and kind in used):
            continue
        rest = tuple(r for r in unmet if not bits >> r & 1)
        if (kind, rest) in tried:
            continue
        tried.add((kind, rest))
        if _completable(rest, slots - 1, used | {kind}, classes, one_per_kind):
            return True
    return False


def weigh_team(
    need: Sequence[str],
    pool: TeamPool,
    cover: np.ndarray,
    weights: Weights,
    eligible: np.ndarray,
    capacity: Sequence[float | None],
    requirements: Sequence[tuple[str, np.ndarray]] = (),
    one_per_kind: bool = False,
    max_size: int = 5,
    min_size: int = 2,
) -> Consortium:
    """`build_consortium` for the `eligible` candidates (not the requester, not full):
    `requirements` name masks of who meets each, `capacity` is each one's left."""
    weights.rescale(eligible)
    bits = np.zeros(len(pool.ids), dtype=np.int64)
    for r, (_, allowed) in enumerate(requirements):
        bits |= allowed.astype(np.int64) << r
    codes = pool.kinds << len(requirements) | bits
    width = int(codes.max(initial=0)) + 1
    classes = [(c >> len(requirements), c & ((1 << len(requirements)) - 1))
               for c in _held(codes[eligible], width)]  # fmt: skip
    everyone = tuple(range(len(requirements)))
    satisfiable = _completable(everyone, max_size, frozenset(), classes, one_per_kind)
    team: list[int] = []
    covered = np.zeros(len(need), dtype=bool)
    # Parts counted by one product (exact as float32 below 2**24 parts): a sum along
    # each row of a boolean matrix is many times slower.
    counted = cover.astype(np.float32)
    sizes = counted @ np.ones(len(need), dtype=np.float32)
    while len(team) < max_size:
        options = eligible.copy()
        options[team] = False
        kinds = frozenset(int(k) for k in pool.kinds[team])
        if one_per_kind:
            options &= ~np.isin(pool.kinds, sorted(kinds))
        unmet = tuple(r for r in everyone if not _met(bits, team, r))
        if satisfiable and unmet:
            # Whether the rules stay satisfiable is the same for every candidate of a
            # (kind, requirements met) class.
            keeps = np.zeros(width, dtype=bool)
            for c in _held(codes[options], width):
                keeps[c] = _completable(
                    tuple(r for r in unmet if not c >> r & 1),
                    max_size - len(team) - 1,
                    kinds | {c >> len(requirements)},
                    classes,
                    one_per_kind,
                )
            options &= keeps[codes]
        if not options.any():
            break
        gains = counted @ (~covered).astype(np.float32)
        if gains[options].max() > 0:
            best = weights.best(options, gains)
        else:
            hitting = options & ((bits & sum(1 << r for r in unmet)) > 0)
            if satisfiable and hitting.any():
                options = hitting
            elif len(team) >= min_size:
                break
            best = weights.best(options, sizes)
        team.append(best)
        covered |= cover[best]
    met = {name: bool(allowed[team].any()) for name, allowed in requirements}
    if one_per_kind:
        met["one per kind"] = len(set(pool.kinds[team].tolist())) == len(team)
    return _report(need, pool, cover, weights, capacity, requirements, team, met, satisfiable)


def _held(codes: np.ndarray, width: int) -> list[int]:
    """The distinct class codes among `codes`, without sorting them all."""
    found: list[int] = np.flatnonzero(np.bincount(codes, minlength=width)).tolist()
    return found


def _met(bits: np.ndarray, team: list[int], requirement: int) -> bool:
    return bool((bits[team] >> requirement & 1).any())


def _report(
    need: Sequence[str],
    pool: TeamPool,
    cover: np.ndarray,
    weights: Weights,
    capacity: Sequence[float | None],
    requirements: Sequence[tuple[str, np.ndarray]],
    team: list[int],
    met: dict[str, bool],
    satisfiable: bool,
) -> Consortium:
    covered = np.asarray(cover[team].any(axis=0))
    return Consortium(
        members=tuple(
            Member(
                candidate=pool.ids[m],
                kind=pool.kind_names[pool.kinds[m]],
                covers=tuple(p for j, p in enumerate(need) if cover[m, j]),
                meets=tuple(name for name, allowed in requirements if allowed[m]),
                weight=round(float(weights.factors[m]), 4),
                capacity_left=capacity[m],
            )
            for m in team
        ),
        covered=tuple(p for j, p in enumerate(need) if covered[j]),
        uncovered=tuple(p for j, p in enumerate(need) if not covered[j]),
        rules=met,
        satisfiable=satisfiable,
    )
