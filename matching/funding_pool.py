"""Funding leads from a funded history kept per hub revision (`matching.funding`).

`rank_funders` walks every funded activity for each request, which costs a second per
call on a large hub. A `FundingPool` holds the funded activities as arrays (text,
objectives, places, sectors, dates, who funded and implemented each), so that a call
weighs them all at once, sums each funder's record with one `bincount` in the same
order the walk adds them, and builds the full record and reasons only for the funders
it returns.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import numpy as np

from matching.funding import (
    HALF_LIFE_DAYS,
    PRESENCE_WEIGHT,
    SMOOTHING,
    FundingLead,
    Record,
    closest_texts,
    declared,
    lead,
    lead_score,
    rarity,
)
from matching.pool import TextPool
from matching.profiles import Candidate, PastActivity, Query
from matching.reasons import Reason
from matching.relevance import (
    PLACE_LEVELS,
    UNDATED_WEIGHT,
    Relevance,
    halved,
    holding,
    membership,
)
from matching.textspace import TextSpace

__all__ = ["FundingPool"]

_PLACE_OF = {level: name for name, level in PLACE_LEVELS.items()}


def _pairs(held: Sequence[Iterable[str]]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Each row's distinct names in order, as (names, rows, name numbers) in row order."""
    names: dict[str, int] = {}
    rows, numbers = [], []
    for row, these in enumerate(held):
        for name in dict.fromkeys(these):
            rows.append(row)
            numbers.append(names.setdefault(name, len(names)))
    return list(names), np.asarray(rows, dtype=np.int64), np.asarray(numbers, dtype=np.int64)


