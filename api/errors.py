"""The one place where errors become HTTP problems (RFC 9457), and where they are documented."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from graph import StoreUnavailable
from hub.errors import (
    Conflict,
    Forbidden,
    HubError,
    InvalidInput,
    NotFound,
    Unauthorized,
    Unavailable,
)

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "BodyTooLarge",
    "FieldProblem",
    "Problem",
    "install_error_handlers",
    "problem",
    "problems",
]

PROBLEM_MEDIA_TYPE = "application/problem+json"

_STATUS: dict[type[Exception], int] = {
    NotFound: 404,
    Conflict: 409,
    Forbidden: 403,
    Unauthorized: 401,
    InvalidInput: 422,
    Unavailable: 503,
    StoreUnavailable: 503,  # the store went away after the app had opened it
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
    503: "The graph store cannot be reached",
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
    errors: list[FieldProblem] | None = Field(None, description="Each invalid field (422 only)")


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


async def _hub_error(request: Request, error: Exception) -> JSONResponse:
    status = next((code for kind, code in _STATUS.items() if isinstance(error, kind)), 400)
    return problem(status, type(error).__name__, str(error), request.url.path)


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    """Starlette's own refusals (no such route, method not allowed, too large) as problems."""
    assert isinstance(error, HTTPException)
    phrase = HTTPStatus(error.status_code).phrase.title().replace(" ", "")
    title = "PayloadTooLarge" if isinstance(error, BodyTooLarge) else phrase
    response = problem(error.status_code, title, str(error.detail), request.url.path)
    response.headers.update(error.headers or {})
    return response


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
    app.add_exception_handler(HubError, _hub_error)
    app.add_exception_handler(StoreUnavailable, _hub_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
