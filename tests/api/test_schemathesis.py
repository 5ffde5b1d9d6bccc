"""Schemathesis over the OpenAPI document: no generated request makes the hub fail (5xx).

Each operation gets a bounded, seeded batch of valid and of invalid requests, sent in
process to an app on the demo hub as a coordinator, who may reach every endpoint. Path
ids are drawn at random and from records the demo holds, so that the handlers behind
the 404s run too. Writes stay in: each is bounded by the batch, and what one leaves
behind (a renamed stakeholder, an accepted suggestion) must not make another fail.

Embedded backend only: the point is the API layer (parsing, validation, error mapping),
which is the same over both stores, and one shared demo hub keeps the run near half a
minute; over Neo4j every write of the run would cost a round trip. The store contract
suites and the role matrix cover Neo4j.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from api.app import create_app
from graph.sqlite import SqliteGraphStore
from hub.access import Principal, Role, create_key
from hub.claims import file_claim
from hub.demo import load_demo
from hub.review import queue_suggestions
from hub.settings import Settings

EXAMPLES = 10
"""Per operation and generation mode; enough to hit every parameter's edge once or twice."""

FEWER = {("POST", "/api/v1/import/iati"): 2}
"""Each upload fits the objective tagger afresh, seconds apiece on a busy machine."""


DEMO_IDS = {
    "stakeholder_id": "iom",
    "node_id": "iom",
    "request_id": "req-morocco-migration-data",
    "offer_id": "offer-iom-reintegration",
    "partnership_id": "pship-bahrain-unodc-referral",
    "kind": "stakeholders",
}


def can_be_invalid(operation: dict[str, Any]) -> bool:
    """Whether any input has a value the schema refuses; a bare path string has none."""
    return "requestBody" in operation or any(
        p["in"] != "path" or set(p["schema"]) - {"type", "title"}
        for p in operation.get("parameters", [])
    )


CASES = [
    pytest.param(method.upper(), path, mode, id=f"{method.upper()} {path} {mode.value}")
    for path, item in create_app().openapi()["paths"].items()
    for method, operation in item.items()
    for mode in GenerationMode
    if mode is GenerationMode.POSITIVE or can_be_invalid(operation)
]


@pytest.fixture(scope="module")
def coordinator_view(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[schemathesis.BaseSchema, dict[str, str], dict[str, str]]]:
    """The demo hub's schema as the app serves it, a coordinator's headers, ids that exist."""
    folder: Path = tmp_path_factory.mktemp("schemathesis")
    store = SqliteGraphStore(folder / "hub.db")
    load_demo(store)
    queued = queue_suggestions(
        store, Principal(Role.COORDINATOR, key="setup"), "req-morocco-migration-data", n=3
    )
    claim = file_claim(store, Principal(Role.PARTNER, "nrc"), "nrc", {"kind": "other"})
    token = create_key(store, Role.COORDINATOR)[1]
    app = create_app(Settings(data_dir=folder), store=store)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    # Keys come from the fixture; generated ones would turn every call into a 401.
    schema.config.generation.update(with_security_parameters=False)
    known = {**DEMO_IDS, "suggestion_id": queued[0].id, "claim_id": claim.id}
    yield schema, {"Authorization": f"Bearer {token}"}, known
    store.close()


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_no_request_makes_the_hub_fail(
    coordinator_view: tuple[schemathesis.BaseSchema, dict[str, str], dict[str, str]],
    method: str,
    path: str,
    mode: GenerationMode,
) -> None:
    schema, headers, known = coordinator_view
    operation = schema[path][method]
    names = set(re.findall(r"{(\w+)}", path))
    cases = operation.as_strategy(generation_mode=mode)
    if names <= known.keys() and names:
        ids = {name: known[name] for name in names}
        cases = st.one_of(cases, operation.as_strategy(generation_mode=mode, path_parameters=ids))

    @given(case=cases)
    @settings(
        max_examples=FEWER.get((method, path), EXAMPLES),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def no_server_error(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(headers=headers, checks=[not_a_server_error])

    no_server_error()
