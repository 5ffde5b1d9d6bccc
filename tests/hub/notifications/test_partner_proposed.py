"""A partner proposed for a request hears of it, and of nothing else: its own pairing,
in its inbox, its webhooks and its e-mail digests, never a confidential request's details."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from graph import GraphStore
from hub import review
from hub.access import Principal
from hub.demo import load_demo
from hub.domain.keys import Role
from hub.domain.settings import Settings
from hub.matchmaking.partners import recommend_partners
from hub.notifications import inbox, subscriptions
from hub.notifications.dispatcher import Dispatcher
from hub.notifications.events import PROPOSALS_LINK, PROPOSED, events
from hub.notifications.ledger import Cadence, Channel, Ledger
from hub.store import Store
from tests.hub.notify_support import Receiver, mailing, receiving

SECRET = "the candidates' receiver's secret"
COORDINATOR = Principal(Role.COORDINATOR, key="key-coordinator")
OPEN_REQUEST = "req-ethiopia-reintegration"
SECRET_REQUEST = "req-somalia-legal-identity"


def key_of(stakeholder: str, role: Role = Role.PARTNER) -> Principal:
    return Principal(role, stakeholder, f"key-{stakeholder}")


@pytest.fixture
def hub(store: GraphStore, tmp_path: Path) -> Iterator[tuple[GraphStore, Ledger, Dispatcher]]:
    load_demo(store)
    settings = Settings(data_dir=tmp_path, webhooks_allow_local=True, webhook_backoff=0)
    with Ledger(tmp_path / "notify.db") as ledger:
        yield store, ledger, Dispatcher(store, ledger, settings)


def _hooked(ledger: Ledger, receiver: Receiver, *principals: Principal) -> None:
    """A webhook per principal, to its own path, taking every event its key may see."""
    for principal in principals:
        subscriptions.subscribe(
            ledger,
            principal,
            Channel.WEBHOOK,
            f"{receiver.url}/{principal.stakeholder or principal.role.value}",
            ["*"],
            secret=SECRET,
            allow_local=True,
        )


def _candidates(store: Store, request: str, n: int) -> list[Principal]:
    """The partners a queue of `n` will propose, asked before it is made (read only)."""
    return [key_of(found.candidate) for found in recommend_partners(store, request, n=n)]


def _proposed(store: Store) -> list[str]:
    return sorted(e.subject for e in events(store) if e.event_type == PROPOSED)


def test_each_candidate_hears_of_its_own_pairing_alone(
    hub: tuple[GraphStore, Ledger, Dispatcher],
) -> None:
    store, ledger, dispatcher = hub
    bystander = key_of("unodc")
    first, second, _ = _candidates(store, OPEN_REQUEST, 3)
    with receiving(SECRET) as receiver:
        _hooked(ledger, receiver, first, second, bystander)
        queued = review.queue_suggestions(store, COORDINATOR, OPEN_REQUEST, n=3)
        dispatcher.run_once()

    assert _proposed(store) == sorted(s.id for s in queued)
    assert [s.candidate for s in queued[:2]] == [first.stakeholder, second.stakeholder]
    assert bystander.stakeholder not in {s.candidate for s in queued}
    heard = [
        (path, body)
        for path, body in zip(receiver.paths, receiver.bodies, strict=True)
        if body["type"] == PROPOSED
    ]
    # one delivery each; the bystander and the review behind the pairing stay unheard
    assert sorted(path for path, _ in heard) == sorted(
        f"/hook/{p.stakeholder}" for p in (first, second)
    )
    by_path = dict(heard)
    for candidate, suggestion in ((first, queued[0]), (second, queued[1])):
        body = by_path[f"/hook/{candidate.stakeholder}"]
        assert body["data"] == {
            "subject": suggestion.id,
            "request": OPEN_REQUEST,
            "request_title": store.node(OPEN_REQUEST).properties["title"],  # type: ignore[union-attr]
            "requester": "ethiopia",
            "candidate": candidate.stakeholder,
            "link": PROPOSALS_LINK,
        }
        (notice,) = inbox.inbox(store, ledger, candidate)
        assert (notice.type, notice.data["subject"]) == (PROPOSED, suggestion.id)
    assert inbox.inbox(store, ledger, bystander) == []


def test_a_re_queue_proposes_no_open_pairing_twice(
    hub: tuple[GraphStore, Ledger, Dispatcher],
) -> None:
    store, _, _ = hub
    once = review.queue_suggestions(store, COORDINATOR, OPEN_REQUEST, n=2)
    again = review.queue_suggestions(store, COORDINATOR, OPEN_REQUEST, n=3)
    assert _proposed(store) == sorted({s.id for s in (*once, *again)})


def test_the_requester_and_coordinators_keep_the_queue_event_not_the_proposals(
    hub: tuple[GraphStore, Ledger, Dispatcher],
) -> None:
    store, ledger, _ = hub
    review.queue_suggestions(store, COORDINATOR, OPEN_REQUEST, n=3)
    for principal in (COORDINATOR, key_of("ethiopia", Role.MEMBER_STATE)):
        kinds = [n.type for n in inbox.inbox(store, ledger, principal)]
        assert kinds == ["suggestions.queued"]


def test_a_confidential_request_is_not_betrayed_to_its_candidates(
    hub: tuple[GraphStore, Ledger, Dispatcher],
) -> None:
    store, ledger, dispatcher = hub
    candidates = _candidates(store, SECRET_REQUEST, 3)
    with receiving(SECRET) as receiver:
        _hooked(ledger, receiver, *candidates, COORDINATOR)
        queued = review.queue_suggestions(store, COORDINATOR, SECRET_REQUEST, n=3)
        dispatcher.run_once()

    assert len(_proposed(store)) == len(queued) > 0  # written, for the staff who may see it
    assert set(receiver.paths) == {"/hook/coordinator"}  # nothing of it to any candidate
    assert {body["type"] for body in receiver.bodies} == {PROPOSED, "suggestions.queued"}
    for candidate in candidates:
        assert inbox.inbox(store, ledger, candidate) == []
        assert review.proposals(store, candidate) == ([], None)  # as the console shows


def test_a_candidates_daily_digest_tells_it_of_its_pairing(
    hub: tuple[GraphStore, Ledger, Dispatcher], tmp_path: Path
) -> None:
    store, ledger, _ = hub
    first, *_ = _candidates(store, OPEN_REQUEST, 2)
    with mailing() as (box, port):
        settings = Settings(data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=port)
        dispatcher = Dispatcher(store, ledger, settings)
        daily, desk = Cadence.DAILY, "desk@candidate.example"
        subscriptions.subscribe(ledger, first, Channel.EMAIL, desk, [PROPOSED], cadence=daily)
        (suggestion, _) = review.queue_suggestions(store, COORDINATOR, OPEN_REQUEST, n=2)
        dispatcher.run_once(now=datetime.now(UTC) + timedelta(days=1, seconds=1))
    (digest,) = box.messages
    assert digest["Subject"] == "[GCM Hub] daily digest: 1 event"
    text = str(digest.get_payload())
    assert suggestion.id in text and PROPOSALS_LINK in text
