"""The dispatcher: events from the outbox to their receivers, at least once.

A pass first announces partnerships newly overdue (`overdue`: nothing else writes when
a partnership merely waits), then fans new events out (one delivery row per receiver,
with the event's body frozen so every retry sends the same bytes), then attempts what
is due. A delivery is marked
delivered only after the receiver took it; a dispatcher killed in between sends it
again when it restarts, and receivers de-duplicate by event id. Failures back off
exponentially and a subscriber failing `webhook_failure_limit` times in a row is
disabled with the reason. One dispatcher runs at a time per data folder (a file lock),
whether `gcm-hub notify dispatch` or the thread inside `serve`.
"""

from __future__ import annotations

import fcntl
import json
import logging
import smtplib
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from hub.access import Sight
from hub.domain.errors import HubError, InvalidInput
from hub.domain.settings import Settings
from hub.notifications import mail, webhooks
from hub.notifications.audience import may_see, owner, wanted
from hub.notifications.events import OutboxEvent, events
from hub.notifications.ledger import (
    Cadence,
    Channel,
    Delivery,
    DeliveryStatus,
    Ledger,
    Subscription,
)
from hub.notifications.overdue import announce_overdue
from hub.notifications.targets import check_url
from hub.store import Store, codec

__all__ = ["DispatchReport", "Dispatcher", "DispatcherThread", "exclusive"]

_log = logging.getLogger(__name__)
_PERIODS = {Cadence.DAILY: timedelta(days=1), Cadence.WEEKLY: timedelta(weeks=1)}


@dataclass
class DispatchReport:
    overdue: int = 0
    fanned_out: int = 0
    delivered: int = 0
    failed: int = 0


