"""Where subscriptions and deliveries are kept: `notify.db`, beside the graph.

Not in the graph: a delivery attempt would wait behind an import's transaction and move
the graph's revision (and so every cache keyed on it) on each retry. A delivery is a
row per (event, subscription), created when the dispatcher first sees the event and
marked delivered only after the receiver answered 2xx, so a dispatcher killed between
the two sends again: at least once. Secrets are kept here and never shown.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from hub.domain.settings import Settings

__all__ = [
    "Cadence",
    "Channel",
    "Delivery",
    "DeliveryStatus",
    "Ledger",
    "Subscription",
    "open_ledger",
]


class Channel(StrEnum):
    WEBHOOK = "webhook"
    EMAIL = "email"


class Cadence(StrEnum):
    IMMEDIATE = "immediate"
    DAILY = "daily"
    WEEKLY = "weekly"


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    WITHHELD = "withheld"
    """Not sent: its owner may no longer see the event (a request reclassified since)."""


class Subscription(BaseModel):
    """Who wants which events where; the owner's role and stakeholder decide what it sees."""

    id: str
    channel: Channel
    target: str
    """The webhook's URL or the e-mail address."""
    events: list[str]
    request: str | None = None
    objective: int | None = None
    region: str | None = None
    cadence: Cadence = Cadence.IMMEDIATE
    owner: str
    owner_role: str
    owner_stakeholder: str | None = None
    owner_key: str | None = None
    created: datetime
    failures: int = 0
    """Consecutive failed deliveries; a success resets it."""
    disabled_at: datetime | None = None
    disabled_reason: str | None = None
    last_digest: datetime | None = None


class Delivery(BaseModel):
    event: str
    subscription: str
    type: str
    occurred_at: datetime
    status: DeliveryStatus = DeliveryStatus.PENDING
    attempts: int = 0
    next_attempt_at: datetime
    last_status_code: int | None = None
    last_error: str | None = None
    delivered_at: datetime | None = None


_SCHEMA = """
CREATE TABLE IF NOT EXISTS subscriptions (id TEXT PRIMARY KEY, body TEXT NOT NULL, secret TEXT);
CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries (
    event TEXT NOT NULL, subscription TEXT NOT NULL, status TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (event, subscription));
CREATE INDEX IF NOT EXISTS due ON deliveries (status, next_attempt_at);
CREATE TABLE IF NOT EXISTS inbox (owner TEXT PRIMARY KEY, read_until TEXT NOT NULL);
"""


