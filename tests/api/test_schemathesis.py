"""Schemathesis over the OpenAPI document: no generated request makes the hub fail (5xx).

Each operation gets a bounded, seeded batch of valid and of invalid requests, sent in
process to an app on the demo hub as a coordinator, who may reach every endpoint. The
hub also holds untagged requests, a confidential request and partnership
(`fuzz_hub`). Path ids are drawn at random and from records the hub holds, so that the
handlers behind the 404s run too. A stateful run then follows the OpenAPI links (ids
one answer returns, used by the next call) through bounded, seeded sequences. Writes
stay in: each is bounded by the batch, and what one leaves behind (a renamed
stakeholder, an accepted suggestion) must not make another fail.

Embedded backend only: the point is the API layer (parsing, validation, error mapping),
which is the same over both stores, and one shared demo hub keeps the run near half a
minute; over Neo4j every write of the run would cost a round trip. The store contract
suites and the role matrix cover Neo4j.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.generation.stateful import run_state_machine_as_test

from api.app import create_app
from graph.sqlite import SqliteGraphStore
from hub.access import create_key
from hub.domain.keys import Role
from hub.domain.settings import Settings
from tests.api.fuzz_hub import fuzz_hub

EXAMPLES = 10
"""Per operation and generation mode; enough to hit every parameter's edge once or twice."""

FEWER = {("POST", "/api/v1/import/iati"): 2}
"""Each upload fits the objective tagger afresh, seconds apiece on a busy machine."""


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


@dataclass(frozen=True)
class Template:
    """A filled hub on disk, closed, to copy for each run; a coordinator's key to it."""

    db: Path
    headers: dict[str, str]
    known: dict[str, str]

    def open(self, folder: Path) -> SqliteGraphStore:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self.db, folder / "hub.db")
        return SqliteGraphStore(folder / "hub.db")


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    folder: Path = tmp_path_factory.mktemp("fuzz-hub")
    store = SqliteGraphStore(folder / "hub.db")
    known = fuzz_hub(store, folder)
    token = create_key(store, Role.COORDINATOR)[1]
    store.close()  # checkpoints the WAL: the file alone holds the hub
    return Template(folder / "hub.db", {"Authorization": f"Bearer {token}"}, known)


def schema_of(app: FastAPI) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    # Keys come from the fixture; generated ones would turn every call into a 401.
    schema.config.generation.update(with_security_parameters=False)
    return schema


@pytest.fixture(scope="module")
def coordinator_view(
    template: Template, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[schemathesis.BaseSchema, dict[str, str], dict[str, str]]]:
    """The hub's schema as the app serves it, a coordinator's headers, ids that exist."""
    folder: Path = tmp_path_factory.mktemp("schemathesis")
    store = template.open(folder)
    yield (
        schema_of(create_app(Settings(data_dir=folder), store=store)),
        template.headers,
        (template.known),
    )
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


STATEFUL = settings(
    max_examples=40,
    stateful_step_count=6,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)
"""40 sequences of up to 6 linked calls: about a minute on 2 shared cores."""


def test_no_linked_sequence_makes_the_hub_fail(template: Template, tmp_path: Path) -> None:
    """Each sequence starts from a fresh copy of the hub, so that it replays alike."""
    schema = schema_of(create_app(Settings(data_dir=tmp_path)))
    # uploads fit the tagger afresh (seconds each); the tests above cover them
    linked = schema.exclude(path="/api/v1/import/iati")
    runs = iter(range(1_000_000))

    class AsCoordinator(linked.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            folder = tmp_path / str(next(runs))
            self.store = template.open(folder)
            self.app = create_app(Settings(data_dir=folder), store=self.store)

        def teardown(self) -> None:
            self.store.close()

        def get_call_kwargs(self, case: schemathesis.Case[Any]) -> dict[str, Any]:
            return {"headers": template.headers, "app": self.app}

        def validate_response(
            self, response: Any, case: schemathesis.Case[Any], *args: Any, **kwargs: Any
        ) -> None:
            case.validate_response(response, checks=[not_a_server_error])

    run_state_machine_as_test(AsCoordinator, settings=STATEFUL)
