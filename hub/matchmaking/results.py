"""What the hub proposes for one support request: partners, similar work, funders, a team.

Each answer names the stakeholders it mentions and says why, so that a person can read
it without looking ids up. The API serves these models as they are: the docstrings
under the fields are their descriptions in the OpenAPI document.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from hub.domain.answers import Answer, NamedStakeholder, Reason

__all__ = [
    "ConsortiumMember",
    "ConsortiumProposal",
    "FunderRanking",
    "FundingLead",
    "ModelStamp",
    "PartnerRanking",
    "Peer",
    "RankedPartner",
    "SimilarInitiative",
    "SimilarWork",
]


class RankedPartner(Answer):
    candidate: str
    """The partner's stakeholder id."""
    score: float
    """Unbounded, higher is better: the sum of `parts`, the learned combination's
    logit without its intercept."""
    parts: dict[str, float] = Field(examples=[{"profile": 1.84, "place": 1.5, "language": 0.4}])
    """Weighted contribution of each signal that is not zero, by signal name (`profile`,
    `dense_profile`, `named`, `place`, `objectives`, `language`, `graph`, ...)."""
    shared_objectives: list[int]
    """GCM objectives of the request the partner has worked on."""
    matched_terms: list[str]
    """The words of the request that drove text similarity with the partner's work."""
    evidence: list[str]
    """Sentences a person can check: track record nearby, the most similar past
    activity, presence in the request's countries, no capacity left."""
    evidence_parts: list[Reason]
    """`evidence` as parts, one for each sentence, in the same order."""
    name: str
    """The partner's name."""


class ModelStamp(Answer):
    """Which fit of the partner recommender answered (also the `X-Hub-Model` header)."""

    revision: str | None
    """The graph revision the model learned from; staff only (None for others): on the
    embedded store it counts writes, which would tell anyone that writes happened."""
    fitted_at: datetime
    """When that fit was made (UTC)."""
    pending: bool
    """The graph has changed since: a refit is running or queued, and this answer comes
    from the previous model. Rejections already apply; accepts and new records reach the
    ranking with the next fit."""


class PartnerRanking(Answer):
    request: str
    partners: list[RankedPartner]
    """Best first."""
    model: ModelStamp
    """The fit that ranked them."""


class SimilarInitiative(Answer):
    id: str
    title: str
    """What a person reads for `id`: the initiative's title; empty when it has none."""
    score: float
    """In (0, 1]: 0.5 text closeness + 0.3 objective overlap + 0.2 shared place. Text
    closeness is the better of word overlap and meaning across languages."""
    actors: list[NamedStakeholder]
    """Who carried it out, the requester left out."""
    shared_objectives: list[int]
    matched_terms: list[str]
    """Words it shares with the request that weigh most in their text similarity."""
    place: Literal["country", "subregion", "region"] | None
    """The closest level at which it shares a place with the request."""
    shared_places: list[str]
    """The places shared at that level."""
    kind: Literal["activity", "request", "partnership", "practice"]
    why: str = Field(
        examples=["objectives 23 International cooperation; same subregion Northern Africa"]
    )
    """The reasons above in one sentence."""


class Peer(Answer):
    """An actor behind the similar initiatives, worth talking to."""

    id: str
    name: str
    kind: str
    score: float
    """The summed score of the initiatives it carried out among those returned."""
    initiatives: list[str]
    """Ids of those initiatives."""


class SimilarWork(Answer):
    request: str
    initiatives: list[SimilarInitiative]
    """Best first."""
    peers: list[Peer]
    """Best first."""


class FundingLead(Answer):
    funder: str
    """The donor's or fund's stakeholder id."""
    score: float
    """Unbounded (log scale), higher is better: its funding record on the request's
    topic and places, recent first, and its declared interests."""
    funded: int
    """Activities it funded in the request's places."""
    by_place: dict[str, int] = Field(examples=[{"country": 2, "region": 5}])
    """Those activities by the level of place shared: `country`, `subregion`, `region`."""
    shared_objectives: list[int]
    activities: list[str]
    """Up to 5 of its funded activities closest to the request, closest first."""
    implementers: list[NamedStakeholder]
    """Up to 5 organisations it funded most often there."""
    implementer_kinds: dict[str, int]
    """How many of the activities it funded each kind of implementer carried out."""
    latest: date | None
    """When its latest funded activity there started."""
    declared: list[str]
    """Regions, places and objectives it declares an interest in."""
    reasons: list[str]
    """The record above in sentences."""
    reason_parts: list[Reason]
    """`reasons` as parts, one for each sentence, in the same order."""
    name: str
    """The funder's name."""


class FunderRanking(Answer):
    request: str
    funders: list[FundingLead]
    """Best first."""


class ConsortiumMember(Answer):
    candidate: str
    """The member's stakeholder id."""
    kind: str
    """Its `StakeholderKind`."""
    covers: list[str] = Field(examples=[["objective:6", "country:JO"]])
    """The needs of the request it covers: `objective:N` and `country:XX`."""
    meets: list[str]
    """The composition requirements it fulfils."""
    weight: float
    """In [0.5, 1]: how much its partner score scales its coverage by."""
    capacity_left: float | None
    """Engagements it can still take; none when it states no capacity."""
    name: str
    """The member's name."""


class ConsortiumProposal(Answer):
    request: str
    members: list[ConsortiumMember]
    """In the order they were picked."""
    covered: list[str]
    """Needs of the request the team covers: `objective:N` and `country:XX`."""
    uncovered: list[str]
    """Needs no member covers."""
    rules: dict[str, bool] = Field(examples=[{"whole-of-society": True, "in-region": False}])
    """Each composition rule asked for (`whole-of-society`, `in-region`, `one-per-kind`)
    and whether the team meets it."""
    satisfiable: bool
    """Whether any team of the allowed size could meet every rule asked for."""
