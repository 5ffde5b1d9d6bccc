"""Implementing partners for a support request, ranked by the fitted recommender."""

from __future__ import annotations

from dataclasses import asdict

from hub.access import Principal
from hub.domain.records import SupportRequest
from hub.matchmaking.inputs import request_query
from hub.matchmaking.names import Names
from hub.matchmaking.provider import models
from hub.matchmaking.results import PartnerRanking, RankedPartner
from hub.records import reading
from hub.store import Store, repository
from matching.profiles import Recommendation

__all__ = ["partners_for", "rank_partners", "recommend_partners"]


def rank_partners(store: Store, request: SupportRequest, n: int = 10) -> list[Recommendation]:
    """Ranked partners for a request already read, each with its explanation; kept
    until the graph changes."""

    def rank() -> tuple[Recommendation, ...]:
        fitted = models(store).partners()
        return tuple(fitted.recommender.recommend(request_query(request), n=n))

    return list(models(store).answer(("partners", request.id, n), rank))


def recommend_partners(store: Store, request_id: str, n: int = 10) -> list[Recommendation]:
    """Ranked partners for a stored support request, whoever may see it (staff and
    the review queue)."""
    return rank_partners(store, repository.get(store, SupportRequest, request_id), n)


def partners_for(
    store: Store, principal: Principal, request_id: str, n: int = 10
) -> PartnerRanking:
    """The partner ranking with names, for a request the caller may see (others are not
    found). Kept until the graph changes, like the ranking; access is checked every time."""
    request = reading.get(store, principal, SupportRequest, request_id)

    def named() -> PartnerRanking:
        names = Names(store)
        return PartnerRanking(
            request=request_id,
            partners=[
                RankedPartner(**asdict(r), name=names.name(r.candidate))
                for r in rank_partners(store, request, n)
            ],
        )

    return models(store).answer(("partner ranking", request_id, n), named)
