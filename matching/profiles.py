"""The plain data the recommender works on: who did what where, and who asks for what.

`suggested_objectives` are the objectives (among `objectives`) that only the tagger
suggested; the others a person chose or confirmed.

The hub builds these from its graph store; `matching` never sees the store itself, so
the same recommender runs on an IATI file, a demo fixture or a live hub.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from matching.reasons import Reason

__all__ = [
    "SUGGESTED_WEIGHT",
    "Candidate",
    "Decision",
    "PastActivity",
    "Query",
    "Recommendation",
    "objective_weights",
]

SUGGESTED_WEIGHT = 0.5
"""What an objective only the tagger suggested counts for, against 1 for one a person
chose: a suggestion is often right, but a wrong one should not outweigh a confirmed one."""


def objective_weights(item: Query | PastActivity | Candidate) -> dict[int, float]:
    """Each of an item's objectives with its weight as evidence."""
    return {o: SUGGESTED_WEIGHT if o in item.suggested_objectives else 1.0 for o in item.objectives}


@dataclass(frozen=True, slots=True)
class PastActivity:
    """One implemented activity: the track record the recommender learns from."""

    id: str
    text: str
    countries: tuple[str, ...] = ()
    subregions: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    objectives: tuple[int, ...] = ()
    suggested_objectives: tuple[int, ...] = ()
    start: date | None = None
    implementers: tuple[str, ...] = ()
    funders: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    accountable: tuple[str, ...] = ()
    """Who answered for it (among `partners`): with the implementers, the organisations
    it shows present in its countries."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """An organisation that could be proposed as a partner.

    `text` holds its own description and offers, not its activities (those come from
    the history). `group` ties near-duplicates together, e.g. a country office to its
    headquarters, so that they do not crowd the top of a list.
    """

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "other"
    text: str = ""
    objectives: tuple[int, ...] = ()
    suggested_objectives: tuple[int, ...] = ()
    countries: tuple[str, ...] = ()
    subregions: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    derived: tuple[str, ...] = ()
    """The places among `countries`, `subregions` and `regions` that only its activities
    show, not its profile or offers (`matching.presence`)."""
    languages: tuple[str, ...] = ()
    capacity_left: float | None = None
    group: str | None = None


@dataclass(frozen=True, slots=True)
class Query:
    """A support request: what is needed, where, and by whom (never recommended)."""

    id: str
    text: str
    countries: tuple[str, ...] = ()
    subregions: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    objectives: tuple[int, ...] = ()
    suggested_objectives: tuple[int, ...] = ()
    languages: tuple[str, ...] = ()
    requester: str | None = None
    when: date | None = None
    suggested_confidence: tuple[float, ...] = ()
    """The tagger's confidence in each of `suggested_objectives`, in their order;
    empty when not known (every suggestion then counts alike)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """A coordinator's accept or reject of one proposed partner.

    `reason` is a reject's reason (see `matching.decisions.REASON_SIGNALS`). A
    rejected partner never comes back for the request. An accepted one stays first
    for it while `holds` (its partnership has not ended), and once it has taken the
    work on (`taken`: agreed, active or completed) the request counts as its track
    record.

    A `private` decision (on a request not everyone the model answers may know of)
    acts on its own request only: it excludes or pins there, a conflict of interest
    included, and teaches nothing that shows elsewhere (weights, track record, strain).

    An `interest` is one side's yes to a pairing still open (the partner's interest or
    the requester's accept), not a coordinator's accept: `accepted`, it teaches the
    weights as a fraction of an accept (`matching.decisions.INTEREST`), and pins,
    excludes, takes and strains nothing.
    """

    query: Query
    candidate: str
    accepted: bool
    reason: str | None = None
    holds: bool = True
    taken: bool = False
    private: bool = False
    interest: bool = False


@dataclass(frozen=True, slots=True)
class Recommendation:
    """One proposed partner.

    `parts` are the weighted signal contributions; with `score` they add up to the
    logit of the learned combination (the intercept is left out, it ranks nothing).
    """

    candidate: str
    score: float
    parts: dict[str, float] = field(default_factory=dict)
    shared_objectives: tuple[int, ...] = ()
    matched_terms: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    evidence_parts: tuple[Reason, ...] = ()
    """`evidence` as parts, one for each sentence (`matching.reasons`)."""
