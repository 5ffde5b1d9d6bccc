"""Answers kept until the graph changes.

Rankings and the reports built on them depend only on what the store holds, and people
open the same request many times (its page, the review queue, a coordinator's tab), so
an answer is kept with the graph revision it was computed at and dropped with it.
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
        self._lock = threading.Lock()

    def peek(self, store: Store, key: Hashable) -> Value | None:
        """The answer kept for the store's current revision, if there is one."""
        kept = self._kept.get(store)
        if kept is not None and kept[0] == store.revision():
            return kept[1].get(key)
        return None

    def get(self, store: Store, key: Hashable, compute: Callable[[], Value]) -> Value:
        revision = store.revision()
        kept = self._kept.get(store)
        if kept is not None and kept[0] == revision and key in kept[1]:
            return kept[1][key]
        value = compute()
        if store.revision() == revision:  # else what it read may have changed meanwhile
            with self._lock:
                kept = self._kept.get(store)
                if kept is None or kept[0] != revision:
                    kept = self._kept[store] = (revision, {})
                answers = kept[1]
                if len(answers) >= self._size:
                    del answers[next(iter(answers))]
                answers[key] = value
        return value
