"""Creating and changing requests, offers and stakeholders on a caller's behalf.

The one door for the API, the CLI and the console: each write checks who may make it,
then stores the record and its audit entry through one writer, so both land or
neither does.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import ValidationError

from hub import audit, claims, objectives
from hub.access import Principal, require, require_self_or_staff
from hub.domain.errors import Conflict, InvalidInput, invalid_input
from hub.domain.keys import Role
from hub.domain.records import (
    IDENTITY_FIELDS,
    ObjectiveOrigin,
    Offer,
    Record,
    Stakeholder,
    StakeholderKind,
    SupportRequest,
)
from hub.records.reading import get
from hub.store import Store, Writer, repository
from hub.store.ids import with_new_id

__all__ = [
    "confirm_objectives",
    "create_offer",
    "create_request",
    "create_stakeholder",
    "update",
]

R = TypeVar("R", bound=Record)
Tagged = TypeVar("Tagged", SupportRequest, Offer)

_ACTION = {Stakeholder: "stakeholder", Offer: "offer", SupportRequest: "request"}
_OWNER_FIELD = {Stakeholder: "id", Offer: "provider", SupportRequest: "requester"}


def _validated(cls: type[R], fields: dict[str, Any], what: str = "") -> R:
    try:
        return cls.model_validate(fields)
    except ValidationError as error:
        raise invalid_input(what or cls.__name__, error) from None


def _logged(writer: Writer, principal: Principal, action: str, record: Record, detail: str) -> None:
    """The audit entry of a change to `record`, tied to its request when it is one."""
    request = record if isinstance(record, SupportRequest) else None
    audit.log(
        writer,
        principal.name,
        action,
        record.id,
        detail,
        request.id if request else None,
        request.requester if request else None,
    )


def _store_new(store: Store, principal: Principal, record: Record, detail: str) -> None:
    with store.batch() as writer:  # the record and its audit entry, or neither
        repository.save(store, writer, record)
        _logged(writer, principal, f"{_ACTION[type(record)]}.created", record, detail)


def create_stakeholder(store: Store, principal: Principal, fields: dict[str, Any]) -> Stakeholder:
    """The new stakeholder, stored and audited; staff only, under names and refs no
    other stakeholder holds (a few point reads, one transaction)."""
    require(principal, Role.COORDINATOR)
    stakeholder = _validated(Stakeholder, with_new_id(store, Stakeholder, fields))
    claims.require_free_identity(store, stakeholder)
    _store_new(store, principal, stakeholder, stakeholder.name)
    return stakeholder


def create_request(store: Store, principal: Principal, fields: dict[str, Any]) -> SupportRequest:
    """The new request with the id it got, stored and audited in one transaction.

    A Member State files its own requests; staff may file for any state. Without
    objectives, the tagger suggests them (`hub.objectives`; fitted once per revision).
    """
    require(principal, Role.COORDINATOR, Role.MEMBER_STATE)
    if principal.role is Role.MEMBER_STATE:
        fields = {**fields, "requester": principal.stakeholder}
    requester = repository.get(store, Stakeholder, str(fields.get("requester", "")))
    if requester.kind is not StakeholderKind.MEMBER_STATE:
        raise InvalidInput(
            f"requester {requester.id!r} is a {requester.kind.value}; only Member States"
            " submit support requests"
        )
    fields = objectives.tagged(store, fields)
    request = _validated(
        SupportRequest, with_new_id(store, SupportRequest, fields), "support request"
    )
    _store_new(store, principal, request, request.title)
    return request


def create_offer(store: Store, principal: Principal, fields: dict[str, Any]) -> Offer:
    """The new offer with the id it got, stored and audited in one transaction.

    A partner offers its own expertise; staff may record offers for anyone.
    """
    require(principal, Role.COORDINATOR, Role.PARTNER)
    if principal.role is Role.PARTNER:
        fields = {**fields, "provider": principal.stakeholder}
    offer = _validated(Offer, objectives.tagged(store, with_new_id(store, Offer, fields)))
    repository.get(store, Stakeholder, offer.provider)  # a stakeholder, not any node
    _store_new(store, principal, offer, offer.title)
    return offer


def update(
    store: Store, principal: Principal, cls: type[R], record_id: str, changes: dict[str, Any]
) -> R:
    """The record with the fields given applied, stored with its audit entry in one
    transaction; owners edit their own records, staff edit any.

    A request's or offer's objectives follow `hub.objectives.retagged`; objectives
    given are a person's decision and go to the audit log with the change.
    """
    current = get(store, principal, cls, record_id)  # hidden records are not found
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
    with store.batch() as writer:  # the record and its audit entries, or none of them
        repository.save(store, writer, changed)
        if edits:
            _logged(writer, principal, f"{_ACTION[cls]}.updated", changed, edits)
        if decided is not None:
            decided(writer)
    return changed


def confirm_objectives(
    store: Store,
    principal: Principal,
    cls: type[Tagged],
    record_id: str,
    chosen: list[int] | None = None,
) -> Tagged:
    """The request or offer with its objectives confirmed (or replaced by `chosen`),
    stored with the decision's audit entry in one transaction.

    Staff and the record's owner may; `chosen` None confirms those stored.
    """
    current = get(store, principal, cls, record_id)  # hidden records are not found
    require(principal, Role.COORDINATOR, Role.MEMBER_STATE, Role.PARTNER)
    require_self_or_staff(principal, getattr(current, _OWNER_FIELD[cls]))
    wanted = current.objectives if chosen is None else chosen
    if not wanted:
        raise InvalidInput(f"{cls.__name__} {record_id!r} has no objectives to confirm: give some")
    changed = _validated(
        cls,
        {
            **current.model_dump(),
            "objectives": wanted,
            "objective_origin": ObjectiveOrigin.CONFIRMED,
            "objective_confidence": {},
        },
    )
    with store.batch() as writer:
        repository.save(store, writer, changed)
        objectives.decision(principal, current, changed)(writer)
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
