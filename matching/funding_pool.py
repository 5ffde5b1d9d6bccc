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
from matching.relevance import PLACE_LEVELS, UNDATED_WEIGHT, Relevance, halved, membership
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
        self.starts = np.asarray([a.start.toordinal() if a.start else -1 for a in self.items])
        self.funders, self.funded_row, self.funder = _pairs([a.funders for a in self.items])
        self._funder = {f: i for i, f in enumerate(self.funders)}
        names, self.done_row, self.doer = _pairs([a.implementers for a in self.items])
        self.doers = np.asarray(names, dtype=object)
        self._doer = {d: i for i, d in enumerate(names)}
        self._rows: dict[str, list[int]] = defaultdict(list)
        for row, item in enumerate(self.items):
            self._rows[item.id].append(row)

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
            cosine = self.text.terms(query.text, kept).cosine
            closest[rows] = closest_texts(np.asarray(cosine[rows]))
        carried = np.count_nonzero(self.relevance.held[rows] > 0, axis=0)
        columns = self.relevance.objective_columns
        scarce = rarity(
            {o: int(carried[c]) for o, c in columns.items()}, rows.size, query.objectives
        )
        level = self.relevance.place_levels(query)
        near = rows[level[rows] > 0]
        weight = self._weights(near, anchor, half_life_days)
        topic = np.maximum(
            np.maximum(self._objectives(query, scarce), closest), self._sector(query)
        )
        gain = level * topic * weight
        presence = level * weight
        requester = self._funder.get(query.requester or "", -1)
        pairs = np.flatnonzero(np.isin(self.funded_row, near) & (self.funder != requester))
        funders = self.funder[pairs]
        topical = np.bincount(funders, gain[self.funded_row[pairs]], len(self.funders))
        present = np.bincount(funders, presence[self.funded_row[pairs]], len(self.funders))
        _, first = np.unique(funders, return_index=True)
        found = funders[np.sort(first)].tolist()
        # Summed one by one in the order funders were first met, as `rank_funders` sums.
        everyone_topical = sum(topical[found].tolist())
        base = everyone_topical / max(sum(present[found].tolist()), 1e-12)
        priors = {p.id: declared(query, p) for p in profiles if p.id != query.requester}
        records = {self.funders[f]: (float(topical[f]), float(present[f])) for f in found}
        scored = []
        for funder in {*records, *(f for f, (score, _) in priors.items() if score > 0)}:
            prior = priors.get(funder, (0.0, ()))[0]
            score = lead_score(*records.get(funder, (0.0, 0.0)), prior, base)
            scored.append((round(score, 4), funder))
        scored.sort(key=lambda s: (-s[0], s[1]))
        return [
            lead(
                funder,
                self._record(
                    funder,
                    records,
                    self.funded_row[pairs[funders == self._funder.get(funder)]],
                    gain,
                    level,
                    query,
                ),
                priors.get(funder, (0.0, ())),
                kinds or {},
                base,
            )
            for _, funder in scored[:n]
        ]

    def _weights(self, rows: np.ndarray, anchor: date, half_life_days: float) -> np.ndarray:
        """`recency` of each of `rows` (0 elsewhere), computed once per distinct age."""
        found = np.zeros(len(self.items))
        starts = self.starts[rows]
        found[rows[starts < 0]] = UNDATED_WEIGHT
        dated = rows[starts >= 0]
        ages = np.maximum(anchor.toordinal() - self.starts[dated], 0)
        distinct, inverse = np.unique(ages, return_inverse=True)
        weights = [float(halved(age, half_life_days)) for age in distinct.tolist()]
        found[dated] = np.asarray(weights)[inverse]
        return found

    def _objectives(self, query: Query, scarce: Mapping[int, float]) -> np.ndarray:
        """Each row's rarity-weighted Jaccard of objectives with the request (`_topic`)."""
        held = self.relevance.held > 0
        asked = set(query.objectives)
        shared = np.zeros(len(self.items))
        union = np.full(len(self.items), sum(scarce[o] for o in sorted(asked)), dtype=float)
        sharing = np.zeros(len(self.items), dtype=bool)
        for o, column in self.relevance.objective_columns.items():
            if o in asked:
                shared += scarce[o] * held[:, column]
                sharing |= held[:, column]
            else:
                union += scarce.get(o, 0.0) * held[:, column]
        found: np.ndarray = np.divide(shared, union, out=np.zeros_like(shared), where=sharing)
        return found

    def _sector(self, query: Query) -> np.ndarray:
        """1 for each row sharing a sector with the request, else 0."""
        known, matrix = self.sectors
        columns = sorted({known[s] for s in query.sectors if s in known})
        if not columns:
            return np.zeros(len(self.items))
        return (np.asarray(matrix[:, columns].sum(axis=1)).ravel() > 0).astype(float)

    def _record(
        self,
        funder: str,
        records: Mapping[str, tuple[float, float]],
        rows: np.ndarray,
        gain: np.ndarray,
        level: np.ndarray,
        query: Query,
    ) -> Record:
        """The full record of one funder returned, from its funded `rows` near the request."""
        if funder not in records:
            return Record()
        record = Record(*records[funder])
        record.by_place = Counter(_PLACE_OF[float(at)] for at in level[rows].tolist())
        held = self.relevance.held[rows] > 0
        record.objectives = {
            o
            for o in query.objectives
            if o in self.relevance.objective_columns
            and held[:, self.relevance.objective_columns[o]].any()
        }
        record.activities = [(float(gain[r]), self.items[r].id) for r in rows.tolist()]
        doing = np.isin(self.done_row, rows) & (self.doer != self._doer.get(funder, -1))
        record.implementers = Counter(self.doers[self.doer[doing]].tolist())
        dated = self.starts[rows][self.starts[rows] >= 0]
        record.latest = date.fromordinal(int(dated.max())) if dated.size else None
        return record
