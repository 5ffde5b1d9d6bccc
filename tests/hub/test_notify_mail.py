"""E-mail notifications through a real local SMTP server (aiosmtpd)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from graph import GraphStore
from hub import records
from hub.access import Principal
from hub.demo import load_demo
from hub.domain.keys import Role
from hub.domain.settings import Settings
from hub.notifications import subscriptions
from hub.notifications.dispatcher import Dispatcher
from hub.notifications.ledger import Cadence, Channel, DeliveryStatus, Ledger
from tests.hub.notify_support import Mailbox, mailing

COORDINATOR = Principal(Role.COORDINATOR, key="key-coordinator")
MOROCCO = Principal(Role.MEMBER_STATE, "morocco", "key-morocco")


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    with mailing() as found:
        yield found


@pytest.fixture
def hub(store: GraphStore, tmp_path: Path) -> Iterator[tuple[GraphStore, Ledger]]:
    load_demo(store)
    with Ledger(tmp_path / "notify.db") as ledger:
        yield store, ledger


def _file(store: GraphStore, title: str) -> None:
    fields = {"title": title, "countries": ["MA"], "objectives": [1]}
    records.create_request(store, MOROCCO, fields)


def test_each_event_is_mailed_at_once(
    hub: tuple[GraphStore, Ledger], mailbox: tuple[Mailbox, int], tmp_path: Path
) -> None:
    store, ledger = hub
    box, port = mailbox
    settings = Settings(data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=port)
    subscriptions.subscribe(
        ledger, MOROCCO, Channel.EMAIL, "desk@morocco.example", ["request.created"]
    )
    _file(store, "Consular registration abroad")
    Dispatcher(store, ledger, settings).run_once()
    (message,) = box.messages
    assert message["To"] == "desk@morocco.example"
    assert message["Subject"] == "[GCM Hub] request.created: Consular registration abroad"
    assert "request_title: Consular registration abroad" in str(message.get_payload())


def test_a_daily_digest_waits_for_its_day_and_holds_every_event(
    hub: tuple[GraphStore, Ledger], mailbox: tuple[Mailbox, int], tmp_path: Path
) -> None:
    store, ledger = hub
    box, port = mailbox
    settings = Settings(data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=port)
    dispatcher = Dispatcher(store, ledger, settings)
    daily = subscriptions.subscribe(
        ledger,
        COORDINATOR,
        Channel.EMAIL,
        "coordination@hub.example",
        ["*"],
        cadence=Cadence.DAILY,
    )
    _file(store, "First request")
    _file(store, "Second request")
    dispatcher.run_once()
    assert box.messages == []  # not a day yet
    a_day_later = datetime.now(UTC) + timedelta(days=1, seconds=1)
    dispatcher.run_once(now=a_day_later)
    (digest,) = box.messages
    assert digest["Subject"] == "[GCM Hub] daily digest: 2 events"
    text = str(digest.get_payload())
    assert "First request" in text and "Second request" in text
    assert {d.status for d in ledger.deliveries(daily.id)} == {DeliveryStatus.DELIVERED}
    _file(store, "Third request")
    dispatcher.run_once(now=a_day_later + timedelta(hours=1))
    assert len(box.messages) == 1  # the next digest is a day after this one


def test_an_unreachable_smtp_server_leaves_the_mail_pending(
    hub: tuple[GraphStore, Ledger], tmp_path: Path
) -> None:
    store, ledger = hub
    settings = Settings(data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=9)
    mailed = subscriptions.subscribe(ledger, MOROCCO, Channel.EMAIL, "a@b.example", ["*"])
    _file(store, "Written whatever the mail server does")
    Dispatcher(store, ledger, settings).run_once()
    (pending,) = ledger.deliveries(mailed.id)
    assert pending.status is DeliveryStatus.PENDING
    assert pending.last_error is not None and "ConnectionRefusedError" in pending.last_error
