"""The one place where errors become HTTP problems (RFC 9457), and where they are documented."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException
from starlette.routing import Match

from api.headers import ALWAYS, NOTHING_ALLOWED
from hub.domain.errors import (
    Busy,
    Conflict,
    Forbidden,
    HubError,
    InvalidInput,
    NotFound,
    Unauthorized,
    Unavailable,
)
from hub.session import StoreError, hub_error

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "BodyTooLarge",
    "FieldProblem",
    "Problem",
    "install_error_handlers",
    "problem",
    "problems",
    "status_for",
]

PROBLEM_MEDIA_TYPE = "application/problem+json"

_STATUS: dict[type[HubError], int] = {
    NotFound: 404,
    Conflict: 409,
    Forbidden: 403,
    Unauthorized: 401,
    InvalidInput: 422,
    Unavailable: 503,
}

# What each problem means, as the OpenAPI document says it.
_MEANING = {
    400: "The request could not be read",
    401: "The API key is unknown or revoked, or this needs a key and none was given",
    403: "The caller's role may not do this",
    404: "No such record, or one the caller may not see (the two look the same)",
    409: "The request contradicts what is stored: a duplicate id or a transition not allowed",
    413: "The request body is larger than the hub accepts; the detail names the limit",
    422: "A parameter or body field is invalid; `errors` names each one",
    503: "The graph store cannot be reached, or is busy with a long write or computation:"
    " `Retry-After` then says how many seconds to wait",
}


class FieldProblem(BaseModel):
    where: str = Field(description="The parameter or field, dotted: `body.objectives.0`")
    problem: str


class Problem(BaseModel):
    """An RFC 9457 problem: what went wrong, for people, and its HTTP status."""

    type: str = "about:blank"
    title: str = Field(description="The kind of problem, e.g. `NotFound`")
    status: int
    detail: str = Field(description="What went wrong with this request")
    instance: str = Field(description="The path that was asked for")
    errors: list[FieldProblem] | None = Field(
        default=None, description="Each invalid field (422 only)"
    )


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry documenting these problem statuses as problem+json."""
    schema = {"$ref": "#/components/schemas/Problem"}
    return {
        status: {
            "model": Problem,  # registers the schema; the content below names the media type
            "description": _MEANING[status],
            "content": {PROBLEM_MEDIA_TYPE: {"schema": schema}},
        }
        for status in statuses
    }


def problem(status: int, title: str, detail: str, instance: str, **extra: object) -> JSONResponse:
    body = Problem(title=title, status=status, detail=detail, instance=instance)
    return JSONResponse(
        {**body.model_dump(exclude_none=True), **extra},
        status_code=status,
        media_type=PROBLEM_MEDIA_TYPE,
    )


class BodyTooLarge(HTTPException):
    """A request body over its limit; an HTTPException so FastAPI's body reading lets it by."""

    def __init__(self, limit: int, what: str) -> None:
        detail = f"{what} larger than the limit of {describe_size(limit)}"
        # the rest of the body is left unread, so the connection cannot be reused
        super().__init__(413, detail, headers={"Connection": "close"})


def describe_size(size: int) -> str:
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= factor and size % factor == 0:
            return f"{size // factor} {unit} ({size} bytes)"
    return f"{size} bytes"


def status_for(kind: type[HubError]) -> int:
    """The HTTP status of a hub error of this kind."""
    return next((code for known, code in _STATUS.items() if issubclass(kind, known)), 400)


async def _hub_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HubError)
    status = status_for(type(error))
    response = problem(status, type(error).__name__, str(error), request.url.path)
    if isinstance(error, Busy):
        response.headers["Retry-After"] = str(error.retry_after)
    if status == 401:  # RFC 9110: say which scheme would be accepted
        response.headers["WWW-Authenticate"] = 'Bearer realm="gcm-hub"'
    return response


async def _server_error(request: Request, error: Exception) -> JSONResponse:
    """A bug: still a problem, saying nothing of the hub's insides (the log has them).

    Starlette answers this outside every middleware, so the security headers go here too.
    """
    response = problem(
        500,
        "InternalServerError",
        "the hub failed to answer; the error is logged",
        request.url.path,
    )
    response.headers.update({**ALWAYS, "Content-Security-Policy": NOTHING_ALLOWED})
    return response


async def _graph_error(request: Request, error: Exception) -> JSONResponse:
    """A store error no service caught, e.g. the store went away after the app opened it."""
    assert isinstance(error, StoreError)
    return await _hub_error(request, hub_error(error))


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    """Starlette's own refusals (no such route, method not allowed, too large) as problems."""
    assert isinstance(error, HTTPException)
    phrase = HTTPStatus(error.status_code).phrase.title().replace(" ", "")
    title = "PayloadTooLarge" if isinstance(error, BodyTooLarge) else phrase
    response = problem(error.status_code, title, str(error.detail), request.url.path)
    response.headers.update(error.headers or {})
    if error.status_code == 405:
        response.headers["Allow"] = ", ".join(_allowed(request))
    return response


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _allowed(request: Request) -> list[str]:
    """Every method some route takes at this path (Starlette names only the first route's)."""
    return [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.router.routes
        )
    ]


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    found = [
        FieldProblem(where=".".join(str(part) for part in item["loc"]), problem=item["msg"])
        for item in error.errors()
    ]
    detail = "; ".join(f"{p.where}: {p.problem}" for p in found)
    return problem(
        422,
        "InvalidInput",
        detail,
        request.url.path,
        errors=[p.model_dump() for p in found],
    )


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error as a problem, and say so in the OpenAPI document."""
    app.add_exception_handler(HubError, _hub_error)
    app.add_exception_handler(StoreError, _graph_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(Exception, _server_error)
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        return _problems_only(generate())

    app.openapi = openapi  # type: ignore[method-assign]


def _problems_only(schema: dict[str, Any]) -> dict[str, Any]:
    """FastAPI's own 422 (`HTTPValidationError`) becomes ours, and problems have one media type.

    FastAPI files a response model under the route's media type as well; a problem is
    only ever `application/problem+json`. Idempotent, as FastAPI caches the document.
    """
    ours = problems(422)[422]
    for operation in (op for item in schema.get("paths", {}).values() for op in item.values()):
        responses: dict[str, Any] = operation.get("responses", {})
        if "HTTPValidationError" in str(responses.get("422", "")):
            responses["422"] = {key: ours[key] for key in ("description", "content")}
        for status, response in responses.items():
            content = response.get("content", {})
            if status[0] in "45" and PROBLEM_MEDIA_TYPE in content:
                response["content"] = {PROBLEM_MEDIA_TYPE: content[PROBLEM_MEDIA_TYPE]}
    components = schema.get("components", {}).get("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema
