"""The review queue's order: the request waiting longest first, each request's partners
by rank, and pages that neither skip nor repeat."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub import review
from hub.access import Principal
from hub.demo import load_demo
from hub.domain.activities import RejectReason, Suggestion, SuggestionStatus
from hub.domain.errors import InvalidInput
from hub.domain.keys import Role
from hub.domain.records import Stakeholder, StakeholderKind, SupportRequest
from hub.store import Store, codec

AMINA = Principal(Role.COORDINATOR, key="key-amina")
EARLY, LATE = "req-somalia-legal-identity", "req-morocco-migration-data"
"""Queued in this order; the later one's id sorts first."""


def listed(
    store: Store, status: SuggestionStatus = SuggestionStatus.PENDING, requester: str | None = None
) -> list[Suggestion]:
    return review.queue(store, AMINA, status=status, requester=requester, limit=200).items


def test_the_request_waiting_longest_comes_first_whatever_its_id(store: Store) -> None:
    load_demo(store)
    early = review.queue_suggestions(store, AMINA, EARLY, n=2)
    late = review.queue_suggestions(store, AMINA, LATE, n=3)
    assert [s.id for s in listed(store)] == [s.id for s in early + late]
    assert [s.rank for s in listed(store)] == [1, 2, 1, 2, 3]


def test_a_requeue_keeps_the_wait_of_a_request_still_waiting(store: Store) -> None:
    load_demo(store)
    first = review.queue_suggestions(store, AMINA, EARLY, n=2)
    review.queue_suggestions(store, AMINA, LATE, n=2)
    again = review.queue_suggestions(store, AMINA, EARLY, n=2)
    assert {s.queued_at for s in again} == {first[0].queued_at}
    assert listed(store)[0].request == EARLY


def test_a_request_queued_again_after_every_decision_waits_anew(store: Store) -> None:
    load_demo(store)
    first = review.queue_suggestions(store, AMINA, EARLY, n=1)
    review.queue_suggestions(store, AMINA, LATE, n=1)
    review.reject(store, AMINA, first[0].id, RejectReason.NO_CAPACITY)
    review.queue_suggestions(store, AMINA, EARLY, n=1)
    assert [s.request for s in listed(store)] == [LATE, EARLY]


def test_a_cursor_the_queue_did_not_give_is_refused_by_name(store: Store) -> None:
    with pytest.raises(InvalidInput, match="cursor 'sugg:req-x:iom'"):
        review.queue(store, AMINA, cursor="sugg:req-x:iom")


_examples = itertools.count()

waits = st.lists(
    st.tuples(st.integers(0, 5), st.lists(st.integers(1, 6), min_size=1, max_size=4, unique=True)),
    min_size=1,
    max_size=5,
)
"""Per request: minutes it was queued after a fixed moment (ties allowed), its ranks."""


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(requests=waits, limit=st.integers(1, 7))
def test_pages_follow_wait_then_rank_without_skip_or_repeat(
    store: Store, requests: list[tuple[int, list[int]]], limit: int
) -> None:
    state = f"state-{next(_examples)}"  # each example files as its own Member State
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with store.batch() as writer:
        codec.write(writer, Stakeholder(id=state, name=state, kind=StakeholderKind.MEMBER_STATE))
        for rank in range(1, 7):
            codec.write(writer, Stakeholder(id=f"p{rank}", name="NGO", kind=StakeholderKind.NGO))
        for i, (minutes, ranks) in enumerate(requests):
            request = f"req-{state}-{i}"
            codec.write(writer, SupportRequest(id=request, requester=state, title=request))
            for rank in ranks:
                codec.write(
                    writer,
                    Suggestion(
                        id=f"sugg:{request}:p{rank}",
                        request=request,
                        requester=state,
                        candidate=f"p{rank}",
                        rank=rank,
                        score=1.0 / rank,
                        queued_at=start + timedelta(minutes=minutes),
                    ),
                )
    pages, cursor = [], None
    while True:
        page = review.queue(store, AMINA, requester=state, cursor=cursor, limit=limit)
        assert len(page.items) <= limit
        pages += page.items
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert sorted(s.id for s in pages) == sorted(
        f"sugg:req-{state}-{i}:p{rank}" for i, (_, ranks) in enumerate(requests) for rank in ranks
    )
    runs = [(key, [s.rank for s in group]) for key, group in itertools.groupby(pages, _request)]
    assert len({key for key, _ in runs}) == len(runs)  # a request's partners stand together
    assert all(ranks == sorted(ranks) for _, ranks in runs)
    waited = [requests[int(key.rsplit("-", 1)[1])][0] for key, _ in runs]
    assert waited == sorted(waited)  # the longest wait first
    assert pages == listed(store, requester=state)


def _request(s: Suggestion) -> str:
    return s.request


def test_filters_still_apply_in_the_new_order(store: Store) -> None:
    load_demo(store)
    early = review.queue_suggestions(store, AMINA, EARLY, n=2)
    review.queue_suggestions(store, AMINA, LATE, n=2)
    review.defer(store, AMINA, early[1].id)
    assert [s.id for s in listed(store, status=SuggestionStatus.DEFERRED)] == [early[1].id]
    assert {s.request for s in listed(store, requester="morocco")} == {LATE}