class Ledger:
    """The notification tables in one SQLite file; safe to share between threads and
    processes (each write is one transaction)."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("PRAGMA synchronous = FULL")
        self._db.execute("PRAGMA busy_timeout = 30000")
        self._db.executescript(_SCHEMA)
        self._lock = threading.Lock()

    def _rows(self, sql: str, args: Iterable[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, tuple(args)).fetchall()

    def _write(self, statements: list[tuple[str, tuple[Any, ...]]]) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for sql, args in statements:
                    self._db.execute(sql, args)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # subscriptions
    def save_subscription(self, subscription: Subscription, secret: str | None = None) -> None:
        """Insert or replace; the secret is kept unless a new one is given."""
        self._write(
            [
                (
                    "INSERT INTO subscriptions(id, body, secret) VALUES (?, ?, ?) ON CONFLICT(id)"
                    " DO UPDATE SET body = excluded.body,"
                    " secret = coalesce(excluded.secret, subscriptions.secret)",
                    (subscription.id, subscription.model_dump_json(), secret),
                )
            ]
        )

    def subscription(self, subscription_id: str) -> Subscription | None:
        rows = self._rows("SELECT body FROM subscriptions WHERE id = ?", (subscription_id,))
        return Subscription.model_validate_json(rows[0][0]) if rows else None

    def subscriptions(self) -> list[Subscription]:
        rows = self._rows("SELECT body FROM subscriptions ORDER BY id")
        return [Subscription.model_validate_json(body) for (body,) in rows]

    def secret(self, subscription_id: str) -> str:
        rows = self._rows("SELECT secret FROM subscriptions WHERE id = ?", (subscription_id,))
        return str(rows[0][0]) if rows and rows[0][0] is not None else ""

    def delete_subscription(self, subscription_id: str) -> None:
        self._write(
            [
                ("DELETE FROM deliveries WHERE subscription = ?", (subscription_id,)),
                ("DELETE FROM subscriptions WHERE id = ?", (subscription_id,)),
            ]
        )

    # events and deliveries
    def seen_events(self) -> set[str]:
        return {event for (event,) in self._rows("SELECT id FROM events")}

    def fan_out(self, event_id: str, body: str, deliveries: list[Delivery]) -> None:
        """Record the event's frozen body and one delivery per receiver, all at once."""
        self._write(
            [
                ("INSERT OR IGNORE INTO events(id, body) VALUES (?, ?)", (event_id, body)),
                *(_upsert(delivery, insert_only=True) for delivery in deliveries),
            ]
        )

    def event_body(self, event_id: str) -> str:
        rows = self._rows("SELECT body FROM events WHERE id = ?", (event_id,))
        return str(rows[0][0]) if rows else ""

    def due(self, now: datetime) -> list[Delivery]:
        """Pending deliveries whose time has come, oldest event first."""
        rows = self._rows(
            "SELECT body FROM deliveries WHERE status = ? AND next_attempt_at <= ?",
            (DeliveryStatus.PENDING.value, _stamp(now)),
        )
        found = [Delivery.model_validate_json(body) for (body,) in rows]
        return sorted(found, key=lambda d: (d.occurred_at, d.event))

    def save_delivery(self, delivery: Delivery) -> None:
        self._write([_upsert(delivery)])

    def delivery(self, subscription_id: str, event_id: str) -> Delivery | None:
        rows = self._rows(
            "SELECT body FROM deliveries WHERE subscription = ? AND event = ?",
            (subscription_id, event_id),
        )
        return Delivery.model_validate_json(rows[0][0]) if rows else None

    def deliveries(self, subscription_id: str) -> list[Delivery]:
        """The subscription's delivery log, newest event first."""
        rows = self._rows("SELECT body FROM deliveries WHERE subscription = ?", (subscription_id,))
        found = [Delivery.model_validate_json(body) for (body,) in rows]
        return sorted(found, key=lambda d: (d.occurred_at, d.event), reverse=True)

    # the console inbox
    def read_until(self, owner: str) -> datetime | None:
        rows = self._rows("SELECT read_until FROM inbox WHERE owner = ?", (owner,))
        return datetime.fromisoformat(rows[0][0]) if rows else None

    def mark_read(self, owner: str, until: datetime) -> None:
        self._write(
            [
                (
                    "INSERT INTO inbox(owner, read_until) VALUES (?, ?) ON CONFLICT(owner)"
                    " DO UPDATE SET read_until = max(inbox.read_until, excluded.read_until)",
                    (owner, _stamp(until)),
                )
            ]
        )

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_ledger(settings: Settings) -> Ledger:
    """The hub's ledger: `notify.db` in the data folder, like `jobs.db`."""
    return Ledger(settings.data_dir / "notify.db")


def _stamp(at: datetime) -> str:
    """A UTC time that sorts as text, microseconds always written."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00")


def _upsert(delivery: Delivery, *, insert_only: bool = False) -> tuple[str, tuple[Any, ...]]:
    verb = "INSERT OR IGNORE" if insert_only else "INSERT OR REPLACE"
    return (
        f"{verb} INTO deliveries(event, subscription, status, next_attempt_at, body)"
        " VALUES (?, ?, ?, ?, ?)",
        (
            delivery.event,
            delivery.subscription,
            delivery.status.value,
            _stamp(delivery.next_attempt_at),
            json.dumps(delivery.model_dump(mode="json")),
        ),
    )
