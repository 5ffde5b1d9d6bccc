"""Security headers on every response the hub sends, errors and files included.

No page of the hub may be framed (clickjacking), no answer sniffed as another type,
and no answer sends a referrer. Answers that are not pages get a policy allowing
nothing; the console and the docs set their own, which this keeps.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["ALWAYS", "NOTHING_ALLOWED", "SecurityHeaders"]

ALWAYS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
NOTHING_ALLOWED = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"


class SecurityHeaders:
    """ASGI middleware adding the headers to each response start."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in ALWAYS.items():
                    headers[name] = value
                headers.setdefault("Content-Security-Policy", NOTHING_ALLOWED)
            await send(message)

        await self.app(scope, receive, with_headers)
