"""Expensive answers computed off the request path, and waited for within a budget.

Whole-graph analytics (centrality, communities) take seconds to minutes on a large hub.
They run on one worker thread, so that at most one core goes to them, and are kept per
graph revision. A caller waits up to its budget; past it, the hub answers busy and the
computation goes on, so that asking again soon gets the kept answer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import TimeoutError as Timeout
from typing import Generic, TypeVar

from hub.domain.errors import Busy
from hub.memo import RevisionMemo
from hub.store import Store

__all__ = ["BudgetedMemo"]

Value = TypeVar("Value")


class BudgetedMemo(Generic[Value]):
    """Up to `size` answers per store and revision, each computed once on the worker."""

    def __init__(self, size: int) -> None:
        self._memo: RevisionMemo[Value] = RevisionMemo(size)
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="gcm-hub-analytics")
        self._running: dict[tuple[int, str, Hashable], Future[Value]] = {}
        self._lock = threading.Lock()

    def get(
        self, store: Store, key: Hashable, compute: Callable[[], Value], budget: float
    ) -> Value:
        kept = self._memo.peek(store, key)
        if kept is not None:
            return kept
        slot = (id(store), store.revision(), key)
        with self._lock:
            future = self._running.get(slot)
            if future is None:
                future = self._worker.submit(self._memo.get, store, key, compute)
                self._running[slot] = future
                future.add_done_callback(lambda _: self._forget(slot))
        try:
            return future.result(timeout=budget)
        except Timeout:
            raise Busy(
                f"this is still being computed after {budget:g} s; ask again shortly"
                " and the answer will be ready",
                retry_after=max(1, round(budget)),
            ) from None

    def _forget(self, slot: tuple[int, str, Hashable]) -> None:
        with self._lock:
            self._running.pop(slot, None)
