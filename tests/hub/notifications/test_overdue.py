"""Partnerships overdue in their status: one event per (partnership, status), on fixed dates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from graph import GraphStore
from hub import audit, review
from hub.access import Principal
from hub.demo import load_demo
from hub.domain.activities import PartnershipStatus
from hub.domain.keys import Role
from hub.domain.settings import OVERDUE_DAYS, Settings
from hub.notifications import inbox, subscriptions
from hub.notifications.dispatcher import Dispatcher
from hub.notifications.events import events
from hub.notifications.ledger import Channel, Ledger
from hub.notifications.overdue import ACTOR, announce_overdue
from tests.hub.notify_support import receiving

SECRET = "the overdue receiver's secret"
COORDINATOR = Principal(Role.COORDINATOR, key="key-coordinator")
MOROCCO = Principal(Role.MEMBER_STATE, "morocco", "key-morocco")
SOMALIA = Principal(Role.MEMBER_STATE, "somalia", "key-somalia")
PARTNERSHIP = "pship-fund-morocco"  # proposed, for Morocco's request
"""A demo partnership; demo ones carry no status dates, so only the moves below date it."""


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@pytest.fixture
def hub(store: GraphStore, tmp_path: Path) -> Iterator[tuple[GraphStore, Ledger, Settings]]:
    load_demo(store)
    settings = Settings(data_dir=tmp_path, webhooks_allow_local=True, webhook_backoff=0)
    with Ledger(tmp_path / "notify.db") as ledger:
        yield store, ledger, settings


def test_limits_default_per_open_status_and_refuse_ended_ones() -> None:
    assert Settings().partnership_overdue_days == OVERDUE_DAYS
    assert Settings(partnership_overdue_days={"proposed": 7}).partnership_overdue_days == {
        **OVERDUE_DAYS,
        PartnershipStatus.PROPOSED: 7,
    }
    with pytest.raises(ValidationError, match="completed: a partnership that ended"):
        Settings(partnership_overdue_days={"completed": 7})


def test_a_stalled_partnership_is_announced_once_per_status(
    hub: tuple[GraphStore, Ledger, Settings],
) -> None:
    store, _, settings = hub
    limits = settings.partnership_overdue_days
    assert announce_overdue(store, limits, date(2030, 1, 1)) == []  # nothing dated yet
    review.move_partnership(
        store, COORDINATOR, PARTNERSHIP, PartnershipStatus.AGREED, on=date(2026, 1, 1)
    )
    assert announce_overdue(store, limits, date(2026, 4, 1)) == []  # day 90: not yet
    assert announce_overdue(store, limits, date(2026, 4, 2)) == [PARTNERSHIP]
    assert announce_overdue(store, limits, date(2026, 4, 3)) == []  # said once
    assert announce_overdue(store, limits, date(2027, 4, 2)) == []

    review.move_partnership(
        store, COORDINATOR, PARTNERSHIP, PartnershipStatus.ACTIVE, on=date(2026, 5, 1)
    )
    assert announce_overdue(store, limits, date(2027, 4, 2)) == []  # active: two years
    assert announce_overdue(store, {**limits, PartnershipStatus.ACTIVE: 0}, date(2099, 1, 1)) == []
    assert announce_overdue(store, limits, date(2028, 5, 2)) == [PARTNERSHIP]

    overdue = sorted(
        (e for e in events(store) if e.event_type == "partnership.overdue"),
        key=lambda e: e.occurred_at,
    )
    assert [e.data["status"] for e in overdue] == ["agreed", "active"]
    assert {(e.subject, e.request, e.requester) for e in overdue} == {
        (PARTNERSHIP, "req-morocco-migration-data", "morocco")
    }
    logged = [e for e in audit.entries(store) if e.action == "partnership.overdue"]
    assert [(e.actor, e.detail) for e in logged] == [(ACTOR, "agreed"), (ACTOR, "active")]


def test_the_dispatcher_announces_and_delivers_an_overdue_partnership_once(
    hub: tuple[GraphStore, Ledger, Settings],
) -> None:
    store, ledger, settings = hub
    review.move_partnership(
        store, COORDINATOR, PARTNERSHIP, PartnershipStatus.AGREED, on=date(2026, 1, 1)
    )
    dispatcher = Dispatcher(store, ledger, settings)
    with receiving(SECRET) as receiver:
        for principal in (COORDINATOR, MOROCCO, SOMALIA):
            subscriptions.subscribe(
                ledger,
                principal,
                Channel.WEBHOOK,
                f"{receiver.url}/{principal.stakeholder}",
                ["partnership.overdue"],
                secret=SECRET,
                allow_local=True,
            )
        first = dispatcher.run_once(at(date(2026, 6, 1)))
        again = dispatcher.run_once(at(date(2026, 6, 2)))
    assert (first.overdue, first.delivered, again.overdue, again.delivered) == (1, 3, 0, 0)
    # the request is open to partners, so another state may subscribe to its news
    assert sorted(receiver.paths) == ["/hook/None", "/hook/morocco", "/hook/somalia"]
    assert {body["type"] for body in receiver.bodies} == {"partnership.overdue"}
    assert {body["data"]["status"] for body in receiver.bodies} == {"agreed"}
    assert len(receiver.ids) == 1  # one event, to each receiver
    for principal, concerned in ((COORDINATOR, True), (MOROCCO, True), (SOMALIA, False)):
        noticed = {n.type for n in inbox.inbox(store, ledger, principal)}
        assert ("partnership.overdue" in noticed) is concerned
