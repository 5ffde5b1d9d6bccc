"""The taxonomy endpoints answer in the language asked for: ?lang= or Accept-Language."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from graph.sqlite import SqliteGraphStore
from hub.domain.settings import Settings


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder: Path = tmp_path_factory.mktemp("taxonomy")
    store = SqliteGraphStore(folder / "hub.db")
    with TestClient(create_app(Settings(data_dir=folder), store=store)) as test_client:
        yield test_client
    store.close()


def test_objectives_follow_accept_language(client: TestClient) -> None:
    french = client.get("/api/v1/taxonomy/objectives", headers={"Accept-Language": "fr-FR,fr"})
    assert french.status_code == 200
    assert french.headers["content-language"] == "fr"
    assert "Accept-Language" in french.headers["vary"]
    first = french.json()[0]
    assert first["number"] == 1 and first["label"] == "Données"
    english = client.get("/api/v1/taxonomy/objectives").json()[0]
    assert english["label"] == "Data" and english["keywords"] == first["keywords"]


def test_the_lang_parameter_overrides_the_header(client: TestClient) -> None:
    answer = client.get("/api/v1/taxonomy/objectives?lang=ar", headers={"Accept-Language": "es"})
    assert answer.headers["content-language"] == "ar"
    assert answer.json()[9]["label"] == "الاتجار بالأشخاص"


def test_principles_and_regions_keep_their_ids_and_change_their_names(
    client: TestClient,
) -> None:
    principles = client.get("/api/v1/taxonomy/principles?lang=es").json()
    assert {"slug": "child-sensitive", "label": "Perspectiva infantil"} in principles
    regions = client.get("/api/v1/taxonomy/regions", headers={"Accept-Language": "ar"}).json()
    assert regions["regions"][0] == "Africa"
    assert regions["names"]["Africa"] == "أفريقيا"
    assert regions["subregions"]["Western Asia"] == "Asia"


def test_an_unknown_language_is_refused_by_name(client: TestClient) -> None:
    answer = client.get("/api/v1/taxonomy/objectives?lang=de")
    assert answer.status_code == 422
    assert "lang" in answer.text
