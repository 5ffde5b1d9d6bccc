"""The review workflow: queue, decisions, partnership lifecycle and the audit log."""

from __future__ import annotations

import pytest

from hub import audit, review
from hub.access import Principal
from hub.demo import load_demo
from hub.domain.activities import (
    Partnership,
    PartnershipStatus,
    RejectReason,
    Suggestion,
    SuggestionStatus,
)
from hub.domain.errors import Conflict
from hub.domain.keys import Role
from hub.matchmaking.inputs import decisions
from hub.store import Store, repository

REQUEST = "req-ethiopia-reintegration"
AMINA = Principal(Role.COORDINATOR, key="key-amina")


@pytest.fixture
def queued(store: Store) -> list[Suggestion]:
    load_demo(store)
    return review.queue_suggestions(store, AMINA, REQUEST, n=4)


def test_queue_holds_explained_pending_suggestions(store: Store, queued: list[Suggestion]) -> None:
    assert len(queued) == 4
    assert [s.rank for s in queued] == [1, 2, 3, 4]
    assert all(s.status is SuggestionStatus.PENDING and s.parts for s in queued)
    assert all(s.requester == "ethiopia" for s in queued)
    assert {s.id for s in repository.list_records(store, Suggestion)} == {s.id for s in queued}


def test_accept_creates_a_proposed_partnership_and_logs_it(
    store: Store, queued: list[Suggestion]
) -> None:
    partnership = review.accept(store, AMINA, queued[0].id, "good fit")
    assert partnership.status is PartnershipStatus.PROPOSED
    assert partnership.members == ["ethiopia", queued[0].candidate]
    assert repository.get(store, Partnership, partnership.id) == partnership
    decided = repository.get(store, Suggestion, queued[0].id)
    assert decided.status is SuggestionStatus.ACCEPTED and decided.partnership == partnership.id
    [entry] = [
        e for e in audit.entries(store, request=REQUEST) if e.action == "suggestion.accepted"
    ]
    assert (entry.actor, entry.subject, entry.detail) == (
        AMINA.name,
        queued[0].id,
        "good fit",
    )
    with pytest.raises(Conflict, match="already accepted"):
        review.reject(store, AMINA, queued[0].id, RejectReason.OTHER)


def test_reject_needs_a_reason_and_defer_can_be_decided_later(
    store: Store, queued: list[Suggestion]
) -> None:
    rejected = review.reject(store, AMINA, queued[1].id, RejectReason.NO_CAPACITY, "fully booked")
    assert (rejected.status, rejected.reason) == (
        SuggestionStatus.REJECTED,
        RejectReason.NO_CAPACITY,
    )
    review.defer(store, AMINA, queued[2].id, "ask again in March")
    review.accept(store, AMINA, queued[2].id)
    labels = {(d.candidate, d.accepted) for d in decisions(store)}
    assert labels == {(queued[1].candidate, False), (queued[2].candidate, True)}
    actions = [e.action for e in audit.entries(store, request=REQUEST)]
    assert actions == [
        "suggestions.queued",
        "suggestion.rejected",
        "suggestion.deferred",
        "suggestion.accepted",
    ]


def test_requeueing_keeps_decisions(store: Store, queued: list[Suggestion]) -> None:
    review.reject(store, AMINA, queued[0].id, RejectReason.WRONG_EXPERTISE)
    again = review.queue_suggestions(store, AMINA, REQUEST, n=4)
    assert queued[0].id not in {s.id for s in again}
    assert repository.get(store, Suggestion, queued[0].id).status is SuggestionStatus.REJECTED


def test_partnership_lifecycle_moves_forward_only(store: Store, queued: list[Suggestion]) -> None:
    partnership = review.accept(store, AMINA, queued[0].id)
    for status in (PartnershipStatus.AGREED, PartnershipStatus.ACTIVE, PartnershipStatus.COMPLETED):
        partnership = review.move_partnership(store, AMINA, partnership.id, status)
    assert set(partnership.status_dates) == set(PartnershipStatus) - {PartnershipStatus.CLOSED}
    assert partnership.started is not None and partnership.ended is not None
    with pytest.raises(Conflict, match="is completed; it cannot become active"):
        review.move_partnership(store, AMINA, partnership.id, PartnershipStatus.ACTIVE)
    other = review.accept(store, AMINA, queued[1].id)
    with pytest.raises(Conflict, match="cannot become active"):
        review.move_partnership(store, AMINA, other.id, PartnershipStatus.ACTIVE)
