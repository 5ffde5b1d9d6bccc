"""Similar initiatives (GCM para 43(a)(iii)): past activities, requests, partnerships
and practices closest to a request, in any working language, and the peers behind them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict

from hub.access import OPERATOR, Principal
from hub.domain import geography
from hub.domain.activities import Partnership, PartnershipSource
from hub.domain.records import Confidentiality, SupportRequest
from hub.knowledge.records import Practice
from hub.matchmaking.inputs import partnership_activity, practice_initiative, request_query
from hub.matchmaking.names import Names, objectives_text
from hub.matchmaking.provider import models
from hub.matchmaking.results import Peer, SimilarInitiative, SimilarWork
from hub.records import reading
from hub.store import Store, repository
from hub.titles import Titles
from matching.similar import SimilarPool
from matching.training import as_activity

__all__ = ["find_similar", "hub_partnerships", "initiatives_pool", "unseen"]


def hub_partnerships(store: Store, principal: Principal) -> Iterator[Partnership]:
    """IATI partnerships repeat their activity, so only the hub's own count; and only
    those the caller may see, lest a similar initiative or a funder betray one."""
    return reading.visible(store, principal, Partnership, match={"source": PartnershipSource.HUB})


def unseen(store: Store, principal: Principal, guarded: Sequence[str]) -> list[str]:
    """Those of the `guarded` hub partnerships and practices (a pool's, whose ids tell
    which) that `principal` may not see, kept per caller's role and stakeholder until
    the graph changes: reading them costs as much as the rest of a call."""

    def find() -> list[str]:
        seen = {p.id for p in hub_partnerships(store, principal)}
        seen |= {p.id for p in reading.visible(store, principal, Practice)}
        return [i for i in guarded if i not in seen]

    audience = (principal.role, principal.stakeholder)
    found: list[str] = models(store).answer(("unseen", tuple(guarded), audience), find)
    return found


def initiatives_pool(store: Store) -> tuple[SimilarPool, dict[str, str], list[str]]:
    """Every initiative anyone may be shown as similar, and its kind, kept until the
    graph changes: past activities, requests open to partners, the hub's partnerships
    and practices (each call leaves out those of them its caller may not see)."""

    def build() -> tuple[SimilarPool, dict[str, str], list[str]]:
        found = list(models(store).history())
        kinds = dict.fromkeys((a.id for a in found), "activity")
        for other in repository.list_records(store, SupportRequest):
            if other.confidentiality is Confidentiality.OPEN_TO_PARTNERS:
                found.append(as_activity(request_query(other), [other.requester]))
                kinds[other.id] = "request"
        for partnership in hub_partnerships(store, OPERATOR):
            found.append(partnership_activity(partnership))
            kinds[partnership.id] = "partnership"
        for practice in repository.list_records(store, Practice):
            found.append(practice_initiative(practice))
            kinds[practice.id] = "practice"
        guarded = [i for i, kind in kinds.items() if kind in ("partnership", "practice")]
        return SimilarPool(found, models(store).texts()), kinds, guarded

    return models(store).table("similar initiatives", build)


def find_similar(store: Store, principal: Principal, request_id: str, n: int = 10) -> SimilarWork:
    """The `n` initiatives closest to a request, each with its kind, actors and why, and
    the peers behind them.

    Confidential requests are never shown as similar: only their coordinator sees them;
    partnerships and practices only as the caller may see them.
    """
    request = reading.get(store, principal, SupportRequest, request_id)
    pool, kinds, guarded = initiatives_pool(store)
    initiatives, peers = pool.closest(request_query(request), n, unseen(store, principal, guarded))
    names, titles, places = Names(store), Titles(store), geography.countries()
    return SimilarWork(
        request=request_id,
        initiatives=[
            SimilarInitiative(
                # `kind` comes as a plain string and is checked as one of its four here
                **{**asdict(i), "actors": names.all(i.actors), "kind": kinds[i.id]},
                title=titles.of(i.id),
                why="; ".join(
                    w
                    for w in (
                        f"objectives {objectives_text(i.shared_objectives)}"
                        if i.shared_objectives
                        else "",
                        f"same {i.place} {', '.join(_place_names(i.shared_places, places))}"
                        if i.place
                        else "",
                        f"terms: {', '.join(i.matched_terms[:3])}" if i.matched_terms else "",
                    )
                    if w
                ),
            )
            for i in initiatives
        ],
        peers=[Peer(**{**names.named(p.id).model_dump(), **asdict(p)}) for p in peers],
    )


def _place_names(shared: Iterable[str], countries: dict[str, geography.Country]) -> list[str]:
    """Countries by name (the initiatives share codes); regions are named already."""
    return [countries[p].name if p in countries else p for p in shared]
