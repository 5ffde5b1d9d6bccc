"""Funding leads (GCM para 43(a)(v)): donors and funds ranked by what they funded before.

Each funded activity counts by how close its place is to the request's (country, then
subregion, then region), how close its topic is (shared objectives or sectors, or a
text among the request's closest), and how recent it is. Place multiplies everything,
so funding far away adds nothing: a large donor that never funded in the region cannot
outrank a small one that did. The lead is the funder's record on this request's topic;
funding anything in the same place adds only a little (`PRESENCE_WEIGHT`), so that the
biggest donors of a country do not head every list there. Volume counts with
diminishing returns (log), and a donor's declared profile adds a small prior for hubs
with no history yet.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from math import log, log1p

import numpy as np

from matching.profiles import Candidate, PastActivity, Query, objective_weights
from matching.reasons import PlaceLevel, Reason, declared_items, say
from matching.relevance import PLACE_LEVELS, closeness, recency
from matching.textspace import TextSpace

__all__ = [
    "FundingLead",
    "Record",
    "closest_texts",
    "declared",
    "lead",
    "lead_score",
    "rank_funders",
    "rarity",
]

PRESENCE_WEIGHT = 0.1
"""What funding in the same place on any topic is worth, beside the record on the
request's topic: it still says the donor funds there."""

SMOOTHING = 2.0
"""Pseudo-activities of average focus every funder starts with, so that one lucky
activity does not make a specialist."""

CLOSEST = 30
"""How many of the funded activities closest in text count as on the request's topic."""

PROFILE_WEIGHT = 0.3

HALF_LIFE_DAYS = 1095.0
"""Funding three years old counts half: donors change priorities faster than partners
change what they can do (the recommender's track record halves over five)."""


@dataclass(frozen=True, slots=True)
class FundingLead:
    """A donor or fund worth approaching, and the funding record behind it."""

    funder: str
    score: float
    funded: int = 0
    by_place: dict[str, int] = field(default_factory=dict)
    shared_objectives: tuple[int, ...] = ()
    activities: tuple[str, ...] = ()
    implementers: tuple[str, ...] = ()
    implementer_kinds: dict[str, int] = field(default_factory=dict)
    latest: date | None = None
    declared: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    reason_parts: tuple[Reason, ...] = ()
    """`reasons` as parts, one for each sentence (`matching.reasons`)."""


@dataclass
class Record:
    """One funder's record near a request, summed over what it funded."""

    score: float = 0.0
    presence: float = 0.0
    by_place: Counter[str] = field(default_factory=Counter)
    objectives: set[int] = field(default_factory=set)
    activities: list[tuple[float, str]] = field(default_factory=list)
    implementers: Counter[str] = field(default_factory=Counter)
    latest: date | None = None


def _topic(query: Query, item: PastActivity, rarity: Mapping[int, float], text: float) -> float:
    """The best of: objectives shared (weighted Jaccard, a common objective counting
    little), a sector shared, a text among the closest."""
    sectors = set(query.sectors) & set(item.sectors)
    union = set(query.objectives) | set(item.objectives)
    shared = set(query.objectives) & set(item.objectives)
    objectives = sum(rarity[o] for o in shared) / sum(rarity[o] for o in union) if shared else 0.0
    return max(objectives, text, 1.0 if sectors else 0.0)


def _rarity(funded: Sequence[PastActivity], asked: Sequence[int]) -> dict[int, float]:
    """Per objective, how little of the funded history carries it (scaled IDF in [0, 1]):
    in a hub where every other activity is tagged "basic services", sharing it says
    little about the topic."""
    return rarity(Counter(o for a in funded for o in set(a.objectives)), len(funded), asked)


def rarity(counts: Mapping[int, int], funded: int, asked: Sequence[int]) -> dict[int, float]:
    """`_rarity` from how many of `funded` activities carry each objective."""
    size = max(funded, 2)
    every = {o for o, count in counts.items() if count} | set(asked)
    return {o: max(np.log(size / max(counts.get(o, 0), 1)) / np.log(size), 0.01) for o in every}


def closest_texts(cosine: np.ndarray) -> np.ndarray:
    """Text similarity as a share of the best, kept for the CLOSEST activities only:
    every text shares some words with the request, few are about the same thing."""
    found = np.zeros_like(cosine, dtype=float)
    best = float(cosine.max(initial=0.0))
    if best <= 0:
        return found
    if cosine.size > CLOSEST:  # only those as close as the CLOSEST-th can be among them
        close = np.flatnonzero(cosine >= np.partition(cosine, cosine.size - CLOSEST)[-CLOSEST])
    else:
        close = np.arange(cosine.size)
    near = close[np.argsort(-cosine[close], kind="stable")[:CLOSEST]]
    found[near] = cosine[near] / best
    return found


