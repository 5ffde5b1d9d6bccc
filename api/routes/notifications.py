"""Notifications: webhook and e-mail subscriptions, their delivery logs, the inbox."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import AppSettings, Caller, Notifications, Store
from api.errors import problems
from api.schemas.notifications import (
    EmailSubscriptionCreate,
    InboxMark,
    InboxRead,
    WebhookCreate,
)
from hub.notifications import inbox, subscriptions
from hub.notifications.inbox import Notice
from hub.notifications.ledger import Channel, Delivery, Subscription
from hub.notifications.subscriptions import Filters

__all__ = ["router"]

router = APIRouter(tags=["notifications"], responses=problems(401, 503))

OWNED = problems(404)


def _filters(body: WebhookCreate | EmailSubscriptionCreate) -> Filters:
    return Filters(body.request, body.objective, body.region)


@router.post("/webhooks", status_code=201, responses=problems(400, 413, 422))
def add_webhook(
    ledger: Notifications, settings: AppSettings, caller: Caller, body: WebhookCreate
) -> Subscription:
    """Subscribe a URL: events the caller may see are POSTed there, signed with the secret.
    Loopback, private and link-local addresses are refused unless the operator allows them."""
    return subscriptions.subscribe(
        ledger,
        caller,
        Channel.WEBHOOK,
        body.url,
        body.events,
        secret=body.secret,
        filters=_filters(body),
        allow_local=settings.webhooks_allow_local,
    )


@router.get("/webhooks")
def list_webhooks(ledger: Notifications, caller: Caller) -> list[Subscription]:
    """The caller's webhooks (an admin's: everyone's), disabled ones with the reason."""
    return subscriptions.owned(ledger, caller, Channel.WEBHOOK)


@router.post("/email-subscriptions", status_code=201, responses=problems(400, 413, 422))
def add_email(ledger: Notifications, caller: Caller, body: EmailSubscriptionCreate) -> Subscription:
    """Subscribe an e-mail address: each event, or a daily or weekly digest."""
    return subscriptions.subscribe(
        ledger,
        caller,
        Channel.EMAIL,
        body.address,
        body.events,
        filters=_filters(body),
        cadence=body.cadence,
    )


@router.get("/email-subscriptions")
def list_email(ledger: Notifications, caller: Caller) -> list[Subscription]:
    """The caller's e-mail subscriptions."""
    return subscriptions.owned(ledger, caller, Channel.EMAIL)


@router.get("/webhooks/{subscription_id}", responses=OWNED)
def get_webhook(ledger: Notifications, caller: Caller, subscription_id: str) -> Subscription:
    """One subscription (webhook or e-mail), to its owner."""
    return subscriptions.get(ledger, caller, subscription_id)


@router.delete("/webhooks/{subscription_id}", status_code=204, responses=OWNED)
def remove_webhook(ledger: Notifications, caller: Caller, subscription_id: str) -> Response:
    """Remove a subscription and its delivery log."""
    subscriptions.remove(ledger, caller, subscription_id)
    return Response(status_code=204)


@router.post("/webhooks/{subscription_id}/enable", responses=OWNED)
def enable_webhook(ledger: Notifications, caller: Caller, subscription_id: str) -> Subscription:
    """Deliver again to a subscriber disabled after failures; what it missed goes first."""
    return subscriptions.enable(ledger, caller, subscription_id)


@router.get("/webhooks/{subscription_id}/deliveries", responses=OWNED)
def deliveries(ledger: Notifications, caller: Caller, subscription_id: str) -> list[Delivery]:
    """The delivery log: status, attempts, last status code and error, newest first."""
    return subscriptions.deliveries(ledger, caller, subscription_id)


@router.post(
    "/webhooks/{subscription_id}/deliveries/{event_id}/replay", status_code=202, responses=OWNED
)
def replay(ledger: Notifications, caller: Caller, subscription_id: str, event_id: str) -> Delivery:
    """Send an event again at the dispatcher's next pass."""
    return subscriptions.replay(ledger, caller, subscription_id, event_id)


@router.get("/inbox")
def read_inbox(store: Store, ledger: Notifications, caller: Caller) -> list[Notice]:
    """The notices that concern the caller, newest first: its requests' events, the
    partnerships it is in, or its staff role's work."""
    return inbox.inbox(store, ledger, caller)


@router.post("/inbox/read", responses=problems(400, 413, 422))
def mark_read(ledger: Notifications, caller: Caller, body: InboxRead) -> InboxMark:
    """Mark the caller's notices read up to a time (now by default)."""
    return InboxMark(read_until=inbox.mark_read(ledger, caller, body.until))
