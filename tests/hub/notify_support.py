"""Real receivers for the notification tests: an HTTP server on a thread that checks each
webhook delivery's signatures and keeps what it received, de-duplicated by id, and a
local SMTP server (aiosmtpd) that keeps every message."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session

WAIT = 120.0
"""Seconds a test waits for deliveries that should come before calling them lost."""


@dataclass
class Receiver:
    """What the server received; `answer` is the status it replies with next."""

    secret: str
    url: str = ""
    answer: int = 204
    delay: float = 0.0
    bodies: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    forged: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def ids(self) -> set[str]:
        with self.lock:
            return {str(body["id"]) for body in self.bodies}

    def wait_for(self, count: int, *, distinct: bool = True) -> None:
        """Block until `count` events (or deliveries, resent ones included) arrived;
        fail after `WAIT` seconds."""
        deadline = time.monotonic() + WAIT
        while (got := len(self.ids) if distinct else len(self.bodies)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{got} of {count} arrived")
            time.sleep(0.02)


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers["Content-Length"]))
            expected = hmac.new(receiver.secret.encode(), raw, hashlib.sha256).hexdigest()
            stamp = self.headers.get("X-Hub-Timestamp", "")
            stamped = hmac.new(
                receiver.secret.encode(), stamp.encode() + b"." + raw, hashlib.sha256
            ).hexdigest()
            genuine = hmac.compare_digest(
                self.headers.get("X-Hub-Signature-256", ""), f"sha256={expected}"
            ) and hmac.compare_digest(
                self.headers.get("X-Hub-Signature-Timestamped", ""), f"sha256={stamped}"
            )
            time.sleep(receiver.delay)
            with receiver.lock:
                if not genuine:
                    receiver.forged += 1
                elif receiver.answer < 300:
                    receiver.bodies.append(json.loads(raw))
                    receiver.headers.append(dict(self.headers))
                    receiver.paths.append(self.path)
            self.send_response(receiver.answer if genuine else 401)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

    return Handler


@contextmanager
def receiving(secret: str) -> Iterator[Receiver]:
    """A receiver listening on a free loopback port until the block ends."""
    receiver = Receiver(secret)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


class Mailbox:
    """An aiosmtpd handler keeping every message it is handed."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(  # noqa: N802 - the name aiosmtpd calls
        self, server: SMTP, session: Session, envelope: Envelope
    ) -> str:
        assert isinstance(envelope.content, bytes)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@contextmanager
def mailing() -> Iterator[tuple[Mailbox, int]]:
    """An SMTP server on a free loopback port until the block ends, and that port."""
    box = Mailbox()
    with socket.socket() as probe:  # a free port: the controller checks it by connecting
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield box, port
    finally:
        controller.stop()
