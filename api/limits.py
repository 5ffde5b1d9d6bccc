"""Limits on request bodies, counted as they stream so a chunked body cannot slip past.

A declared `Content-Length` over the limit is refused before anything is read; a body
without one (chunked) is counted message by message and refused as soon as it passes
the limit. Either way the caller gets a 413 problem that names the limit.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import BodyTooLarge, problem

__all__ = ["JSON_LIMIT", "UPLOAD_LIMIT", "BodyLimit"]

JSON_LIMIT = 1 << 20
"""1 MiB: the largest JSON record the hub takes is a few kilobytes."""

UPLOAD_LIMIT = 100 << 20
"""100 MiB: an IATI activity file of a large publisher, with room to spare."""


class BodyLimit:
    """ASGI middleware: `limit` bytes for every body, `uploads` maps paths to their own."""

    def __init__(self, app: ASGIApp, limit: int, uploads: Mapping[str, int]) -> None:
        self.app = app
        self.limit = limit
        self.uploads = dict(uploads)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope["path"]).removeprefix(str(scope.get("root_path", "")))
        upload = path in self.uploads
        limit = self.uploads[path] if upload else self.limit
        too_large = BodyTooLarge(limit, "the upload is" if upload else "the request body is")

        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _refuse(too_large, scope, receive, send)
            return

        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise too_large
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            # The app's error handlers answer this themselves; this is for a body read
            # outside their reach, as long as nothing has been sent yet.
            if started:
                raise
            await _refuse(too_large, scope, receive, send)


async def _refuse(error: BodyTooLarge, scope: Scope, receive: Receive, send: Send) -> None:
    response = problem(413, "PayloadTooLarge", error.detail, str(scope["path"]))
    response.headers.update(error.headers or {})
    await response(scope, receive, send)
