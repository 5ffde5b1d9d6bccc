"""Answers kept per graph revision: reused, bounded, never kept across a change, and
computed once for callers asking at once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from hub.memo import RevisionMemo
from hub.store import Node, Store


def test_an_answer_is_reused_until_the_graph_changes(store: Store) -> None:
    memo: RevisionMemo[list[str]] = RevisionMemo(8)
    calls: list[str] = []

    def answer() -> list[str]:
        calls.append("computed")
        return sorted(node.id for node in store.nodes())

    store.upsert_node(Node("a", "Stakeholder", {"name": "A"}))
    first = memo.get(store, "ids", answer)
    assert memo.get(store, "ids", answer) is first
    store.upsert_node(Node("b", "Stakeholder", {"name": "B"}))
    assert memo.get(store, "ids", answer) == ["a", "b"]
    assert len(calls) == 2


def test_the_oldest_answers_make_room(store: Store) -> None:
    memo: RevisionMemo[int] = RevisionMemo(2)
    for key in (1, 2, 3):
        memo.get(store, key, lambda key=key: key * 10)
    assert memo.get(store, 3, lambda: -1) == 30
    assert memo.get(store, 1, lambda: -1) == -1, "the first answer was dropped"


def test_an_answer_computed_across_a_change_is_not_kept(store: Store) -> None:
    memo: RevisionMemo[str] = RevisionMemo(8)

    def answer_while_writing() -> str:
        store.upsert_node(Node("late", "Stakeholder", {"name": "Late"}))
        return "stale"

    assert memo.get(store, "k", answer_while_writing) == "stale"
    assert memo.get(store, "k", lambda: "fresh") == "fresh"


def test_callers_asking_at_once_wait_for_the_one_answer_under_way(store: Store) -> None:
    """A worker's first calls under load must not rank one request once per thread."""
    memo: RevisionMemo[list[int]] = RevisionMemo(8)
    started, release = threading.Event(), threading.Event()
    calls: list[int] = []

    def slow() -> list[int]:
        calls.append(1)
        started.set()
        release.wait(timeout=30)
        return [len(calls)]

    with ThreadPoolExecutor(4) as pool:
        first = pool.submit(memo.get, store, "k", slow)
        started.wait(timeout=30)
        others = [pool.submit(memo.get, store, "k", slow) for _ in range(3)]
        time.sleep(0.3)  # the others are asking while the first computes
        release.set()
        answers = [first.result(), *(o.result() for o in others)]
    assert calls == [1]
    assert all(a is answers[0] for a in answers)


def test_a_failed_answer_leaves_the_waiting_callers_to_compute_their_own(store: Store) -> None:
    memo: RevisionMemo[str] = RevisionMemo(8)
    started, release = threading.Event(), threading.Event()

    def failing() -> str:
        started.set()
        release.wait(timeout=30)
        raise RuntimeError("the store went away")

    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(memo.get, store, "k", failing)
        started.wait(timeout=30)
        second = pool.submit(memo.get, store, "k", lambda: "computed again")
        time.sleep(0.3)
        release.set()
        with pytest.raises(RuntimeError, match="went away"):
            first.result()
        assert second.result() == "computed again"
    assert memo.get(store, "k", lambda: "not asked") == "computed again"
