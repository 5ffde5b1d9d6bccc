"""A hub process that writes one record on the operator's behalf and then dies by
SIGKILL at a chosen point: run by tests/hub/test_audit_crash.py.

    python -m tests.hub.audit_crash_child OPERATION POINT STORE

POINT is where it dies: `after-change` (the record written, its audit entry not yet),
`after-audit` (both written, not committed), `after-commit`, or `loop` (create
requests until killed from outside, printing each id once its call returned). STORE
is a SQLite file or a bolt:// URI (user and password from HUB_TEST_NEO4J_*).
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph import GraphStore
from graph.neo4j import Neo4jGraphStore
from graph.sqlite import SqliteGraphStore
from hub import audit, records
from hub.access import OPERATOR
from hub.domain.records import Offer, SupportRequest
from hub.store import repository

OPERATIONS: dict[str, Callable[[GraphStore], object]] = {
    "create_request": lambda store: records.create_request(
        store, OPERATOR, {"requester": "ms-crash", "title": "Border data", "objectives": [1]}
    ),
    "create_offer": lambda store: records.create_offer(
        store, OPERATOR, {"provider": "ngo-crash", "title": "Training", "objectives": [2]}
    ),
    "create_stakeholder": lambda store: records.create_stakeholder(
        store, OPERATOR, {"name": "Crash Test NGO", "kind": "ngo"}
    ),
    "update_request": lambda store: records.update(
        store, OPERATOR, SupportRequest, "req-crash", {"title": "Border data, renamed"}
    ),
    "update_offer": lambda store: records.update(
        store, OPERATOR, Offer, "offer-crash", {"text": "Now with a text"}
    ),
    "confirm_objectives": lambda store: records.confirm_objectives(
        store, OPERATOR, SupportRequest, "req-crash"
    ),
}


def _die(store: GraphStore, written: str) -> None:
    store.node(written)  # a read in the batch flushes pending rows into the transaction
    os.kill(os.getpid(), signal.SIGKILL)


def _then_die(store: GraphStore, write: Callable[..., Any], id_of: Callable[..., str]) -> Any:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = write(*args, **kwargs)
        _die(store, id_of(result, *args))
        return result

    return wrapped


def _open(where: str) -> GraphStore:
    if where.startswith("bolt://") or where.startswith("neo4j://"):
        return Neo4jGraphStore(
            where,
            os.environ.get("HUB_TEST_NEO4J_USER", "neo4j"),
            os.environ.get("HUB_TEST_NEO4J_PASSWORD", "hub-test-password"),
        )
    return SqliteGraphStore(Path(where))


def main(operation: str, point: str, where: str) -> None:
    store = _open(where)
    if point == "after-change":
        repository.save = _then_die(store, repository.save, lambda _, s, w, record: record.id)  # type: ignore[assignment]
    elif point == "after-audit":
        audit.log = _then_die(store, audit.log, lambda entry, *_: entry.id)  # type: ignore[assignment]
    if point == "loop":
        print("ready", flush=True)
        while True:
            created = records.create_request(
                store, OPERATOR, {"requester": "ms-crash", "title": "Again", "objectives": [1]}
            )
            print(created.id, flush=True)
    OPERATIONS[operation](store)
    if point == "after-commit":
        os.kill(os.getpid(), signal.SIGKILL)
    raise SystemExit(f"{operation} finished without reaching {point!r}")


if __name__ == "__main__":
    main(*sys.argv[1:])
