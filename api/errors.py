"""The one place where hub errors become HTTP problems (RFC 9457)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from hub.errors import (
    Conflict,
    Forbidden,
    HubError,
    InvalidInput,
    NotFound,
    Unauthorized,
    Unavailable,
)

__all__ = ["install_error_handlers", "problem"]

_STATUS: dict[type[HubError], int] = {
    NotFound: 404,
    Conflict: 409,
    Forbidden: 403,
    Unauthorized: 401,
    InvalidInput: 422,
    Unavailable: 503,
}


def problem(status: int, title: str, detail: str, instance: str, **extra: object) -> JSONResponse:
    return JSONResponse(
        {
            "type": "about:blank",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": instance,
            **extra,
        },
        status_code=status,
        media_type="application/problem+json",
    )


async def _hub_error(request: Request, error: Exception) -> JSONResponse:
    status = next((code for kind, code in _STATUS.items() if isinstance(error, kind)), 400)
    return problem(status, type(error).__name__, str(error), request.url.path)


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = [
        {"where": ".".join(str(part) for part in item["loc"]), "problem": item["msg"]}
        for item in error.errors()
    ]
    detail = "; ".join(f"{p['where']}: {p['problem']}" for p in problems)
    return problem(422, "InvalidInput", detail, request.url.path, errors=problems)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(HubError, _hub_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
