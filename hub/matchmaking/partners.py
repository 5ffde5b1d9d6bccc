"""Implementing partners for a support request, ranked by the fitted recommender."""

from __future__ import annotations

from dataclasses import asdict

from hub.access import Principal
from hub.domain.activities import Suggestion, SuggestionStatus
from hub.domain.records import SupportRequest
from hub.matchmaking.artifact import Stamp
from hub.matchmaking.inputs import partner_query
from hub.matchmaking.names import Names
from hub.matchmaking.provider import models
from hub.matchmaking.results import ModelStamp, PartnerRanking, RankedPartner
from hub.records import reading
from hub.store import Store, repository
from matching.profiles import Recommendation

__all__ = ["partners_for", "rank_partners", "recommend_partners", "rejected"]


def rejected(store: Store, request_id: str) -> list[str]:
    """Who was rejected for the request (by a coordinator, or withdrawn by either side's
    decline), read from the store at call time: it takes effect at once, not when the
    next fit has learned it."""
    match = {"request": request_id, "status": SuggestionStatus.REJECTED}
    return [s.candidate for s in repository.walk(store, Suggestion, match=match)]


def _ranked(
    store: Store, request: SupportRequest, n: int
) -> tuple[Stamp, tuple[Recommendation, ...]]:
    def rank() -> tuple[Stamp, tuple[Recommendation, ...]]:
        stamp, fitted = models(store).stamped()
        query = partner_query(store, request)  # a request newer than the model is ranked too
        found = fitted.recommender.recommend(query, n=n, exclude=rejected(store, request.id))
        return stamp, tuple(found)

    return models(store).answer(("partners", request.id, n), rank)


def rank_partners(store: Store, request: SupportRequest, n: int = 10) -> list[Recommendation]:
    """Ranked partners for a request already read, each with its explanation; kept
    until the graph or the model changes."""
    return list(_ranked(store, request, n)[1])


def recommend_partners(store: Store, request_id: str, n: int = 10) -> list[Recommendation]:
    """Ranked partners for a stored support request, whoever may see it (staff and
    the review queue)."""
    return rank_partners(store, repository.get(store, SupportRequest, request_id), n)


def partners_for(
    store: Store, principal: Principal, request_id: str, n: int = 10
) -> PartnerRanking:
    """The partner ranking with names, for a request the caller may see (others are not
    found). Kept until the graph changes, like the ranking; access is checked every time,
    and only staff see the model's revision."""
    request = reading.get(store, principal, SupportRequest, request_id)

    def named() -> PartnerRanking:
        names = Names(store)
        stamp, ranked = _ranked(store, request, n)
        return PartnerRanking(
            request=request_id,
            partners=[RankedPartner(**asdict(r), name=names.name(r.candidate)) for r in ranked],
            model=ModelStamp(
                revision=stamp.revision,
                fitted_at=stamp.fitted_at,
                pending=models(store).pending(),
            ),
        )

    found: PartnerRanking = models(store).answer(("partner ranking", request_id, n), named)
    if principal.sees_all:
        return found
    public = found.model.model_copy(update={"revision": None})
    return found.model_copy(update={"model": public})
