"""Intake of support requests from Member States: checks, ids, storage."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from hub import objectives
from hub.domain.errors import InvalidInput, invalid_input
from hub.domain.records import Stakeholder, StakeholderKind, SupportRequest
from hub.store import Store, repository
from hub.store.ids import with_new_id

__all__ = ["submit_request"]


def submit_request(store: Store, fields: dict[str, Any]) -> SupportRequest:
    """Validate and store a new request from a Member State; returns it with the id it got.

    Without objectives, the tagger suggests them (`hub.objectives`).
    """
    requester = repository.get(store, Stakeholder, str(fields.get("requester", "")))
    if requester.kind is not StakeholderKind.MEMBER_STATE:
        raise InvalidInput(
            f"requester {requester.id!r} is a {requester.kind.value}; only Member States"
            " submit support requests"
        )
    fields = objectives.tagged(store, fields)
    try:
        request = SupportRequest.model_validate(with_new_id(store, SupportRequest, fields))
    except ValidationError as error:
        raise invalid_input("support request", error) from None
    repository.save(store, request)
    return request
