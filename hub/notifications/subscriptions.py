"""Subscribing: webhooks and e-mail, their delivery logs and replays.

Any caller with a key may subscribe; a subscription receives only what its owner may
see (`audience`), and only its owner (or an admin) may read, replay or remove it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from hub.access import Principal
from hub.domain.errors import InvalidInput, NotFound, Unauthorized
from hub.domain.keys import Role
from hub.notifications.ledger import (
    Cadence,
    Channel,
    Delivery,
    DeliveryStatus,
    Ledger,
    Subscription,
)
from hub.notifications.targets import check_url

__all__ = [
    "Filters",
    "deliveries",
    "enable",
    "get",
    "owned",
    "remove",
    "replay",
    "subscribe",
]

_TYPE = re.compile(r"^\*$|^[a-z_]+(\.[a-z_]+)+$")
_ADDRESS = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


@dataclass(frozen=True, slots=True)
class Filters:
    """What a subscription narrows its events to, besides their types."""

    request: str | None = None
    objective: int | None = None
    region: str | None = None


def subscribe(
    ledger: Ledger,
    principal: Principal,
    channel: Channel,
    target: str,
    events: list[str],
    *,
    secret: str | None = None,
    filters: Filters | None = None,
    cadence: Cadence = Cadence.IMMEDIATE,
    allow_local: bool = False,
) -> Subscription:
    """A new subscription for the caller; webhooks need a public URL and a secret."""
    if principal.role is Role.PUBLIC:
        raise Unauthorized("subscriptions need an API key")
    bad = [kind for kind in events if not _TYPE.match(kind)]
    if not events or bad:
        raise InvalidInput(f"events must name dotted event types or '*', not {bad or events}")
    if channel is Channel.WEBHOOK:
        check_url(target, allow_local=allow_local)
        if not secret:
            raise InvalidInput("a webhook needs a secret to sign its deliveries with")
        if cadence is not Cadence.IMMEDIATE:
            raise InvalidInput("webhooks are delivered immediately; digests are for e-mail")
    elif not _ADDRESS.match(target):
        raise InvalidInput(f"e-mail address {target!r} is not an address")
    filters = filters or Filters()
    subscription = Subscription(
        id=f"sub-{secrets.token_hex(8)}",
        channel=channel,
        target=target,
        events=sorted(set(events)),
        request=filters.request,
        objective=filters.objective,
        region=filters.region,
        cadence=cadence,
        owner=principal.name,
        owner_role=principal.role.value,
        owner_stakeholder=principal.stakeholder,
        owner_key=principal.key,
        created=datetime.now(UTC),
    )
    ledger.save_subscription(subscription, secret)
    return subscription


def owned(
    ledger: Ledger, principal: Principal, channel: Channel | None = None
) -> list[Subscription]:
    """The caller's subscriptions (an admin's: everyone's)."""
    return [
        found
        for found in ledger.subscriptions()
        if _may_manage(principal, found) and channel in (None, found.channel)
    ]


def get(ledger: Ledger, principal: Principal, subscription_id: str) -> Subscription:
    """The subscription, to its owner and admins; to anyone else it does not exist."""
    found = ledger.subscription(subscription_id)
    if found is None or not _may_manage(principal, found):
        raise NotFound(f"no subscription with id {subscription_id!r}")
    return found


def remove(ledger: Ledger, principal: Principal, subscription_id: str) -> None:
    ledger.delete_subscription(get(ledger, principal, subscription_id).id)


def deliveries(ledger: Ledger, principal: Principal, subscription_id: str) -> list[Delivery]:
    """The delivery log: status, attempts and the last error of each event, newest first."""
    return ledger.deliveries(get(ledger, principal, subscription_id).id)


def replay(ledger: Ledger, principal: Principal, subscription_id: str, event_id: str) -> Delivery:
    """Send an event again at the dispatcher's next pass, delivered or not."""
    found = ledger.delivery(get(ledger, principal, subscription_id).id, event_id)
    if found is None:
        raise NotFound(f"subscription {subscription_id!r} has no delivery of {event_id!r}")
    again = found.model_copy(
        update={"status": DeliveryStatus.PENDING, "next_attempt_at": datetime.now(UTC)}
    )
    ledger.save_delivery(again)
    return again


def enable(ledger: Ledger, principal: Principal, subscription_id: str) -> Subscription:
    """Start delivering again to a subscriber disabled after failures; what it missed
    is still pending and goes first."""
    found = get(ledger, principal, subscription_id)
    enabled = found.model_copy(update={"disabled_at": None, "disabled_reason": None, "failures": 0})
    ledger.save_subscription(enabled)
    return enabled


def _may_manage(principal: Principal, subscription: Subscription) -> bool:
    return principal.role is Role.ADMIN or (
        principal.key is not None and principal.name == subscription.owner
    )
