"""OpenAPI links: which answer's id the next call can use, for clients and for fuzzing.

Schemathesis infers most links from names (a created request's `id` is the
`request_id` of its similar initiatives). These are the ones it cannot infer, where
the parameter is named for what it is in the graph (`node_id`) rather than the record.
"""

from __future__ import annotations

from typing import Any

__all__ = ["add_links"]

_NEIGHBOURHOOD = "/api/v1/graph/neighbourhood/{node_id}"

_RECORDS = {
    ("post", "/api/v1/stakeholders", "201"): "Stakeholder",
    ("get", "/api/v1/stakeholders/{stakeholder_id}", "200"): "Stakeholder",
    ("post", "/api/v1/requests", "201"): "SupportRequest",
    ("get", "/api/v1/requests/{request_id}", "200"): "SupportRequest",
    ("post", "/api/v1/offers", "201"): "Offer",
    ("get", "/api/v1/partnerships/{partnership_id}", "200"): "Partnership",
    ("post", "/api/v1/suggestions/{suggestion_id}/accept", "200"): "Partnership",
}
"""Answers holding one record, whose id is a node of the graph."""


def add_links(schema: dict[str, Any]) -> dict[str, Any]:
    """Link each answer in `_RECORDS` to its record's neighbourhood. Idempotent."""
    paths = schema.get("paths", {})
    target = paths.get(_NEIGHBOURHOOD, {}).get("get", {}).get("operationId")
    if target is None:
        return schema
    for (method, path, status), record in _RECORDS.items():
        response = paths.get(path, {}).get(method, {}).get("responses", {}).get(status)
        if response is not None:
            response.setdefault("links", {})[f"{record}Neighbourhood"] = {
                "operationId": target,
                "parameters": {"node_id": "$response.body#/id"},
                "description": f"The {record}'s surroundings in the partner graph",
            }
    return schema
