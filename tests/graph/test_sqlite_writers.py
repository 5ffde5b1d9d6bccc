"""One writer at a time on the embedded store; readers never wait for it.

The other writer is real: a second thread with its own batch, or a second SQLite
connection to the same file, which is what another process (a CLI import) is.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest

from graph import Node, StoreBusy
from graph.sqlite import SqliteGraphStore

T = TypeVar("T")
DEADLOCK = 60.0
"""Seconds after which a read that should not wait is taken to be stuck behind the writer."""


def elsewhere(read: Callable[[], T]) -> T:
    """`read` on another thread, failing instead of hanging when it is blocked."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(read).result(timeout=DEADLOCK)


@contextmanager
def open_batch(store: SqliteGraphStore, ids: list[str]) -> Iterator[None]:
    """A batch that has written `ids` (not yet committed) on another thread, for the block."""
    written, finish = threading.Event(), threading.Event()

    def write() -> None:
        with store.batch() as writer:
            writer.upsert_nodes(Node(i, "Activity") for i in ids)
            assert store.node(ids[-1]) is not None  # the batch sees its own rows
            written.set()
            finish.wait(DEADLOCK)

    thread = threading.Thread(target=write)
    thread.start()
    try:
        assert written.wait(DEADLOCK)
        yield
    finally:
        finish.set()
        thread.join(DEADLOCK)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[SqliteGraphStore]:
    embedded = SqliteGraphStore(tmp_path / "hub.db", busy_timeout=0.2)
    embedded.upsert_node(Node("old", "Activity"))
    yield embedded
    embedded.close()


def test_readers_see_all_of_an_open_batch_or_none_of_it(store: SqliteGraphStore) -> None:
    new = [f"new-{i}" for i in range(20_000)]  # more than one flush of rows
    store.projection()  # kept, so the commit is replayed onto it
    with open_batch(store, new):
        during = elsewhere(lambda: (store.counts().nodes, store.projection().number_of_nodes()))
        assert during == ({"Activity": 1}, 1)
    assert store.counts().nodes == {"Activity": 20_001}
    assert store.projection().number_of_nodes() == 20_001


def test_a_second_writer_in_the_process_waits_its_turn_then_gives_up(
    store: SqliteGraphStore,
) -> None:
    with open_batch(store, ["first"]), pytest.raises(StoreBusy, match="busy with another write"):
        elsewhere(lambda: store.upsert_node(Node("second", "Activity")))
    store.upsert_node(Node("second", "Activity"))
    assert {n.id for n in store.nodes()} == {"old", "first", "second"}


def test_a_writer_in_another_process_makes_writes_wait_then_busy(
    store: SqliteGraphStore,
) -> None:
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreBusy, match=r"waited 0\.2 s"):
            store.upsert_node(Node("mine", "Activity"))
        assert store.node("old") is not None  # reads go on
    finally:
        other.execute("ROLLBACK")
        other.close()
    store.upsert_node(Node("mine", "Activity"))
    assert store.node("mine") is not None


def test_the_projection_follows_another_process(store: SqliteGraphStore) -> None:
    assert set(store.projection()) == {"old"}
    before = store.revision()
    other = SqliteGraphStore(store.path)
    other.upsert_node(Node("theirs", "Activity"))
    other.close()
    assert store.revision() != before
    assert set(store.projection()) == {"old", "theirs"}
