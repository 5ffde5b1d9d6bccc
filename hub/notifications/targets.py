"""Where a webhook may point: a public http(s) address, so that a deployed hub cannot be
turned on its own network. The host is resolved and every address it resolves to must be
public; the check runs again before each delivery, since a name can be re-pointed."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from hub.domain.errors import InvalidInput

__all__ = ["check_url"]


def check_url(url: str, *, allow_local: bool) -> str:
    """The URL if a webhook may be sent there; `InvalidInput` naming why not otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidInput(f"webhook url {url!r} must be http:// or https:// with a host")
    if parts.username or parts.password:
        raise InvalidInput(f"webhook url {url!r} must not carry credentials; use the secret")
    if allow_local:
        return url
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError) as error:
        raise InvalidInput(f"webhook host {parts.hostname!r} does not resolve: {error}") from error
    for *_, address in found:
        ip = ipaddress.ip_address(str(address[0]).split("%")[0])
        if not ip.is_global or ip.is_multicast:
            raise InvalidInput(
                f"webhook host {parts.hostname!r} resolves to {ip}, a loopback, private or"
                " link-local address (set HUB_WEBHOOKS_ALLOW_LOCAL=1 to allow it)"
            )
    return url
