"""Lead partners and funders of the regions' synergy groups, found once per fit.

A region's synergies rank partners and funders for each group of states
(`matching.synergies`); a region asked cold paid both for every group (five at 100k:
about a second). The fit finds them for every group of every region and subregion as
staff see the open requests, and the artifact keeps them by the group's joint request:

- a partner ranking depends only on the model and that request, so a stored one is
  what ranking it on demand gives, whatever was written since the fit;
- funding leads also read the store (funded history, hub partnerships, donors), so
  stored ones answer only while the store is at the revision they were found at, and
  only callers who miss none of the hub's partnerships (staff): another caller's
  funding history leaves some out (`funding.hidden_partnerships`).

Any other group (another sight's, an objective's, one that a request written since the
fit makes) is found on demand, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from hub.domain import geography
from hub.domain.records import RequestStatus, SupportRequest
from hub.matchmaking.inputs import partner_query
from hub.store import Store
from matching.funding import FundingLead
from matching.profiles import Query, Recommendation
from matching.recommender import PartnerRecommender
from matching.synergies import SynergyGroup, group_states, joint_query

__all__ = ["LEADS", "FittedProgrammes", "Group", "fit_programmes", "in_area", "open_queries"]

LEADS = 3
"""Lead partners and funders a programme names (`synergies.find_synergies`' default)."""

Group = tuple[Query, tuple[str, ...], int]
"""A group's joint request, its states (never proposed) and how many leads."""


@dataclass(frozen=True, slots=True)
class FittedProgrammes:
    """What a fit found for the groups it saw: partners by `Group`, and funders as
    staff see them at store `revision` ("" when the store moved during the fit)."""

    partners: dict[Group, list[Recommendation]] = field(default_factory=dict)
    funders: dict[Group, list[FundingLead]] = field(default_factory=dict)
    revision: str = ""

    def partners_of(self, joint: Query, group: SynergyGroup, n: int) -> list[Recommendation] | None:
        """The stored partner ranking of this group, or None; do not change it."""
        return self.partners.get((joint, group.states, n))

    def funders_of(
        self, joint: Query, group: SynergyGroup, n: int, hidden: tuple[str, ...], revision: str
    ) -> list[FundingLead] | None:
        """The stored funding leads of this group for a caller who misses the `hidden`
        partnerships, on a store now at `revision`, or None; do not change them."""
        if hidden or not self.revision or revision != self.revision:
            return None
        return self.funders.get((joint, group.states, n))


def open_queries(store: Store, requests: Iterable[SupportRequest]) -> list[Query]:
    """The open ones of `requests` (those a caller may see), as partners are ranked for
    them (`partner_query`): what synergies group."""
    return [partner_query(store, r) for r in requests if r.status is RequestStatus.OPEN]


def in_area(queries: list[Query], area: str, objective: int | None = None) -> list[Query]:
    """Those of `queries` in `area` (a region or subregion, by its canonical name), and
    on `objective` when given: what a region's synergies group."""
    return [
        q
        for q in queries
        if area in (*q.regions, *q.subregions) and objective in (None, *q.objectives)
    ]


def fit_programmes(
    everything: list[Query],
    recommender: PartnerRecommender,
    funders: Callable[[Query, int], list[FundingLead]],
    revision: str,
    now: Callable[[], str],
    n: int = LEADS,
) -> FittedProgrammes:
    """Partners and `funders` (staff's funding leads) for every group of every region
    and subregion that `everything` (the open requests staff see, `open_queries`)
    makes. `revision` is the store's before anything was read, `now` reads it again:
    the funders are kept only if no write came in between."""
    found: dict[Group, Query] = {}
    for area in (*geography.REGIONS, *geography.SUBREGIONS):
        queries = in_area(everything, area)
        for group in group_states(queries):
            joint = joint_query(group, queries)
            found.setdefault((joint, group.states, n), joint)
    partners = {
        key: recommender.recommend(joint, n=n, exclude=key[1]) for key, joint in found.items()
    }
    leads = {key: funders(joint, n) for key, joint in found.items()}
    if now() != revision:  # what they read may have changed meanwhile
        return FittedProgrammes(partners)
    return FittedProgrammes(partners, leads, revision)
