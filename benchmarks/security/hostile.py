"""Hostile files, bodies, ids and credentials: each must be a 4xx problem, never a 5xx.

An upload that answers 202 is followed to its job's end, and the job's problem counts
as the answer. An answer that quotes `/etc/passwd` or an entity's expansion means the
parser resolved what it must not.
"""

from __future__ import annotations

import collections
from collections.abc import Callable
from typing import Any

import httpx
from fastapi.testclient import TestClient

from benchmarks.security.planted import API, finish

__all__ = ["IATI", "cases", "measure_hostile"]

PROBLEM = "application/problem+json"


def _iati(activity_id: str = "HOSTILE-1", head: str = "", title: str = "Upload") -> str:
    return (
        f'{head}<iati-activities version="2.03"><iati-activity><iati-identifier>'
        f"{activity_id}</iati-identifier><title><narrative>{title}</narrative></title>"
        "</iati-activity></iati-activities>"
    )


IATI = _iati().encode()
_DECL = '<?xml version="1.0" encoding="{}"?>'
_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)

Call = Callable[[TestClient, dict[str, dict[str, str]]], httpx.Response]


def _upload(name: str, content: bytes) -> Call:
    def call(client: TestClient, headers: dict[str, dict[str, str]]) -> httpx.Response:
        files = {"file": (name, content, "application/xml")}
        posted = client.post(f"{API}/import/iati", headers=headers["coordinator"], files=files)
        return finish(client, posted)

    return call


def _send(
    method: str,
    path: str,
    caller: str = "morocco",
    extra: dict[str, str | bytes] | None = None,
    **kwargs: Any,
) -> Call:
    def call(client: TestClient, headers: dict[str, dict[str, str]]) -> httpx.Response:
        h: dict[str, str | bytes] = {**headers.get(caller, {}), **(extra or {})}
        response: httpx.Response = client.request(method, API + path, headers=h, **kwargs)
        return response

    return call


def _auth(value: str | bytes, header: str = "Authorization") -> Call:
    return _send("GET", "/stakeholders", caller="", extra={header: value})


def _title(title: str) -> Call:
    return _send("POST", "/requests", json={"title": title, "objectives": [1]})