@contextmanager
def exclusive(data_dir: Path) -> Iterator[bool]:
    """Hold the dispatcher's lock for the block: True, or False when another holds it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / "notify.lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Dispatcher:
    """One store's outbox delivered through one ledger; `run_once` is one pass."""

    def __init__(self, store: Store, ledger: Ledger, settings: Settings) -> None:
        self.store = store
        self.ledger = ledger
        self.settings = settings

    def run_once(self, now: datetime | None = None) -> DispatchReport:
        """Announce partnerships newly overdue, fan out new events, send what is due."""
        now = now or datetime.now(UTC)
        limits = self.settings.partnership_overdue_days
        report = DispatchReport(overdue=len(announce_overdue(self.store, limits, now.date())))
        report.fanned_out = self.fan_out(now)
        due: defaultdict[str, list[Delivery]] = defaultdict(list)
        for delivery in self.ledger.due(now):
            due[delivery.subscription].append(delivery)
        for subscription_id, deliveries in due.items():
            subscription = self.ledger.subscription(subscription_id)
            if subscription is not None and subscription.disabled_at is None:
                self._deliver(subscription, deliveries, now, report)
        return report

    def fan_out(self, now: datetime) -> int:
        """Give each event not seen yet a delivery per subscriber that wants it and may
        see it; subscribers receive only events that happened after they subscribed."""
        seen = self.ledger.seen_events()
        fresh = sorted(
            (event for event in events(self.store) if event.id not in seen),
            key=lambda event: (event.occurred_at, event.id),
        )
        subscriptions = self.ledger.subscriptions()
        sights = {s.id: Sight(self.store, owner(s)) for s in subscriptions}
        for event in fresh:
            request = self.store.node(event.request) if event.request else None
            data = dict(event.data)
            if request is not None and isinstance(request.properties.get("title"), str):
                data["request_title"] = str(request.properties["title"])
            body = json.dumps(
                {
                    "id": event.id,
                    "type": event.event_type,
                    "occurred_at": event.occurred_at.isoformat(),
                    "data": data,
                },
                ensure_ascii=False,
                sort_keys=True,
            )
            receivers = [
                s
                for s in subscriptions
                if s.created <= event.occurred_at
                and wanted(s, event, request)
                and may_see(self.store, sights[s.id], event)
            ]
            deliveries = [self._new(s, event, now) for s in receivers]
            self.ledger.fan_out(event.id, body, deliveries)
        return len(fresh)

    def _new(self, subscription: Subscription, event: OutboxEvent, now: datetime) -> Delivery:
        when = now
        if subscription.cadence in _PERIODS:
            when = (subscription.last_digest or subscription.created) + _PERIODS[
                subscription.cadence
            ]
        return Delivery(
            event=event.id,
            subscription=subscription.id,
            type=event.event_type,
            occurred_at=event.occurred_at,
            next_attempt_at=when,
        )

    def _still_visible(self, subscription: Subscription, delivery: Delivery) -> bool:
        """Sight is read again when sending: a request reclassified since the event was
        fanned out hides its events from whoever may no longer see it."""
        node = self.store.node(delivery.event)
        if node is None:
            return False
        event = codec.from_node(OutboxEvent, node)
        return may_see(self.store, Sight(self.store, owner(subscription)), event)

    def _deliver(
        self,
        subscription: Subscription,
        deliveries: list[Delivery],
        now: datetime,
        report: DispatchReport,
    ) -> None:
        visible = []
        for delivery in deliveries:
            if self._still_visible(subscription, delivery):
                visible.append(delivery)
            else:
                self.ledger.save_delivery(
                    delivery.model_copy(update={"status": DeliveryStatus.WITHHELD})
                )
        deliveries = visible
        if subscription.channel is Channel.EMAIL and subscription.cadence in _PERIODS:
            if deliveries:
                self._digest(subscription, deliveries, now, report)
            return
        for delivery in deliveries:
            error, code = self._send(subscription, delivery)
            subscription = self._settle(subscription, [delivery], error, code, now, report)
            if subscription.disabled_at is not None:
                return

    def _send(
        self, subscription: Subscription, delivery: Delivery
    ) -> tuple[str | None, int | None]:
        body = self.ledger.event_body(delivery.event)
        if subscription.channel is Channel.EMAIL:
            return _mailed(self.settings, mail.event_message(subscription.target, body))
        try:  # the name may point elsewhere now than when it was checked
            check_url(subscription.target, allow_local=self.settings.webhooks_allow_local)
        except InvalidInput as refused:
            return str(refused), None
        outcome = webhooks.post(
            subscription.target,
            self.ledger.secret(subscription.id),
            delivery.type,
            delivery.event,
            body.encode(),
            timeout=self.settings.webhook_timeout,
        )
        return outcome.error, outcome.status_code

    def _digest(
        self,
        subscription: Subscription,
        deliveries: list[Delivery],
        now: datetime,
        report: DispatchReport,
    ) -> None:
        bodies = [self.ledger.event_body(d.event) for d in deliveries]
        message = mail.digest_message(subscription.target, subscription.cadence.value, bodies)
        error, code = _mailed(self.settings, message)
        settled = self._settle(subscription, deliveries, error, code, now, report)
        if error is None:
            self.ledger.save_subscription(settled.model_copy(update={"last_digest": now}))

    def _settle(
        self,
        subscription: Subscription,
        deliveries: list[Delivery],
        error: str | None,
        code: int | None,
        now: datetime,
        report: DispatchReport,
    ) -> Subscription:
        """Record an attempt's outcome on its deliveries and on the subscriber."""
        for delivery in deliveries:
            attempts = delivery.attempts + 1
            if error is None:
                update = {"status": DeliveryStatus.DELIVERED, "delivered_at": now}
            else:
                wait = self.settings.webhook_backoff * 2 ** (attempts - 1)
                wait = min(wait, self.settings.webhook_backoff_cap)
                update = {"next_attempt_at": now + timedelta(seconds=wait), "last_error": error}
            self.ledger.save_delivery(
                delivery.model_copy(
                    update={**update, "attempts": attempts, "last_status_code": code}
                )
            )
        if error is None:
            report.delivered += len(deliveries)
            changed = subscription.model_copy(update={"failures": 0})
        else:
            report.failed += len(deliveries)
            failures = subscription.failures + 1
            changed = subscription.model_copy(update={"failures": failures})
            if failures >= self.settings.webhook_failure_limit:
                reason = f"{failures} deliveries failed in a row; the last: {error}"
                changed = changed.model_copy(update={"disabled_at": now, "disabled_reason": reason})
        if changed != subscription:
            self.ledger.save_subscription(changed)
        return changed


def _mailed(settings: Settings, message: EmailMessage) -> tuple[str | None, int | None]:
    try:
        mail.send(settings, message)
    except (OSError, smtplib.SMTPException, HubError) as error:
        return f"{type(error).__name__}: {error}"[:500], None
    return None, None


class DispatcherThread:
    """The dispatcher inside `serve`: a pass every `notify_interval` seconds, skipped
    while another dispatcher (a `gcm-hub notify dispatch`) holds the lock."""

    def __init__(self, dispatcher: Dispatcher, interval: float) -> None:
        self.dispatcher = dispatcher
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="notify-dispatcher", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            with exclusive(self.dispatcher.settings.data_dir) as mine:
                if not mine:
                    continue
                try:
                    self.dispatcher.run_once()
                except Exception:  # a store outage must not end the thread; next pass retries
                    _log.exception("notification dispatch pass failed")

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
