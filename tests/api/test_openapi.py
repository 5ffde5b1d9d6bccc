"""The OpenAPI document: every operation says what it does and every problem it can give."""

from __future__ import annotations

import re
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from api.app import create_app
from api.errors import PROBLEM_MEDIA_TYPE, Problem
from hub import jobs, merges
from hub.domain import activities, records
from hub.domain.settings import Settings
from hub.fund import explain, views
from hub.fund import records as fund_records
from hub.groups import answers as group_answers
from hub.knowledge import due, search
from hub.matchmaking import overviews, results
from tests.api.test_access_matrix import MATRIX

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

FREE_FORM = {
    "GraphNode": "a node carries the stored properties of its label, which differ by label",
    "GraphEdge": "an edge carries the stored properties of its type",
}
"""Answer shapes that may hold keys they do not name, and why."""

NOT_OBVIOUS = {"score", "parts", "reasons", "evidence", "why", "confidence", "quality", "weight"}
"""Fields whose meaning (a range, what the strings say) an answer must spell out."""

ANSWERS = (results, overviews, group_answers, due, search)
"""The hub's modules of answers, every model of which some route serves."""

RECORDS = (activities, records, merges, explain, views, fund_records, jobs)
"""The hub's modules of records and views that routes serve as they are, among others."""

SHAPES = {"type", "$ref", "anyOf", "oneOf", "allOf", "enum", "const"}
"""Keywords of which a schema needs one to say anything of its value."""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> FastAPI:
    return create_app(Settings(data_dir=tmp_path_factory.mktemp("openapi")))


def operations(app: FastAPI) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, item in app.openapi()["paths"].items()
        for method, operation in item.items()
    ]


def template(app: FastAPI, method: str, url: str) -> str:
    """The documented path that answers `method url`; an id spans slashes only as a last resort."""
    path = url.partition("?")[0]
    for segment in (r"[^/]+", r".+"):
        for documented_method, documented, _ in operations(app):
            pattern = re.sub(r"\\\{\w+\\\}", segment, re.escape(documented))
            if documented_method == method and re.fullmatch(pattern, path):
                return documented
    raise AssertionError(f"no operation answers {method} {url}")


def expected_problems(operation: dict[str, Any]) -> set[int]:
    """What the shape of an operation alone says it can answer with."""
    expected = set()
    parameters = operation.get("parameters", [])
    if operation.get("security"):
        expected.add(401)  # a key that is unknown or revoked
    if "requestBody" in operation:
        expected |= {400, 413, 422}  # unreadable, too large, invalid
    if any(p["in"] == "path" for p in parameters):
        expected.add(404)
    if any(p["in"] != "path" for p in parameters):
        expected.add(422)
    return expected


def loose(schema: dict[str, Any], components: dict[str, Any], where: str) -> Iterator[str]:
    """Where a response schema says nothing of its value's shape: objects that take any
    key and schemas with no shape at all, following each component once."""
    seen: set[str] = set()

    def walk(schema: dict[str, Any], where: str) -> Iterator[str]:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in seen:
                seen.add(name)
                yield from walk(components[name], name)
            return
        if not SHAPES & schema.keys():
            yield f"{where}: no shape"
        if schema.get("additionalProperties") is True and where not in FREE_FORM:
            yield f"{where}: any key"
        for name, inner in schema.get("properties", {}).items():
            yield from walk(inner, f"{where}.{name}")
        for keyword in ("items", "additionalProperties"):
            if isinstance(schema.get(keyword), dict):
                yield from walk(schema[keyword], f"{where}[{keyword}]")
        for keyword in ("anyOf", "oneOf", "allOf", "prefixItems"):
            for number, inner in enumerate(schema.get(keyword, [])):
                yield from walk(inner, f"{where}|{number}")

    yield from walk(schema, where)


def loose_answers(app: FastAPI) -> list[str]:
    document = app.openapi()
    components = document.get("components", {}).get("schemas", {})
    return [
        place
        for method, path, operation in operations(app)
        for status, response in operation["responses"].items()
        for media, body in response.get("content", {}).items()
        for place in loose(body.get("schema", {}), components, f"{method} {path} {status} {media}")
    ]


def test_every_answer_is_typed_field_by_field(app: FastAPI) -> None:
    assert loose_answers(app) == []


def test_the_free_form_shapes_are_those_allowed(app: FastAPI) -> None:
    """The allow-list names only shapes the API still has, and they are free-form."""
    components = app.openapi()["components"]["schemas"]
    for name in FREE_FORM:
        assert components[name]["additionalProperties"] is True, name


def test_the_check_finds_untyped_answers() -> None:
    untyped = FastAPI()

    @untyped.get("/report")
    def report() -> dict[str, Any]:
        return {}

    @untyped.get("/rows")
    def rows() -> list[Any]:
        return []

    assert loose_answers(untyped) == [
        "GET /report 200 application/json: any key",
        "GET /rows 200 application/json[items]: no shape",
    ]


