"""One webhook delivery: the event's JSON body, signed, POSTed once.

`X-Hub-Signature-256` signs the raw body with the subscriber's secret (HMAC-SHA256), as
the contract says. Against replay, `X-Hub-Timestamp` (Unix seconds of this attempt) is
signed with the body in `X-Hub-Signature-Timestamped` (`sha256=` HMAC of
`"<timestamp>.<body>"`): a receiver refuses stale timestamps and de-duplicates by
`X-Hub-Delivery`, the event id. Redirects are not followed: a public URL must not lead
the hub into its own network.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

import httpx

__all__ = ["Outcome", "post", "sign"]


def sign(secret: str, payload: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), payload, hashlib.sha256).hexdigest()


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one attempt came to: a status code, or the error that prevented one."""

    status_code: int | None
    error: str | None

    @property
    def delivered(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def post(
    url: str, secret: str, event_type: str, event_id: str, body: bytes, *, timeout: float
) -> Outcome:
    """POST the body once; any answer but 2xx, or none, is a failure to retry."""
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "gcm-hub-webhooks/1",
        "X-Hub-Event": event_type,
        "X-Hub-Delivery": event_id,
        "X-Hub-Timestamp": stamp,
        "X-Hub-Signature-256": sign(secret, body),
        "X-Hub-Signature-Timestamped": sign(secret, stamp.encode() + b"." + body),
    }
    try:
        answer = httpx.post(url, content=body, headers=headers, timeout=timeout)
    except httpx.HTTPError as error:
        return Outcome(None, f"{type(error).__name__}: {error}"[:500])
    if 200 <= answer.status_code < 300:
        return Outcome(answer.status_code, None)
    return Outcome(answer.status_code, f"HTTP {answer.status_code}: {answer.text[:200]}")
