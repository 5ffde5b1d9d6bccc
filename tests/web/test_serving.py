"""How the hub serves the console: the page, our assets, whitelisted libraries only.

These need no browser and always run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import console
from api.app import create_app
from graph.sqlite import SqliteGraphStore
from hub.access import create_key
from hub.demo import load_demo
from hub.domain.keys import Role
from hub.domain.settings import Settings


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, str]]]:
    folder = tmp_path_factory.mktemp("serving")
    store = SqliteGraphStore(folder / "hub.db")
    load_demo(store)
    tokens = {
        "coordinator": create_key(store, Role.COORDINATOR)[1],
        "morocco": create_key(store, Role.MEMBER_STATE, "morocco")[1],
    }
    with TestClient(create_app(Settings(data_dir=folder), store=store)) as client:
        yield client, tokens
    store.close()


def test_the_root_leads_to_the_console_page(hub: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = hub
    page = client.get("/")
    assert page.status_code == 200
    assert str(page.url).endswith("/console/")
    assert "/console/static/js/main.js" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]


def test_the_page_says_how_to_install_missing_libraries(
    hub: tuple[TestClient, dict[str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _ = hub
    monkeypatch.setattr(console, "NODE_MODULES", tmp_path / "node_modules")
    page = client.get("/console/").text
    assert "not installed" in page
    assert "scripts/setup-browser" in page
    assert "npm ci --prefix web" in page
    assert (
        client.get(
            f"/console/lib/cytoscape/{sorted(console.LIBRARIES['cytoscape'])[0]}"
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/console/static/js/main.js", 200),
        ("/console/static/console.css", 200),
        ("/console/static/../index.html", 404),
        ("/console/static/%2e%2e/%2e%2e/pyproject.toml", 404),
        ("/console/static/..%2f..%2fpyproject.toml", 404),
        ("/console/static/js", 404),
        ("/console/static/.hidden", 404),
        ("/console/lib/cytoscape/package.json", 404),
        ("/console/lib/cytoscape/..%2f..%2fpackage.json", 404),
        ("/console/lib/not-a-library/index.js", 404),
    ],
)
def test_only_console_files_are_served(
    hub: tuple[TestClient, dict[str, str]], path: str, status: int
) -> None:
    client, _ = hub
    assert client.get(path).status_code == status


def test_scripts_are_served_as_javascript(hub: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = hub
    script = client.get("/console/static/js/main.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert script.headers["x-content-type-options"] == "nosniff"


def test_the_session_names_the_role_behind_a_key(hub: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = hub
    morocco = client.get(
        "/console/session", headers={"Authorization": f"Bearer {tokens['morocco']}"}
    ).json()
    assert morocco == {
        "role": "member_state",
        "stakeholder": "morocco",
        "stakeholder_name": "Morocco",
        "sees_all": False,
    }
    assert client.get("/console/session").json()["role"] == "public"
    refused = client.get("/console/session", headers={"X-API-Key": "gcm_wrong"})
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
