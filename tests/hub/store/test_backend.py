"""Settings pick the backend; only the factory branches on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.neo4j import Neo4jGraphStore
from graph.sqlite import SqliteGraphStore
from hub.domain.errors import Unavailable
from hub.domain.settings import Backend, Settings
from hub.store.backend import open_store
from tests import neo4j_support


def test_embedded_is_the_default_and_lives_in_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HUB_GRAPH_BACKEND", raising=False)
    monkeypatch.setenv("HUB_DATA_DIR", str(tmp_path / "hub-data"))
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.graph_backend is Backend.EMBEDDED
    store = open_store(settings)
    assert isinstance(store, SqliteGraphStore)
    assert (tmp_path / "hub-data" / "hub.db").exists()
    store.close()


def test_an_unreachable_neo4j_is_named(tmp_path: Path) -> None:
    settings = Settings(
        graph_backend=Backend.NEO4J, neo4j_uri="bolt://127.0.0.1:1", data_dir=tmp_path
    )
    with pytest.raises(Unavailable, match=r"bolt://127\.0\.0\.1:1"):
        open_store(settings)


@pytest.mark.neo4j
def test_neo4j_is_chosen_by_settings(tmp_path: Path) -> None:
    neo4j_support.session_store()  # skips, or fails in CI, with the suite's one reason
    user, password = neo4j_support.credentials()
    settings = Settings(
        graph_backend=Backend.NEO4J,
        neo4j_uri=neo4j_support.uri() or "",
        neo4j_user=user,
        neo4j_password=password,  # type: ignore[arg-type]
        data_dir=tmp_path,
    )
    store = open_store(settings)
    assert isinstance(store, Neo4jGraphStore)
    store.close()
