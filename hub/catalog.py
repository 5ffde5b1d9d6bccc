"""Creating and changing records on a caller's behalf, with ownership checks."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import ValidationError

from hub import audit, browse, objectives
from hub.access import Principal, require, require_self_or_staff
from hub.claims import require_free_identity
from hub.domain.errors import Conflict, InvalidInput, invalid_input
from hub.domain.keys import Role
from hub.domain.records import (
    IDENTITY_FIELDS,
    ObjectiveOrigin,
    Offer,
    Record,
    Stakeholder,
    SupportRequest,
)
from hub.intake import submit_request
from hub.store import Store, repository
from hub.store.ids import with_new_id

__all__ = ["create_offer", "create_request", "create_stakeholder", "update"]

R = TypeVar("R", bound=Record)


def _validated(cls: type[R], fields: dict[str, Any]) -> R:
    try:
        return cls.model_validate(fields)
    except ValidationError as error:
        raise invalid_input(cls.__name__, error) from None


def create_stakeholder(store: Store, principal: Principal, fields: dict[str, Any]) -> Stakeholder:
    """Staff register stakeholders, under names and refs no other stakeholder holds."""
    require(principal, Role.COORDINATOR)
    stakeholder = _validated(Stakeholder, with_new_id(store, Stakeholder, fields))
    require_free_identity(store, stakeholder)
    repository.save(store, stakeholder)
    return stakeholder


def create_request(store: Store, principal: Principal, fields: dict[str, Any]) -> SupportRequest:
    """A Member State files its own requests; staff may file for any state."""
    require(principal, Role.COORDINATOR, Role.MEMBER_STATE)
    if principal.role is Role.MEMBER_STATE:
        fields = {**fields, "requester": principal.stakeholder}
    request = submit_request(store, fields)
    with store.batch() as writer:
        audit.log(
            writer,
            principal.name,
            "request.created",
            request.id,
            request.title,
            request.id,
            request.requester,
        )
    return request


def create_offer(store: Store, principal: Principal, fields: dict[str, Any]) -> Offer:
    """A partner offers its own expertise; staff may record offers for anyone."""
    require(principal, Role.COORDINATOR, Role.PARTNER)
    if principal.role is Role.PARTNER:
        fields = {**fields, "provider": principal.stakeholder}
    offer = _validated(Offer, objectives.tagged(store, with_new_id(store, Offer, fields)))
    repository.get(store, Stakeholder, offer.provider)  # a stakeholder, not any node
    repository.save(store, offer)
    return offer


_OWNER_FIELD = {Stakeholder: "id", Offer: "provider", SupportRequest: "requester"}


def update(
    store: Store, principal: Principal, cls: type[R], record_id: str, changes: dict[str, Any]
) -> R:
    """Apply the fields given; owners edit their own records, staff edit any.

    A request's or offer's objectives follow `hub.objectives.retagged`; objectives
    given are a person's decision and go to the audit log with the change.
    """
    current = browse.get(store, principal, cls, record_id)  # hidden records are not found
    owner_field = _OWNER_FIELD[cls]
    owner = getattr(current, owner_field)
    require(principal, Role.COORDINATOR, Role.PARTNER, Role.MEMBER_STATE)
    require_self_or_staff(principal, owner)
    if changes.get("id", record_id) != record_id or changes.get(owner_field, owner) != owner:
        raise Conflict(f"the id and owner of {cls.__name__} {record_id!r} cannot change")
    if isinstance(current, Stakeholder):
        _refuse_identity_changes(current, changes)
    decided = None
    if isinstance(current, SupportRequest | Offer):
        changes = objectives.retagged(store, current, changes)
    changed = _validated(cls, {**current.model_dump(), **changes})
    if (
        isinstance(current, SupportRequest | Offer)
        and isinstance(changed, SupportRequest | Offer)
        and changes.get("objective_origin") is ObjectiveOrigin.CONFIRMED
    ):
        decided = objectives.decision(principal, current, changed)
    edits = _edits(current, changed)
    request = changed if isinstance(changed, SupportRequest) else None
    with store.batch() as writer:  # the record and its audit entry, or neither
        repository.save(store, changed)
        if edits:
            audit.log(
                writer,
                principal.name,
                f"{_ACTION[cls]}.updated",
                record_id,
                edits,
                request.id if request else None,
                request.requester if request else None,
            )
        if decided is not None:
            decided(writer)
    return changed


def _refuse_identity_changes(current: Stakeholder, changes: dict[str, Any]) -> None:
    """Names, aliases, kind, home country and refs change only through an accepted claim."""
    stored = current.model_dump(mode="json")
    proposed = _validated(Stakeholder, {**stored, **changes}).model_dump(mode="json")
    changed = sorted(f for f in IDENTITY_FIELDS if proposed[f] != stored[f])
    if changed:
        raise InvalidInput(
            f"{', '.join(changed)} of stakeholder {current.id!r} change only through a claim"
            " that a coordinator accepts"
        )


_ACTION = {Stakeholder: "stakeholder", Offer: "offer", SupportRequest: "request"}

_SHOWN_VALUES = frozenset({"confidentiality", "status", "modality", "kind"})
"""Fields whose old and new values the audit shows; of the others only the name (texts
may be confidential, and long)."""


def _edits(before: Record, after: Record) -> str:
    """What an edit changed, e.g. `confidentiality: open_to_partners -> confidential; text`."""
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    return "; ".join(
        f"{name}: {old[name]} -> {new[name]}" if name in _SHOWN_VALUES else name
        for name in new
        if old.get(name) != new[name]
    )
