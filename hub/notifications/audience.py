"""Who receives an event: what the receiver may see, and what it asked for.

Visibility is `hub.access.Sight`'s, read at delivery time: an event about a confidential
request reaches only those who may see that request now, and a suggestion's event only
those who may see the suggestion, and its candidate, who hears that it was proposed
(`partner.proposed`) for a request it may see. That a request's pairings were queued
is the review's business: staff and the requesting state hear it, partners who may
see the request do not (each proposed one hears its own). A subscription's filters (types, request,
objective, region) narrow that further; the console inbox keeps what concerns the caller.
"""

from __future__ import annotations

from hub.access import Principal, Sight
from hub.domain import geography
from hub.domain.keys import Role
from hub.notifications.events import PROPOSED, QUEUED, OutboxEvent
from hub.notifications.ledger import Subscription
from hub.store import Node, Store

__all__ = ["concerns", "may_see", "owner", "wanted"]

_ADMIN_ONLY = ("key.",)
_DESKS: dict[Role, tuple[str, ...]] = {
    Role.COORDINATOR: (
        "request.",
        "suggestion",
        "partner.",
        "partnership.",
        "claim.",
        "merge.",
        "offer.",
        "stakeholder.",
    ),
    Role.FUND_MANAGER: ("fund_call.", "concept_note."),
    Role.REVIEWER: ("concept_note.eligible",),
}
"""Event type prefixes that are the daily work of staff roles (their inbox)."""
_DESKS[Role.ADMIN] = (*_DESKS[Role.COORDINATOR], *_ADMIN_ONLY)
_PARTY_FIELDS = ("requester", "candidate", "members", "stakeholder", "provider", "partners")


def owner(subscription: Subscription) -> Principal:
    """The caller a subscription acts for: it receives what that caller may see."""
    return Principal(
        Role(subscription.owner_role), subscription.owner_stakeholder, subscription.owner_key
    )


def may_see(store: Store, sight: Sight, event: OutboxEvent) -> bool:
    """Whether the caller may see the event's subject and request as they are now; an
    event whose subject is gone (a merged stakeholder) is for staff alone."""
    if event.event_type.startswith(_ADMIN_ONLY):
        return sight.principal.role is Role.ADMIN
    if event.event_type == QUEUED and not sight.principal.sees_all:
        return event.requester is not None and sight.principal.stakeholder == event.requester
    if _candidate(sight.principal, event):  # its own pairing, not the review behind it
        request = store.node(event.request) if event.request else None
        return request is not None and sight.sees(request)
    for node_id in dict.fromkeys(filter(None, (event.subject, event.request))):
        node = store.node(node_id)
        if node is None:
            if not sight.principal.sees_all:
                return False
        elif not sight.sees(node):
            return False
    return True


def wanted(subscription: Subscription, event: OutboxEvent, request: Node | None) -> bool:
    """Whether the event passes the subscription's own filters (`*` takes every type)."""
    if "*" not in subscription.events and event.event_type not in subscription.events:
        return False
    if subscription.request is not None and subscription.request != event.request:
        return False
    if subscription.objective is None and subscription.region is None:
        return True
    if request is None:  # objective and region filters are about requests
        return False
    props = request.properties
    objectives = props.get("objectives")
    if subscription.objective is not None and not (
        isinstance(objectives, list) and subscription.objective in objectives
    ):
        return False
    return subscription.region is None or subscription.region in _regions(props.get("countries"))


def _regions(countries: object) -> set[str]:
    table = geography.countries()
    found: set[str] = set()
    for code in countries if isinstance(countries, list) else []:
        place = table.get(str(code))
        if place is not None:
            found.update((place.region, place.subregion))
    return found


def concerns(store: Store, principal: Principal, event: OutboxEvent) -> bool:
    """Whether an event belongs in the caller's inbox: it names the caller's stakeholder
    (as requester, candidate, member, claimant...), or it is its staff role's work. That
    a candidate was proposed concerns the candidate alone: the others have the queue."""
    if event.event_type == PROPOSED:
        return _candidate(principal, event)
    if principal.stakeholder is None:
        return event.event_type.startswith(_DESKS.get(principal.role, ())) and (
            principal.role is Role.ADMIN or not event.event_type.startswith(_ADMIN_ONLY)
        )
    if principal.stakeholder in (event.requester, event.subject):
        return True
    subject = store.node(event.subject)
    if subject is None:
        return False
    for field in _PARTY_FIELDS:
        value = subject.properties.get(field)
        if value == principal.stakeholder or (
            isinstance(value, list) and principal.stakeholder in value
        ):
            return True
    return False


def _candidate(principal: Principal, event: OutboxEvent) -> bool:
    """Whether the event tells the caller's own stakeholder it was proposed."""
    return (
        event.event_type == PROPOSED
        and principal.stakeholder is not None
        and principal.role in (Role.PARTNER, Role.MEMBER_STATE)
        and event.data.get("candidate") == principal.stakeholder
    )
