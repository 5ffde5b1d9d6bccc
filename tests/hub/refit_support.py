"""A demo hub that a fit worker process can open too: its settings name the store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import SecretStr

from hub.demo import load_demo
from hub.domain.settings import Backend, Settings
from hub.store import Store
from hub.store.backend import open_store
from tests import neo4j_support


@dataclass
class Hub:
    settings: Settings
    store: Store

    @property
    def folder(self) -> Path:
        return self.settings.model_dir

    def environment(self) -> dict[str, str]:
        """The environment in which a child process's `Settings()` open this store."""
        s = self.settings
        return {
            **os.environ,
            "HUB_DATA_DIR": str(s.data_dir),
            "HUB_GRAPH_BACKEND": s.graph_backend.value,
            "HUB_NEO4J_URI": s.neo4j_uri,
            "HUB_NEO4J_USER": s.neo4j_user,
            "HUB_NEO4J_PASSWORD": s.neo4j_password.get_secret_value(),
        }


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def hub(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Hub]:
    """The demo hub with its artifact folder, no background fits (`refit_interval` 0)."""
    settings = Settings(data_dir=tmp_path, refit_interval=0)
    if request.param == "neo4j":
        neo4j_support.session_store()  # skips, or fails, without a server
        neo4j_support.wipe()
        user, password = neo4j_support.credentials()
        settings = settings.model_copy(
            update={
                "graph_backend": Backend.NEO4J,
                "neo4j_uri": neo4j_support.uri() or "",
                "neo4j_user": user,
                "neo4j_password": SecretStr(password),
            }
        )
    store = open_store(settings)
    load_demo(store)
    yield Hub(settings, store)
    store.close()
