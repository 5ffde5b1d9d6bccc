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
import urllib.error
import urllib.request
from dataclasses import dataclass

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
    attempt = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _OPENER.open(attempt, timeout=timeout) as answer:
            return Outcome(answer.status, None)
    except urllib.error.HTTPError as refused:  # any answer but 2xx, redirects included
        text = refused.read(200).decode("utf-8", "replace")
        return Outcome(refused.code, f"HTTP {refused.code}: {text}")
    except (OSError, ValueError) as error:  # no answer: refused, timed out, bad address
        return Outcome(None, f"{type(error).__name__}: {error}"[:500])


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)
