"""A hub process killed between a change and its audit entry leaves both or neither.

The write runs in a child process (`tests/hub/audit_crash_child.py`) on a real store,
which SIGKILLs itself at a chosen point, or is killed from here at a random moment;
the store, reopened, must hold a record change exactly when it holds its entry.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import GraphStore
from graph.sqlite import SqliteGraphStore
from hub import audit
from hub.domain.records import (
    ObjectiveOrigin,
    Offer,
    Stakeholder,
    StakeholderKind,
    SupportRequest,
)
from hub.store import repository
from tests import neo4j_support
from tests.store_support import put

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Hub:
    """A store the child can open too: `where` names it, `reopen` reads it afresh."""

    where: str
    reopen: Callable[[], GraphStore]
    release: Callable[[GraphStore], None]


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def hub(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Hub]:
    if request.param == "embedded":
        path = tmp_path / "hub.db"
        yield Hub(str(path), lambda: SqliteGraphStore(path), lambda store: store.close())
        return
    shared = neo4j_support.session_store()
    neo4j_support.wipe()
    yield Hub(str(neo4j_support.uri()), lambda: shared, lambda _: None)


def _seed(hub: Hub) -> None:
    store = hub.reopen()
    put(
        store,
        Stakeholder(id="ms-crash", name="Crashland", kind=StakeholderKind.MEMBER_STATE),
        Stakeholder(id="ngo-crash", name="Crash NGO", kind=StakeholderKind.NGO),
        SupportRequest(
            id="req-crash",
            requester="ms-crash",
            title="Border data",
            objectives=[1],
            objective_origin=ObjectiveOrigin.SUGGESTED,
        ),
        Offer(id="offer-crash", provider="ngo-crash", title="Training", objectives=[2]),
    )
    hub.release(store)


def _child(hub: Hub, operation: str, point: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.hub.audit_crash_child", operation, point, hub.where],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _changed(store: GraphStore, operation: str) -> bool:
    """Whether the child's change is in the store."""
    match operation:
        case "create_request":
            return len(list(repository.list_records(store, SupportRequest))) == 2
        case "create_offer":
            return len(list(repository.list_records(store, Offer))) == 2
        case "create_stakeholder":
            return len(list(repository.list_records(store, Stakeholder))) == 3
        case "update_request":
            return repository.get(store, SupportRequest, "req-crash").title != "Border data"
        case "update_offer":
            return repository.get(store, Offer, "offer-crash").text != ""
        case "confirm_objectives":
            request = repository.get(store, SupportRequest, "req-crash")
            return request.objective_origin is ObjectiveOrigin.CONFIRMED
    raise AssertionError(operation)


_ACTIONS = {
    "create_request": "request.created",
    "create_offer": "offer.created",
    "create_stakeholder": "stakeholder.created",
    "update_request": "request.updated",
    "update_offer": "offer.updated",
    "confirm_objectives": "objectives.confirmed",
}


_KILLS = [
    *((operation, "after-audit", False) for operation in sorted(_ACTIONS)),
    ("create_request", "after-change", False),
    ("update_request", "after-change", False),
    ("create_request", "after-commit", True),
]
"""Every write dies once its entry is written but not committed; two die earlier, one
after the commit, which must keep both."""


@pytest.mark.parametrize(("operation", "point", "survives"), _KILLS)
def test_a_kill_leaves_the_change_and_its_entry_or_neither(
    hub: Hub, operation: str, point: str, survives: bool
) -> None:
    _seed(hub)
    child = _child(hub, operation, point)
    _, errors = child.communicate(timeout=300)
    assert child.returncode == -signal.SIGKILL, errors
    store = hub.reopen()
    logged = [e for e in audit.entries(store) if e.action == _ACTIONS[operation]]
    assert _changed(store, operation) is survives
    assert len(logged) == int(survives)
    hub.release(store)


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(delay=st.floats(min_value=0.0, max_value=0.4))
def test_a_kill_at_any_moment_of_many_writes_splits_no_change_from_its_entry(
    hub: Hub, delay: float
) -> None:
    _seed(hub)
    store = hub.reopen()
    before = {r.id for r in repository.list_records(store, SupportRequest)}
    hub.release(store)
    child = _child(hub, "create_request", "loop")
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    first = child.stdout.readline().strip()  # writes are under way: now kill at random
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    returned = [first, *child.stdout.read().split()]
    child.wait()
    store = hub.reopen()
    created = {r.id for r in repository.list_records(store, SupportRequest)} - before
    logged = {e.subject for e in audit.entries(store) if e.action == "request.created"}
    assert created == logged - before  # examples share the store: earlier ones are before
    assert set(returned) <= created, "a call that returned was committed"
    hub.release(store)
