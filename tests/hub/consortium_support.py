"""The consortium `build_consortium` builds over the ranking of everyone: what the
kept-rows consortium must answer, whichever way its model was fitted."""

from __future__ import annotations

from dataclasses import replace

from hub.access import Principal
from hub.domain.records import SupportRequest
from hub.matchmaking.consortium import (
    capacity_seen_by,
    composition_rules,
    present_candidates,
    stakeholders_by_id,
)
from hub.matchmaking.inputs import containing, partner_query
from hub.matchmaking.provider import models
from hub.store import Store
from matching.consortium import Consortium, build_consortium

__all__ = ["full_consortium"]


def full_consortium(
    store: Store, principal: Principal, request: SupportRequest, size: int, rules: tuple[str, ...]
) -> Consortium:
    """The team built over the ranking of everyone, every candidate weighed one by one."""
    query = partner_query(store, request)
    ranked = models(store).partners().recommender.ranking(query)
    present = present_candidates(store)
    left = capacity_seen_by(store, principal)
    listed = dict(ranked)
    by_rank = [
        replace(present[c], capacity_left=left.get(c))
        for c in [*listed, *(c for c in present if c not in listed)]
    ]
    return build_consortium(
        query,
        by_rank,
        weights=listed,
        rules=composition_rules(rules, query, stakeholders_by_id(store)),
        max_size=size,
        containing=containing(query.countries),
    )
