"""Intake of support requests from Member States: checks, ids, storage."""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from graph import GraphStore
from hub import records
from hub.errors import InvalidInput, invalid_input
from hub.model import Stakeholder, StakeholderKind, SupportRequest

__all__ = ["submit_request"]


def _new_id(store: GraphStore, requester: str, title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", f"{requester} {title}".lower()).strip("-")[:60].strip("-")
    candidate, suffix = f"req-{slug}", 1
    while store.node(candidate) is not None:
        suffix += 1
        candidate = f"req-{slug}-{suffix}"
    return candidate


def submit_request(store: GraphStore, fields: dict[str, Any]) -> SupportRequest:
    """Validate and store a new request from a Member State; returns it with its id."""
    requester = records.get(store, Stakeholder, str(fields.get("requester", "")))
    if requester.kind is not StakeholderKind.MEMBER_STATE:
        raise InvalidInput(
            f"requester {requester.id!r} is a {requester.kind.value}; only Member States"
            " submit support requests"
        )
    draft = {"id": _new_id(store, requester.id, str(fields.get("title", ""))), **fields}
    try:
        request = SupportRequest.model_validate(draft)
    except ValidationError as error:
        raise invalid_input("support request", error) from None
    records.save(store, request)
    return request
