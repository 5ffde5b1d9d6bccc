"""Tag an import's activities in a second process while the first resolves and writes.

Tagging is about a third of an import's CPU time and needs nothing from the store, so
with a spare core it runs beside the writer. Starting the worker costs about a second
(it imports scikit-learn and receives the fitted tagger), which only large files repay.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

__all__ = ["WORKER_FROM_BYTES", "Tagger", "spare_core", "tag_beside"]

Tagger = Callable[[list[str]], list[list[int]]]
"""Gives each text of a batch its GCM objectives."""

WORKER_FROM_BYTES = 16 << 20
"""Files at least this large (about 12,000 activities) are tagged in a worker."""

_AHEAD = 2
"""Batches handed to the worker before the first answer is awaited."""

Batch = TypeVar("Batch")

_installed: dict[str, Tagger] = {}


def spare_core() -> bool:
    """Whether a worker would run beside this process (daemons may not start one)."""
    return len(os.sched_getaffinity(0)) > 1 and not multiprocessing.current_process().daemon


def _install(tag: Tagger) -> None:
    _installed["tag"] = tag


def _tag(texts: list[str]) -> list[list[int]]:
    return _installed["tag"](texts)


def tag_beside(
    batches: Iterable[tuple[Batch, list[str]]], tag: Tagger
) -> Iterator[tuple[Batch, list[list[int]]]]:
    """Each batch with its texts' objectives, in order, tagged by one worker process.

    `tag` must pickle. The worker keeps `_AHEAD` batches in hand, so it tags the next
    while the caller writes this one; an error in it surfaces at its batch.
    """
    pool = ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("spawn"), initializer=_install, initargs=(tag,)
    )
    pending: deque[tuple[Batch, Future[list[list[int]]]]] = deque()
    try:
        for batch, texts in batches:
            pending.append((batch, pool.submit(_tag, texts)))
            if len(pending) > _AHEAD:
                done, objectives = pending.popleft()
                yield done, objectives.result()
        while pending:
            done, objectives = pending.popleft()
            yield done, objectives.result()
    finally:
        pool.shutdown(cancel_futures=True)
