"""Answers kept until the graph changes.

Rankings and the reports built on them depend only on what the store holds, and people
open the same request many times (its page, the review queue, a coordinator's tab), so
an answer is kept with the graph revision it was computed at and dropped with it. Callers
asking at once for an answer under way wait for it rather than each computing it: a
worker's first minute under load would otherwise rank one request once per thread.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from hub.store import Store

__all__ = ["RevisionMemo"]

Value = TypeVar("Value")


class RevisionMemo(Generic[Value]):
    """Up to `size` answers per store, for its current revision only."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._kept: weakref.WeakKeyDictionary[Store, tuple[str, dict[Hashable, Value]]] = (
            weakref.WeakKeyDictionary()
        )
        self._running: dict[tuple[Store, str, Hashable], threading.Event] = {}
        self._lock = threading.Lock()

    def peek(self, store: Store, key: Hashable) -> Value | None:
        """The answer kept for the store's current revision, if there is one."""
        kept = self._kept.get(store)
        if kept is not None and kept[0] == store.revision():
            return kept[1].get(key)
        return None

    def get(self, store: Store, key: Hashable, compute: Callable[[], Value]) -> Value:
        while True:
            revision = store.revision()
            kept = self._kept.get(store)
            if kept is not None and kept[0] == revision and key in kept[1]:
                return kept[1][key]
            flight = (store, revision, key)
            with self._lock:
                running = self._running.get(flight)
                if running is None:
                    self._running[flight] = threading.Event()
                    break
            running.wait()  # then kept, unless it failed or the graph changed: ask again
        try:
            value = compute()
            if store.revision() == revision:  # else what it read may have changed meanwhile
                self._keep(store, revision, key, value)
            return value
        finally:
            with self._lock:
                self._running.pop(flight).set()

    def _keep(self, store: Store, revision: str, key: Hashable, value: Value) -> None:
        with self._lock:
            kept = self._kept.get(store)
            if kept is None or kept[0] != revision:
                kept = self._kept[store] = (revision, {})
            answers = kept[1]
            if len(answers) >= self._size:
                del answers[next(iter(answers))]
            answers[key] = value
