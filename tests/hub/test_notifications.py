"""The outbox and webhook deliveries, against a real local HTTP receiver."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph import GraphStore
from hub import audit, records, review
from hub.access import Principal
from hub.demo import load_demo
from hub.domain.activities import PartnershipStatus
from hub.domain.errors import InvalidInput, NotFound
from hub.domain.keys import Role
from hub.domain.records import AuditEntry
from hub.domain.settings import Settings
from hub.notifications import subscriptions
from hub.notifications.dispatcher import Dispatcher
from hub.notifications.events import event_type, events
from hub.notifications.ledger import Channel, DeliveryStatus, Ledger
from hub.notifications.subscriptions import Filters
from hub.store import repository
from tests.hub.notify_support import receiving

SECRET = "a shared secret of the receiver"
COORDINATOR = Principal(Role.COORDINATOR, key="key-coordinator")
MOROCCO = Principal(Role.MEMBER_STATE, "morocco", "key-morocco")
SOMALIA = Principal(Role.MEMBER_STATE, "somalia", "key-somalia")
PARTNER = Principal(Role.PARTNER, "iom", "key-iom")


@pytest.fixture
def hub(store: GraphStore, tmp_path: Path) -> Iterator[tuple[GraphStore, Ledger, Dispatcher]]:
    load_demo(store)
    settings = Settings(data_dir=tmp_path, webhooks_allow_local=True, webhook_backoff=0)
    ledger = Ledger(tmp_path / "notify.db")
    yield store, ledger, Dispatcher(store, ledger, settings)
    ledger.close()


def _request(store: GraphStore, principal: Principal, **fields: object) -> str:
    body = {
        "title": "Consular registration of migrants abroad",
        "countries": ["MA"],
        "objectives": [1],  # given, so that the tagger is not asked
    }
    return records.create_request(store, principal, {**body, **fields}).id


def test_audit_actions_map_to_dotted_event_types() -> None:
    assert event_type("request.created") == "request.created"
    assert event_type("suggestion.accepted") == "suggestion.accepted"
    assert event_type("partnership.agreed") == "partnership.status_changed"
    assert event_type("fund.note.submitted") == "concept_note.submitted"
    assert event_type("merge.accept") == "merge.accepted"
    assert event_type("request.updated") == "request.changed"


def test_every_audit_entry_has_its_event_in_the_same_transaction(
    hub: tuple[GraphStore, Ledger, Dispatcher],
) -> None:
    store, _, _ = hub
    with pytest.raises(RuntimeError), store.batch() as writer:
        audit.log(writer, "admin:x", "request.created", "req-morocco-migration-data")
        raise RuntimeError("the change fails after its audit entry was written")
    assert list(events(store)) == []
    moved = review.move_partnership(
        store, COORDINATOR, "pship-tunisia-iom-missing-migrants", PartnershipStatus.CLOSED, "x"
    )
    (entry,) = repository.list_records(store, AuditEntry)
    (event,) = events(store)
    assert event.id == entry.id.replace("audit:", "event:")
    assert (event.event_type, event.subject, event.occurred_at) == (
        "partnership.status_changed",
        moved.id,
        entry.at,
    )
    assert event.data["status"] == "closed"
    assert "x" not in event.data.values()  # a coordinator's note stays in the audit log


def test_a_webhook_receives_signed_events_with_the_contract_headers(
    hub: tuple[GraphStore, Ledger, Dispatcher],
) -> None:
    store, ledger, dispatcher = hub
    with receiving(SECRET) as receiver:
        subscription = subscriptions.subscribe(
            ledger,
            COORDINATOR,
            Channel.WEBHOOK,
            receiver.url,
            ["request.created"],
            secret=SECRET,
            allow_local=True,
        )
        request_id = _request(store, MOROCCO)
        report = dispatcher.run_once()
    assert (report.fanned_out, report.delivered, receiver.forged) == (1, 1, 0)
    (body,) = receiver.bodies
    (headers,) = receiver.headers
    assert set(body) == {"id", "type", "occurred_at", "data"}
    assert body["type"] == headers["X-Hub-Event"] == "request.created"
    assert body["id"] == headers["X-Hub-Delivery"]
    assert body["data"]["request"] == request_id
    assert body["data"]["request_title"] == "Consular registration of migrants abroad"
    (logged,) = subscriptions.deliveries(ledger, COORDINATOR, subscription.id)
    assert (logged.status, logged.attempts, logged.last_status_code) == (
        DeliveryStatus.DELIVERED,
        1,
        204,
    )


def test_confidential_requests_reach_only_those_who_may_see_them(
    hub: tuple[GraphStore, Ledger, Dispatcher],
) -> None:
    store, ledger, dispatcher = hub
    with receiving(SECRET) as receiver:
        for principal in (MOROCCO, SOMALIA, PARTNER, COORDINATOR):
            url = f"{receiver.url}/{principal.role.value}/{principal.stakeholder}"
            subscriptions.subscribe(
                ledger, principal, Channel.WEBHOOK, url, ["*"], secret=SECRET, allow_local=True
            )
        secret = _request(store, MOROCCO, confidentiality="confidential")
        shared = _request(store, MOROCCO, confidentiality="open_to_partners")
        dispatcher.run_once()
    received = {
        (path.removeprefix("/hook/"), body["data"]["request"])
        for path, body in zip(receiver.paths, receiver.bodies, strict=True)
    }
    assert received == {
        ("member_state/morocco", secret),  # its own, whatever their confidentiality
        ("member_state/morocco", shared),
        ("member_state/somalia", shared),  # another state's, only open to partners
        ("partner/iom", shared),
        ("coordinator/None", secret),
        ("coordinator/None", shared),
    }
    assert len(receiver.bodies) == len(received)


def test_that_pairings_were_queued_reaches_staff_and_the_requester_not_other_partners(
    hub: tuple[GraphStore, Ledger, Dispatcher],
) -> None:
    store, ledger, dispatcher = hub
    shared = _request(store, MOROCCO, confidentiality="open_to_partners")
    watchers = (MOROCCO, SOMALIA, PARTNER, COORDINATOR)
    with receiving(SECRET) as receiver:
        for principal in watchers:
            url = f"{receiver.url}/{principal.role.value}/{principal.stakeholder}"
            subscriptions.subscribe(
                ledger, principal, Channel.WEBHOOK, url, ["*"], secret=SECRET, allow_local=True
            )
        dispatcher.run_once()  # the request's creation, which every watcher may see
        queued = review.queue_suggestions(store, COORDINATOR, shared)
        dispatcher.run_once()
    heard = {
        path.removeprefix("/hook/")
        for path, body in zip(receiver.paths, receiver.bodies, strict=True)
        if body["type"] == "suggestions.queued"
    }
    assert queued
    assert heard == {"member_state/morocco", "coordinator/None"}


def test_filters_by_request_objective_and_region(
    hub: tuple[GraphStore, Ledger, Dispatcher],
) -> None:
    store, ledger, dispatcher = hub
    with receiving(SECRET) as receiver:
        for filters in (
            Filters(objective=23),
            Filters(region="Northern Africa"),
            Filters(region="Latin America and the Caribbean"),
            Filters(request="req-morocco-migration-data"),
        ):
            subscriptions.subscribe(
                ledger,
                COORDINATOR,
                Channel.WEBHOOK,
                receiver.url,
                ["*"],
                secret=SECRET,
                allow_local=True,
                filters=filters,
            )
        _request(store, MOROCCO, objectives=[23])
        _request(store, MOROCCO, objectives=[5])
        dispatcher.run_once()
    # objective 23: one; Northern Africa: both; Latin America: none; the demo request: none
    assert len(receiver.bodies) == 3


def test_a_failing_receiver_never_fails_the_write_and_is_disabled_with_its_reason(
    hub: tuple[GraphStore, Ledger, Dispatcher],
) -> None:
    store, ledger, dispatcher = hub
    dispatcher.settings = dispatcher.settings.model_copy(update={"webhook_failure_limit": 3})
    with receiving(SECRET) as receiver:
        receiver.answer = 503
        subscription = subscriptions.subscribe(
            ledger,
            COORDINATOR,
            Channel.WEBHOOK,
            receiver.url,
            ["*"],
            secret=SECRET,
            allow_local=True,
        )
        _request(store, MOROCCO)  # the write succeeds while the receiver fails
        for _ in range(4):
            dispatcher.run_once()
        (pending,) = subscriptions.deliveries(ledger, COORDINATOR, subscription.id)
        disabled = subscriptions.get(ledger, COORDINATOR, subscription.id)
        assert (pending.status, pending.attempts, pending.last_status_code) == (
            DeliveryStatus.PENDING,
            3,
            503,
        )
        assert disabled.disabled_at is not None
        assert disabled.disabled_reason is not None
        assert "3 deliveries failed in a row" in disabled.disabled_reason
        assert "HTTP 503" in disabled.disabled_reason
        receiver.answer = 200
        subscriptions.enable(ledger, COORDINATOR, subscription.id)
        dispatcher.run_once()  # what it missed is still pending and goes now
        assert len(receiver.bodies) == 1
        subscriptions.replay(ledger, COORDINATOR, subscription.id, pending.event)
        dispatcher.run_once()
    assert [body["id"] for body in receiver.bodies] == [pending.event] * 2


def test_backoff_doubles_after_each_failure(hub: tuple[GraphStore, Ledger, Dispatcher]) -> None:
    store, ledger, dispatcher = hub
    dispatcher.settings = dispatcher.settings.model_copy(update={"webhook_backoff": 10.0})
    subscription = subscriptions.subscribe(
        ledger,
        COORDINATOR,
        Channel.WEBHOOK,
        "http://127.0.0.1:9/closed",
        ["*"],
        secret=SECRET,
        allow_local=True,
    )
    _request(store, MOROCCO)
    now = datetime.now(UTC)
    waits = []
    for _ in range(3):
        dispatcher.run_once(now=now)
        (after,) = ledger.deliveries(subscription.id)
        assert after.last_error is not None and after.last_status_code is None
        waits.append((after.next_attempt_at - now).total_seconds())
        assert ledger.due(now) == []  # nothing is retried before its time
        now = after.next_attempt_at
    assert waits == [10.0, 20.0, 40.0]


def test_only_the_owner_manages_a_subscription(
    hub: tuple[GraphStore, Ledger, Dispatcher],
) -> None:
    _, ledger, _ = hub
    mine = subscriptions.subscribe(
        ledger,
        MOROCCO,
        Channel.WEBHOOK,
        "http://127.0.0.1:9/",
        ["*"],
        secret=SECRET,
        allow_local=True,
    )
    with pytest.raises(NotFound):
        subscriptions.get(ledger, SOMALIA, mine.id)
    assert subscriptions.owned(ledger, SOMALIA) == []
    assert subscriptions.owned(ledger, Principal(Role.ADMIN, key="k")) == [mine]
    subscriptions.remove(ledger, MOROCCO, mine.id)
    assert subscriptions.owned(ledger, MOROCCO) == []


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "ftp://example.org/hook",
        "http://user:pass@example.org/hook",
    ],
)
def test_webhooks_refuse_local_addresses_unless_allowed(tmp_path: Path, url: str) -> None:
    ledger = Ledger(tmp_path / "notify.db")
    with pytest.raises(InvalidInput, match="webhook"):
        subscriptions.subscribe(ledger, COORDINATOR, Channel.WEBHOOK, url, ["*"], secret="s")
    ledger.close()