def declared(query: Query, funder: Candidate) -> tuple[float, Reason | None]:
    """Prior from a donor's own profile: its objectives and the places it says it serves,
    and those it shares with the request as a reason."""
    if not query.objectives:
        return 0.0, None
    shared = tuple(sorted(set(query.objectives) & set(funder.objectives)))
    level = 0.0
    at: PlaceLevel = "region"
    places: tuple[str, ...] = ()
    sides: tuple[tuple[PlaceLevel, Sequence[str], Sequence[str]], ...] = (
        ("region", query.regions, funder.regions),
        ("subregion", query.subregions, funder.subregions),
        ("country", query.countries, funder.countries),
    )
    for name, mine, theirs in sides:
        if set(mine) & set(theirs):
            level, at = PLACE_LEVELS[name], name
            places = tuple(sorted(set(mine) & set(theirs)))
    if not shared or level == 0:
        return 0.0, None
    weights = objective_weights(query)
    held = objective_weights(funder)
    score = PROFILE_WEIGHT * level * sum(weights[o] * held[o] for o in shared)
    score /= len(query.objectives)
    return score, Reason("declares", objectives=shared, places=places, place=at)


def rank_funders(
    query: Query,
    history: Sequence[PastActivity],
    profiles: Sequence[Candidate] = (),
    kinds: Mapping[str, str] | None = None,
    n: int = 10,
    half_life_days: float = HALF_LIFE_DAYS,
    texts: TextSpace | None = None,
) -> list[FundingLead]:
    """The `n` best funders for a request, best first, never the requester.

    `history` holds funded activities (their `funders` and `implementers`; the
    funder→implementer edges are the same pairs), `profiles` donors' declared
    interests, `kinds` the kind of each implementer for the explanation; `texts`,
    fitted on the history's texts, spares reading them again.
    """
    kinds = kinds or {}
    funded = [a for a in history if a.funders]
    anchor = query.when or max((a.start for a in funded if a.start), default=date.today())
    space = (texts or TextSpace().fit([])).terms(query.text, [a.text for a in funded])
    closest = closest_texts(np.asarray(space.cosine)) if funded else np.zeros(0)
    rarity = _rarity(funded, query.objectives)
    found: dict[str, Record] = defaultdict(Record)
    for row, item in enumerate(funded):
        near = closeness(query, item, float(closest[row]))
        if near.place is None:
            continue
        weight = recency(item.start, anchor, half_life_days)
        topic = _topic(query, item, rarity, near.text)
        gain = near.place_level * topic * weight
        for funder in dict.fromkeys(item.funders):
            if funder == query.requester:
                continue
            record = found[funder]
            record.score += gain
            record.presence += near.place_level * weight
            record.by_place[near.place] += 1
            record.objectives |= set(near.shared_objectives)
            record.activities.append((gain, item.id))
            record.implementers.update(i for i in set(item.implementers) if i != funder)
            if item.start and (record.latest is None or item.start > record.latest):
                record.latest = item.start
    priors = {p.id: declared(query, p) for p in profiles if p.id != query.requester}
    topical = sum(r.score for r in found.values())
    base = topical / max(sum(r.presence for r in found.values()), 1e-12)
    leads = [
        lead(funder, found.get(funder, Record()), priors.get(funder, (0.0, None)), kinds, base)
        for funder in {*found, *(f for f, (score, _) in priors.items() if score > 0)}
    ]
    leads.sort(key=lambda lead: (-lead.score, lead.funder))
    return leads[:n]


def lead_score(topical: float, presence: float, prior: float, base: float) -> float:
    """A funder's score from its record on the topic and in the place, its declared
    prior, and everyone's share of funding on the topic (`base`)."""
    score = log1p(topical) + PRESENCE_WEIGHT * log1p(presence) + prior
    if base > 0:
        # How much more of its funding here is on the topic than everyone's is: a donor
        # that funds everything is no better a lead for this request than for any other.
        share = (topical + SMOOTHING * base) / (presence + SMOOTHING)
        score += log(share / base)
    return score


def lead(
    funder: str,
    record: Record,
    prior: tuple[float, Reason | None],
    kinds: Mapping[str, str],
    base: float,
) -> FundingLead:
    score = lead_score(record.score, record.presence, prior[0], base)
    funded = sum(record.by_place.values())
    implementer_kinds = Counter(kinds.get(i, "other") for i in record.implementers.elements())
    reasons = _reasons(funded, record, implementer_kinds, prior[1])
    return FundingLead(
        funder=funder,
        score=round(score, 4),
        funded=funded,
        by_place=dict(record.by_place),
        shared_objectives=tuple(sorted(record.objectives)),
        activities=tuple(a for _, a in sorted(record.activities, key=lambda x: -x[0])[:5]),
        implementers=tuple(i for i, _ in record.implementers.most_common(5)),
        implementer_kinds=dict(implementer_kinds),
        latest=record.latest,
        declared=declared_items(prior[1]) if prior[1] else (),
        reasons=tuple(say(r) for r in reasons),
        reason_parts=reasons,
    )


def _reasons(
    funded: int, record: Record, implementer_kinds: Counter[str], declared: Reason | None
) -> tuple[Reason, ...]:
    """What a funder's record near a request shows, and what it declares."""
    found = []
    if funded:
        year = record.latest.year if record.latest else None
        found.append(Reason("funded_nearby", count=funded, counts=dict(record.by_place), year=year))
    if record.objectives:
        found.append(Reason("funded_objectives", objectives=tuple(sorted(record.objectives))))
    if implementer_kinds:
        found.append(Reason("funds_kinds", counts=dict(implementer_kinds.most_common(3))))
    if declared is not None:
        found.append(declared)
    return tuple(found)
