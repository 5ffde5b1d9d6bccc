"""Answers kept per graph revision: reused, bounded, and never kept across a change."""

from __future__ import annotations

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