class FundingPool:
    """The funded activities of `history` (those with funders), read once; `texts`
    must have been fitted on their texts."""

    def __init__(self, history: Sequence[PastActivity], texts: TextSpace) -> None:
        self.items = [a for a in history if a.funders]
        self.text = TextPool(texts, [a.text for a in self.items])
        self.relevance = Relevance(self.items)
        self.sectors = membership([a.sectors for a in self.items])
        self.starts = np.asarray(
            [a.start.toordinal() if a.start else -1 for a in self.items], dtype=np.int64
        )
        self.funders, self.funded_row, self.funder = _pairs([a.funders for a in self.items])
        self.names = np.asarray(self.funders, dtype=object)
        self._funder = {f: i for i, f in enumerate(self.funders)}
        names, self.done_row, self.doer = _pairs([a.implementers for a in self.items])
        self.doers = np.asarray(names, dtype=object)
        self._doer = {d: i for i, d in enumerate(names)}
        self._rows: dict[str, list[int]] = defaultdict(list)
        for row, item in enumerate(self.items):
            self._rows[item.id].append(row)
        self._funded = _Grouped(self.funder, len(self.funders))
        self._done = _Grouped(self.done_row, len(self.items))
        held = self.relevance.held > 0
        self.carried = np.count_nonzero(held, axis=0)
        self._held, self._pattern = np.unique(held, axis=0, return_inverse=True)
        self._pattern = self._pattern.ravel()
        self._decay: dict[float, np.ndarray] = {}

    def leads(
        self,
        query: Query,
        profiles: Sequence[Candidate] = (),
        kinds: Mapping[str, str] | None = None,
        n: int = 10,
        hidden: Iterable[str] = (),
        half_life_days: float = HALF_LIFE_DAYS,
    ) -> list[FundingLead]:
        """`rank_funders(query, <the funded history but hidden>, profiles, kinds, n)`."""
        kept = np.ones(len(self.items), dtype=bool)
        for left_out in hidden:
            kept[self._rows.get(left_out, [])] = False
        rows = np.flatnonzero(kept)
        dated = self.starts[rows][self.starts[rows] >= 0]
        anchor = query.when or (date.fromordinal(int(dated.max())) if dated.size else date.today())
        closest = np.zeros(len(self.items))
        if rows.size:
            space = self.text.terms(query.text, kept)
            # rows saying none of the request's words have cosine 0: never among the closest
            closest[space.saying] = closest_texts(space.cosine[space.saying])
        carried = self.carried - np.count_nonzero(self.relevance.held[~kept] > 0, axis=0)
        columns = self.relevance.objective_columns
        scarce = rarity(
            {o: int(carried[c]) for o, c in columns.items()}, rows.size, query.objectives
        )
        level = self.relevance.place_levels(query)
        is_near = kept & (level > 0)
        weight = self._weights(np.flatnonzero(is_near), anchor, half_life_days)
        topic = np.maximum(
            np.maximum(self._objectives(query, scarce), closest), self._sector(query)
        )
        gain = level * topic * weight
        presence = level * weight
        requester = self._funder.get(query.requester or "", -1)
        pairs = np.flatnonzero(is_near[self.funded_row] & (self.funder != requester))
        funders = self.funder[pairs]
        topical = np.bincount(funders, gain[self.funded_row[pairs]], len(self.funders))
        present = np.bincount(funders, presence[self.funded_row[pairs]], len(self.funders))
        first = np.full(len(self.funders), pairs.size)
        np.minimum.at(first, funders, np.arange(pairs.size))
        met = np.flatnonzero(first < pairs.size)
        found = met[np.argsort(first[met])]
        # Summed one by one in the order funders were first met, as `rank_funders` sums.
        base = sum(topical[found].tolist()) / max(sum(present[found].tolist()), 1e-12)
        priors = {p.id: declared(query, p) for p in profiles if p.id != query.requester}
        return [
            lead(
                funder,
                self._record(
                    self._funder.get(funder, -1), topical, present, is_near, gain, level, query
                ),
                priors.get(funder, (0.0, None)),
                kinds or {},
                base,
            )
            for funder in self._best(found, topical, present, priors, base, n)
        ]

    def _best(
        self,
        found: np.ndarray,
        topical: np.ndarray,
        present: np.ndarray,
        priors: Mapping[str, tuple[float, Reason | None]],
        base: float,
        n: int,
    ) -> list[str]:
        """The `n` best funders by `lead_score` (rounded, ties by name): every funder
        with a record or a prior is scored with array operations, and only those that
        can round as high as the n-th best are scored exactly."""
        place = np.full(len(self.funders), -1)
        place[found] = np.arange(found.size)
        ids = self.names[found].tolist()
        t, p = topical[found], present[found]
        prior = np.zeros(found.size)
        for funder, (declared_score, _) in priors.items():
            at = place[self._funder[funder]] if funder in self._funder else -1
            if at >= 0:
                prior[at] = declared_score
            elif declared_score > 0:  # a lead by its declared profile alone
                ids.append(funder)
                t, p = np.append(t, 0.0), np.append(p, 0.0)
                prior = np.append(prior, declared_score)
        score = np.log1p(t) + PRESENCE_WEIGHT * np.log1p(p) + prior
        if base > 0:
            score += np.log((t + SMOOTHING * base) / (p + SMOOTHING) / base)
        chosen = np.arange(len(ids))
        if len(ids) > n:
            # NumPy's logarithms may differ from `math`'s in the last bit: a margin
            # far above that, below the rounding's 1e-4, keeps every possible lead.
            cut = np.partition(score, len(ids) - n)[len(ids) - n]
            chosen = np.flatnonzero(score >= cut - 2e-4)
        exact = [
            (round(lead_score(float(t[i]), float(p[i]), float(prior[i]), base), 4), ids[i])
            for i in chosen.tolist()
        ]
        exact.sort(key=lambda s: (-s[0], s[1]))
        return [funder for _, funder in exact[:n]]

    def _weights(self, rows: np.ndarray, anchor: date, half_life_days: float) -> np.ndarray:
        """`recency` of each of `rows` (0 elsewhere), each age's computed once per pool."""
        found = np.zeros(len(self.items))
        starts = self.starts[rows]
        found[rows[starts < 0]] = UNDATED_WEIGHT
        dated = rows[starts >= 0]
        ages = np.maximum(anchor.toordinal() - self.starts[dated], 0)
        known = self._decay.get(half_life_days, np.zeros(0))
        oldest = int(ages.max(initial=-1)) + 1
        if oldest > known.size:
            older = [float(halved(age, half_life_days)) for age in range(known.size, oldest)]
            known = self._decay[half_life_days] = np.concatenate([known, older])
        found[dated] = known[ages]
        return found

    def _objectives(self, query: Query, scarce: Mapping[int, float]) -> np.ndarray:
        """Each row's rarity-weighted Jaccard of objectives with the request (`_topic`),
        computed once per distinct set of objectives held."""
        held = self._held
        asked = set(query.objectives)
        shared = np.zeros(len(held))
        union = np.full(len(held), sum(scarce[o] for o in sorted(asked)), dtype=float)
        sharing = np.zeros(len(held), dtype=bool)
        for o, column in self.relevance.objective_columns.items():
            if o in asked:
                shared += scarce[o] * held[:, column]
                sharing |= held[:, column]
            else:
                union += scarce.get(o, 0.0) * held[:, column]
        found: np.ndarray = np.divide(shared, union, out=np.zeros_like(shared), where=sharing)
        return found[self._pattern]

    def _sector(self, query: Query) -> np.ndarray:
        """1 for each row sharing a sector with the request, else 0."""
        known, matrix = self.sectors
        columns = sorted({known[s] for s in query.sectors if s in known})
        if not columns:
            return np.zeros(len(self.items))
        return holding(matrix, columns).astype(float)

    def _record(
        self,
        funder: int,
        topical: np.ndarray,
        present: np.ndarray,
        near: np.ndarray,
        gain: np.ndarray,
        level: np.ndarray,
        query: Query,
    ) -> Record:
        """The full record of one funder returned, from its funded rows `near` the
        request (none for a funder known only by its declared profile)."""
        if funder < 0:
            return Record()
        rows = self.funded_row[self._funded.of(funder)]
        rows = rows[near[rows]]
        if not rows.size:
            return Record()
        record = Record(float(topical[funder]), float(present[funder]))
        levels, first, counts = np.unique(level[rows], return_index=True, return_counts=True)
        record.by_place = Counter(
            {_PLACE_OF[float(levels[i])]: int(counts[i]) for i in np.argsort(first).tolist()}
        )
        held = self.relevance.held[rows] > 0
        record.objectives = {
            o
            for o in query.objectives
            if o in self.relevance.objective_columns
            and held[:, self.relevance.objective_columns[o]].any()
        }
        # `lead` shows the five that gained most (the first met among equals): only those
        best = rows[np.argsort(-gain[rows], kind="stable")[:5]]
        record.activities = [(float(gain[r]), self.items[r].id) for r in best.tolist()]
        doers = self.doer[self._done.of_each(rows)]
        doers = doers[doers != self._doer.get(self.funders[funder], -1)]
        record.implementers = Counter(self.doers[doers].tolist())
        dated = self.starts[rows][self.starts[rows] >= 0]
        record.latest = date.fromordinal(int(dated.max())) if dated.size else None
        return record


class _Grouped:
    """The positions of `keys` holding each key below `size`, in order."""

    def __init__(self, keys: np.ndarray, size: int) -> None:
        self.order = np.argsort(keys, kind="stable")
        self.bounds = np.concatenate([[0], np.cumsum(np.bincount(keys, minlength=size))])

    def of(self, key: int) -> np.ndarray:
        found: np.ndarray = self.order[self.bounds[key] : self.bounds[key + 1]]
        return found

    def of_each(self, keys: np.ndarray) -> np.ndarray:
        """`of(key)` for each of `keys`, one after the other."""
        sizes = self.bounds[keys + 1] - self.bounds[keys]
        starts = np.repeat(self.bounds[keys] - np.cumsum(sizes) + sizes, sizes)
        found: np.ndarray = self.order[starts + np.arange(int(sizes.sum()))]
        return found
