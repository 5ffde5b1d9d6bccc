"""The embedded store's file: private to its owner, and a busy store says so."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from graph import Node, StoreUnavailable
from graph.sqlite import SqliteGraphStore


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_store_and_its_folder_are_readable_by_the_owner_only(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    store = SqliteGraphStore(folder / "hub.db")
    store.upsert_node(Node("a", "Stakeholder"))
    files = [folder / name for name in ("hub.db", "hub.db-wal", "hub.db-shm")]
    modes = {path.name: mode(path) for path in files}
    store.close()
    assert mode(folder) == 0o700
    assert modes == dict.fromkeys(modes, 0o600)


def test_a_second_writer_that_waits_too_long_gets_a_store_error(tmp_path: Path) -> None:
    """Found by review: "database is locked" escaped as a bare sqlite3 error (500, traceback)."""
    SqliteGraphStore(tmp_path / "hub.db").close()
    holder = sqlite3.connect(tmp_path / "hub.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    second = SqliteGraphStore(tmp_path / "hub.db", busy_timeout=0.05)
    try:
        with pytest.raises(StoreUnavailable, match=r"hub\.db.*busy"):
            second.upsert_node(Node("a", "Stakeholder"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    second.upsert_node(Node("a", "Stakeholder"))  # free again: the store was not harmed
    assert second.node("a") == Node("a", "Stakeholder")
    second.close()


def test_the_word_index_follows_writes_of_processes_that_never_search(tmp_path: Path) -> None:
    fields = {"Offer": ["title"]}
    searcher = SqliteGraphStore(tmp_path / "hub.db")
    searcher.upsert_node(Node("old", "Offer", {"title": "Return counselling"}))
    assert [i for i, _ in searcher.search_text("counselling", fields)] == ["old"]
    writer = SqliteGraphStore(tmp_path / "hub.db")  # another process, say, an import
    writer.upsert_node(Node("new", "Offer", {"title": "Counselling for returnees"}))
    writer.delete_node("old")
    writer.close()
    assert [i for i, _ in searcher.search_text("counselling", fields)] == ["new"]
    searcher.close()
