"""Read-only connections to the embedded store, lent one query at a time.

In WAL mode a reader sees the last commit and never waits for a writer, but only on
its own connection: a connection in the middle of a write transaction would make every
thread that shares it wait for the transaction. So reads borrow a connection of their
own; a pool keeps as many as there were reads at the same time.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["ReaderPool"]

_READ_CACHE_KIB = 16 * 1024
"""Each reader's private page cache; the file's pages are shared through the OS cache."""


class ReaderPool:
    """Connections opened with `query_only`, kept while idle, closed with the pool."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA query_only = ON")
        db.execute(f"PRAGMA cache_size = {-_READ_CACHE_KIB}")
        return db

    @contextmanager
    def connection(self) -> Iterator[sqlite3.Connection]:
        """A connection for this thread alone until the block ends."""
        with self._lock:
            db = self._idle.pop() if self._idle else None
        db = db or self._open()
        try:
            yield db
        finally:
            if db.in_transaction:  # a read transaction left open by an error
                db.execute("ROLLBACK")
            with self._lock:
                if self._closed:
                    db.close()
                else:
                    self._idle.append(db)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for db in idle:
            db.close()
