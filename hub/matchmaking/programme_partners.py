"""Lead partners of the regions' synergy groups, ranked once per fit.

A region's synergies rank partners for each group of states (`matching.synergies`);
that ranking is the same for every caller whose requests group the same way, and a
region asked cold paid one per group (five at 100k: most of a second). The fit ranks
them for every region and subregion as staff see its open requests, and stores them in
the artifact by the group's joint request: a ranking depends only on the model and that
request, so a stored one is exactly what ranking it on demand gives. A group the fit
did not see (another sight's, an objective's, one that a request written since the fit
makes) is ranked on demand, as before.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from hub.domain import geography
from hub.domain.records import RequestStatus, SupportRequest
from hub.matchmaking.inputs import partner_query
from hub.store import Store
from matching.profiles import Query, Recommendation
from matching.recommender import PartnerRecommender
from matching.synergies import SynergyGroup, group_states, joint_query

__all__ = ["LEADS", "ProgrammePartners", "in_area", "open_queries", "rank_programme_partners"]

LEADS = 3
"""Lead partners a programme names (`synergies.find_synergies`' default)."""

Key = tuple[Query, tuple[str, ...], int]
"""A group's joint request, its states (never proposed) and how many partners."""


def _key(joint: Query, group: SynergyGroup, n: int) -> Key:
    return joint, group.states, n


@dataclass(frozen=True, slots=True)
class ProgrammePartners:
    """Partner rankings of the groups a fit found, by joint request, states and size."""

    ranked: dict[Key, list[Recommendation]] = field(default_factory=dict)

    def of(self, joint: Query, group: SynergyGroup, n: int) -> list[Recommendation] | None:
        """The stored ranking of this group's joint request, or None if the fit did not
        rank it; callers must not change it."""
        return self.ranked.get(_key(joint, group, n))


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


def rank_programme_partners(
    everything: list[Query], recommender: PartnerRecommender, n: int = LEADS
) -> ProgrammePartners:
    """Rank partners for every group of every region and subregion that `everything`
    (the open requests staff see, `open_queries`) makes."""
    ranked: dict[Key, list[Recommendation]] = {}
    for area in (*geography.REGIONS, *geography.SUBREGIONS):
        queries = in_area(everything, area)
        for group in group_states(queries):
            joint = joint_query(group, queries)
            key = _key(joint, group, n)
            if key not in ranked:
                ranked[key] = recommender.recommend(joint, n=n, exclude=group.states)
    return ProgrammePartners(ranked)
