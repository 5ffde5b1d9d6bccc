"""Every GET of the OpenAPI, asked by every caller, searched for the planted records.

A leak is an answer a caller who may not see the planted records gets (2xx) that holds
any of their ids, title words, text marker or the coordinator's key id; or a count
(`/ready`, the gap matrix) that moved for such a caller when they were planted.
"""

from __future__ import annotations

import collections
import itertools
from typing import Any
from urllib.parse import urlencode

from fastapi.testclient import TestClient

from benchmarks.security.planted import API, SEERS, Planted

__all__ = ["count_snapshot", "get_urls", "measure_leaks"]

COUNTS = ("/ready", "/analysis/gaps")
"""Answers that are totals: they must not move for a caller when hidden records appear."""

_QUERY = {
    "limit": "200",
    "n": "20",
    "top": "200",
    "depth": "2",
    "requester": "morocco",
    "member": "morocco",
    "member_state": "morocco",
    "objective": "1",
    "country": "MA",
    "region": "Northern Africa",
    "source": "morocco",
    "target": "iom",
    "provider": "iom",
}


def _path_values(planted: Planted) -> dict[str, list[str]]:
    hidden = planted.requests + planted.partnerships
    return {
        "request_id": ["req-morocco-migration-data", *planted.requests, "req-none-such"],
        "partnership_id": ["pship-bahrain-unodc-referral", *planted.partnerships],
        "stakeholder_id": ["iom", "morocco"],
        "offer_id": ["offer-iom-reintegration"],
        "node_id": ["morocco", "country:MA", *hidden, planted.coordinator_key],
        "kind": ["stakeholders", "offers", "partnerships", "activities"],
    }


def get_urls(openapi: dict[str, Any], planted: Planted) -> list[str]:
    """Each GET with its path filled by visible and hidden ids: bare, and with every
    query parameter it takes set (paths also towards each hidden record)."""
    values = _path_values(planted)
    urls = []
    for path, operations in openapi["paths"].items():
        if "get" not in operations or not path.startswith(API):
            continue
        params = operations["get"].get("parameters", [])
        names = [p["name"] for p in params if p["in"] == "path"]
        queries = [p["name"] for p in params if p["in"] == "query" and p["name"] in _QUERY]
        fills = [values.get(name, ["none-such"]) for name in names]
        for combo in itertools.product(*fills):
            url = path
            for name, value in zip(names, combo, strict=True):
                url = url.replace("{" + name + "}", value)
            urls.append(url)
            if queries:
                urls.append(f"{url}?{urlencode({q: _QUERY[q] for q in queries})}")
            if "target" in queries:
                for hidden in planted.requests + planted.partnerships:
                    urls.append(f"{url}?{urlencode({'source': 'morocco', 'target': hidden})}")
    return urls


def count_snapshot(client: TestClient, headers: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The totals each caller who may not see the planted records is shown."""
    return {
        caller: {path: client.get(API + path, headers=h).text for path in COUNTS}
        for caller, h in headers.items()
        if caller not in SEERS
    }


def measure_leaks(
    client: TestClient,
    headers: dict[str, dict[str, str]],
    planted: Planted,
    urls: list[str],
    counts_before: dict[str, Any],
) -> dict[str, Any]:
    secrets = [s for s in planted.secrets() if s]
    statuses: collections.Counter[str] = collections.Counter()
    leaks: list[dict[str, str]] = []
    server_errors: list[str] = []
    for url, (caller, h) in itertools.product(urls, headers.items()):
        response = client.get(url, headers=h)
        statuses[str(response.status_code)] += 1
        if response.status_code >= 500:
            server_errors.append(f"{caller} {url} {response.status_code}")
        if caller in SEERS or response.status_code >= 300:
            continue
        found = [s for s in secrets if s.lower() in response.text.lower()]
        if found:
            leaks.append({"caller": caller, "url": url, "found": ", ".join(found[:3])})
    after = count_snapshot(client, headers)
    for caller, totals in counts_before.items():
        for path in COUNTS:
            if totals[path] != after[caller][path] and '"status":4' not in totals[path]:
                leaks.append({"caller": caller, "url": path, "found": "totals moved"})
    return {
        "urls": len(urls),
        "callers": len(headers),
        "tried": sum(statuses.values()),
        "server_errors": len(server_errors),
        "leaked": len(leaks),
        "statuses": dict(sorted(statuses.items())),
        "leaks": leaks[:40],
        "leaks_by_path": dict(
            collections.Counter(leak["url"].split("?")[0] for leak in leaks).most_common()
        ),
        "server_error_examples": server_errors[:20],
    }