def cases() -> dict[str, Call]:
    """At least forty hostile inputs, by name."""
    xxe = '<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    pe = '<!DOCTYPE a [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>'
    fetch = '<!DOCTYPE a SYSTEM "http://127.0.0.1:9/evil.dtd">'
    long_id = "X" * 5000
    deep = b"[" * 100_000 + b"]" * 100_000
    return {
        "XXE file entity": _upload("a.xml", _iati(head=xxe, title="&x;").encode()),
        "XXE parameter entity": _upload("a.xml", _iati(head=pe).encode()),
        "billion laughs": _upload("a.xml", _iati(head=_LAUGHS, title="&lol9;").encode()),
        "external DTD fetch": _upload("a.xml", _iati(head=fetch).encode()),
        "UTF-16 declared, UTF-8 written": _upload(
            "a.xml", _iati(head=_DECL.format("UTF-16")).encode()
        ),
        "UTF-32 declared, UTF-16 written": _upload(
            "a.xml", _iati(head=_DECL.format("UTF-32")).encode("utf-16")
        ),
        "UTF-32": _upload("a.xml", _iati(head=_DECL.format("UTF-32")).encode("utf-32")),
        "UTF-32LE with a DTD": _upload(
            "a.xml", _iati(head=_DECL.format("UTF-32LE") + xxe).encode("utf-32-le")
        ),
        "Shift_JIS declared": _upload("a.xml", _iati(head=_DECL.format("Shift_JIS")).encode()),
        "unknown encoding": _upload("a.xml", _iati(head=_DECL.format("x-nothing")).encode()),
        "Latin-1 declared, UTF-16 written": _upload(
            "a.xml", _iati(head=_DECL.format("ISO-8859-1")).encode("utf-16")
        ),
        "5,000-character activity id": _upload("a.xml", _iati(long_id).encode()),
        "activity id ../../etc/passwd": _upload("a.xml", _iati("../../etc/passwd").encode()),
        "activity id ..": _upload("a.xml", _iati("..").encode()),
        "activity id with NUL": _upload("a.xml", _iati("A\x00B").encode()),
        "activity title with bidi override": _upload("a.xml", _iati(title="a\u202eb").encode()),
        "filename ..": _upload("..", IATI),
        "filename .": _upload(".", IATI),
        "filename of 300 characters": _upload("a" * 296 + ".xml", IATI),
        "filename ../../etc/passwd": _upload("../../etc/passwd", IATI),
        "filename with a bidi override": _upload("invoice\u202elmx.exe", IATI),
        "empty file": _upload("a.xml", b""),
        "truncated XML": _upload("a.xml", IATI[: len(IATI) // 2]),
        "non-XML (PNG header)": _upload("a.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
        "JSON as XML": _upload("a.xml", b'{"iati-activities": []}'),
        "XML of another kind": _upload("a.xml", b"<html><body>hi</body></html>"),
        "upload over 100 MiB": _upload("big.xml", b"<a>" + b" " * (101 * 1024 * 1024) + b"</a>"),
        "upload without a file field": _send(
            "POST", "/import/iati", caller="coordinator", data={"x": "1"}
        ),
        "title of a zero-width space": _title("\u200b"),
        "title with NUL": _title("Data\x00 systems"),
        "title with right-to-left override": _title("Data \u202eatad"),
        "title of bidi isolates only": _title("\u2067\u2069"),
        "title of 5,000 characters": _title("T" * 5000),
        "body naming an id ../../etc/passwd": _send(
            "POST", "/requests", json={"id": "../../etc/passwd", "title": "Path"}
        ),
        "stakeholder named ..": _send(
            "POST", "/stakeholders", caller="coordinator", json={"name": "..", "kind": "ngo"}
        ),
        "stakeholder id of 5,000 characters": _send("GET", f"/stakeholders/{long_id}"),
        "request id with %00": _send("GET", "/requests/req%00x"),
        "request id ..%2F..%2Fetc%2Fpasswd": _send("GET", "/requests/..%2F..%2Fetc%2Fpasswd"),
        "JSON body over 1 MiB": _title("x" * (2 * 1024 * 1024)),
        "malformed JSON": _send(
            "POST", "/requests", content=b'{"title": ', extra={"Content-Type": "application/json"}
        ),
        "JSON nested 100,000 deep": _send(
            "POST", "/requests", content=deep, extra={"Content-Type": "application/json"}
        ),
        "JSON array for an object": _send("POST", "/requests", json=[1, 2, 3]),
        "objectives out of range": _send(
            "POST", "/requests", json={"title": "t", "objectives": [999, -1]}
        ),
        "country XX": _send("POST", "/requests", json={"title": "t", "countries": ["XX", "../"]}),
        "n = -1": _send("GET", "/requests/req-morocco-migration-data/partners?n=-1"),
        "limit = 10^6, cursor garbage": _send("GET", "/requests?limit=1000000&cursor=%FF%FE"),
        "neighbourhood depth 100": _send("GET", "/graph/neighbourhood/iom?depth=100"),
        "Authorization: Basic": _auth("Basic dXNlcjpwYXNz"),
        "Authorization: raw token": _auth("gcm_rawtokenwithoutscheme"),
        "Authorization: Bearer": _auth("Bearer"),
        "Authorization: Bearer and a space": _auth("Bearer "),
        "Authorization: empty": _auth(""),
        "Authorization: Bearer of 10,000 characters": _auth("Bearer " + "a" * 10_000),
        "Authorization: Latin-1 bytes": _auth("Bearer \xe9\xe9".encode("latin-1")),
        "X-API-Key: empty": _auth("", header="X-API-Key"),
    }


def measure_hostile(client: TestClient, headers: dict[str, dict[str, str]]) -> dict[str, Any]:
    statuses: collections.Counter[str] = collections.Counter()
    server_errors, not_problems, resolved, accepted = [], [], [], []
    tried = cases()
    for name, call in tried.items():
        response = call(client, headers)
        status = response.status_code
        body = response.json() if response.headers.get("content-type") == "application/json" else {}
        if isinstance(body, dict) and body.get("status") == "failed":  # an upload's job
            problem = body.get("problem") or {}
            status = int(problem.get("status", 500))
        statuses[str(status)] += 1
        if status >= 500:
            server_errors.append(f"{name}: {status}")
        elif status >= 400 and response.headers.get("content-type") != PROBLEM and not body:
            not_problems.append(f"{name}: {status} {response.headers.get('content-type')}")
        elif status < 300:
            accepted.append(f"{name}: {status}")
        if "root:x:" in response.text or "lollollol" in response.text:
            resolved.append(name)
    return {
        "tried": len(tried),
        "server_errors": len(server_errors),
        "not_problem_json": len(not_problems),
        "entities_resolved": len(resolved),
        "accepted": accepted,
        "statuses": dict(sorted(statuses.items())),
        "server_error_cases": server_errors,
        "not_problem_cases": not_problems,
    }