def answer_shapes(app: FastAPI) -> dict[str, dict[str, Any]]:
    """The components a successful answer can hold, by name."""
    components = app.openapi()["components"]["schemas"]
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            name = str(node.get("$ref", "")).rsplit("/", 1)[-1]
            if name and name not in found:
                found[name] = components[name]
                walk(components[name])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for _, _, operation in operations(app):
        walk([r for status, r in operation["responses"].items() if int(status) < 400])
    return found


def test_every_score_and_reason_says_what_it_holds(app: FastAPI) -> None:
    undescribed = [
        f"{name}.{field}"
        for name, shape in answer_shapes(app).items()
        for field, schema in shape.get("properties", {}).items()
        if field in NOT_OBVIOUS and not schema.get("description")
    ]
    assert undescribed == []


def models_of(*modules: ModuleType) -> dict[str, type[BaseModel]]:
    return {
        name: model
        for module in modules
        for name in module.__all__
        if isinstance(model := getattr(module, name), type) and issubclass(model, BaseModel)
    }


def test_the_hub_models_are_served_with_their_descriptions(app: FastAPI) -> None:
    """The routes serve the hub's models themselves, and the docstrings under their
    fields are the descriptions the served document gives."""
    with TestClient(app) as client:
        served = client.get("/openapi.json").json()["components"]["schemas"]
    ranked = served["RankedPartner"]["properties"]
    assert ranked.keys() == {f.alias or n for n, f in results.RankedPartner.model_fields.items()}
    assert all(field.get("description") for field in ranked.values())
    assert models_of(*ANSWERS).keys() <= served.keys()
    for name, model in models_of(*ANSWERS, *RECORDS).items():
        if name in served:
            assert model.model_config.get("use_attribute_docstrings"), name
            properties = served[name]["properties"]
            for field_name, field in model.model_fields.items():
                described = properties[field.alias or field_name].get("description")
                assert described == field.description, f"{name}.{field_name}"


def test_every_operation_is_described(app: FastAPI) -> None:
    for method, path, operation in operations(app):
        assert operation.get("summary"), f"{method} {path} has no summary"
        assert operation.get("description"), f"{method} {path} has no docstring"
        assert operation.get("tags"), f"{method} {path} has no tag"


def test_every_problem_is_problem_json(app: FastAPI) -> None:
    schema = app.openapi()
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    fields = schema["components"]["schemas"]["Problem"]["properties"]
    assert {"type", "title", "status", "detail", "instance", "errors"} <= fields.keys()
    for method, path, operation in operations(app):
        for status, response in operation["responses"].items():
            if int(status) >= 400:
                assert response["content"] == {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}}, (
                    f"{method} {path} {status}"
                )
                assert response["description"], f"{method} {path} {status}"


def test_every_operation_documents_its_problems(app: FastAPI) -> None:
    for method, path, operation in operations(app):
        documented = {int(status) for status in operation["responses"] if int(status) >= 400}
        missing = expected_problems(operation) - documented
        assert not missing, f"{method} {path} does not document {sorted(missing)}"


def test_every_problem_the_role_matrix_sees_is_documented(app: FastAPI) -> None:
    documented = {
        (method, path): {int(s) for s in operation["responses"]}
        for method, path, operation in operations(app)
    }
    for method, url, _, statuses in MATRIX:
        key = (method, template(app, method, "/api/v1" + url))
        missing = {s for s in statuses if s >= 400} - documented[key]
        assert not missing, f"{method} {url} answers {sorted(missing)}, undocumented"


def test_the_store_backed_operations_document_503(app: FastAPI) -> None:
    """Only the taxonomy and the liveness probe answer without the store."""
    storeless = {"/api/v1/health", *(p for _, p, _ in operations(app) if "/taxonomy/" in p)}
    for method, path, operation in operations(app):
        if path not in storeless:
            assert "503" in operation["responses"], f"{method} {path}"


def test_docs_are_served(app: FastAPI) -> None:
    with TestClient(app) as client:
        docs = client.get("/docs")
        assert docs.status_code == 200 and "/openapi.json" in docs.text
        assert client.get("/openapi.json").json()["info"]["title"] == "GCM Connection Hub"
        unknown = client.get("/api/v1/no-such-thing")
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == PROBLEM_MEDIA_TYPE
    Problem.model_validate(unknown.json())


def test_path_templates_resolve(app: FastAPI) -> None:
    """The matrix check above leans on this: `{name:path}` routes match ids with slashes."""
    assert template(app, "GET", "/api/v1/activities/XM-DAC-41122/1") == (
        "/api/v1/activities/{activity_id}"
    )
    assert template(app, "GET", "/api/v1/requests/r-1/partners?n=3") == (
        "/api/v1/requests/{request_id}/partners"
    )
    assert template(app, "GET", "/api/v1/export/offers.csv") == "/api/v1/export/{kind}.csv"


def test_every_link_leads_to_an_operation_and_its_parameters(app: FastAPI) -> None:
    by_id = {operation["operationId"]: operation for _, _, operation in operations(app)}
    links = [
        link
        for _, _, operation in operations(app)
        for response in operation["responses"].values()
        for link in response.get("links", {}).values()
    ]
    assert links
    for link in links:
        target = by_id[link["operationId"]]
        names = {parameter["name"] for parameter in target.get("parameters", [])}
        assert set(link["parameters"]) <= names
