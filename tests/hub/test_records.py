"""The records service: every write with its audit entry, every list as the caller sees it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub import audit, records
from hub.access import PUBLIC, Principal
from hub.demo import load_demo
from hub.domain.keys import Role
from hub.domain.records import Offer, RequestStatus, Stakeholder, SupportRequest
from hub.store import Store

AMINA = Principal(Role.COORDINATOR, key="key-amina")
SOMALIA = Principal(Role.MEMBER_STATE, "somalia", "key-somalia")
NRC = Principal(Role.PARTNER, "nrc", "key-nrc")
CALLERS = [AMINA, SOMALIA, NRC, PUBLIC]


@pytest.fixture
def demo(store: Store) -> Store:
    load_demo(store)
    return store


def _logged(store: Store, subject: str) -> list[tuple[str, str]]:
    return [(e.actor, e.action) for e in audit.entries(store) if e.subject == subject]


def test_creating_and_changing_each_kind_is_audited(demo: Store) -> None:
    ngo = records.create_stakeholder(demo, AMINA, {"name": "Crash NGO", "kind": "ngo"})
    offer = records.create_offer(demo, NRC, {"provider": "x", "title": "Cash", "objectives": [7]})
    request = records.create_request(demo, SOMALIA, {"title": "Data", "objectives": [1]})
    records.update(demo, AMINA, Stakeholder, ngo.id, {"description": "Works in the Sahel"})
    records.update(demo, NRC, Offer, offer.id, {"title": "Cash transfers"})
    records.update(demo, SOMALIA, SupportRequest, request.id, {"title": "Border data"})
    assert _logged(demo, ngo.id) == [
        (AMINA.name, "stakeholder.created"),
        (AMINA.name, "stakeholder.updated"),
    ]
    assert _logged(demo, offer.id) == [(NRC.name, "offer.created"), (NRC.name, "offer.updated")]
    assert offer.provider == "nrc" and request.requester == "somalia"  # their own names
    assert [e.action for e in records.history(demo, SOMALIA, request.id)] == [
        "request.created",
        "request.updated",
    ]


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    caller=st.sampled_from(CALLERS),
    status=st.none() | st.sampled_from(RequestStatus),
    objective=st.none() | st.integers(min_value=1, max_value=23),
    limit=st.integers(min_value=1, max_value=7),
)
def test_pages_with_filters_pushed_down_walk_what_the_caller_sees(
    demo: Store, caller: Principal, status: RequestStatus | None, objective: int | None, limit: int
) -> None:
    expected = [
        r.id
        for r in records.visible(demo, caller, SupportRequest)
        if status in (None, r.status) and (objective is None or objective in r.objectives)
    ]
    walked: list[str] = []
    cursor = None
    while True:
        page = records.requests(
            demo, caller, status=status, objective=objective, cursor=cursor, limit=limit
        )
        assert len(page.items) <= limit
        walked += [r.id for r in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert walked == expected
