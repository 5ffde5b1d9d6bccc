"""Calls and concept notes: the fund manager opens and closes calls, states draft notes.

A note is drafted from a support request and the partnerships that answer it, edited
by its Member State (its partners may edit the text, not who is in it or the
endorsement), and submitted while the call is open. Closing the call screens every
submitted note against the eligibility rules. Each change is audited with it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from hub import audit
from hub.access import Principal, require
from hub.domain.activities import Partnership, PartnershipStatus
from hub.domain.errors import Conflict, Forbidden, InvalidInput, invalid_input
from hub.domain.keys import Role
from hub.domain.records import Stakeholder, StakeholderKind, SupportRequest
from hub.fund import eligibility
from hub.fund.records import CallStatus, ConceptNote, FundCall, NoteStatus
from hub.records import reading
from hub.store import Store, codec, repository
from hub.store.ids import with_new_id

__all__ = [
    "EDITABLE",
    "PARTNER_FIELDS",
    "close_call",
    "create_call",
    "draft",
    "edit",
    "notes",
    "stakeholders_of",
    "submit",
]

EDITABLE = frozenset(
    {"title", "summary", "objectives", "countries", "partners", "roles", "budget"}
    | {"duration_months", "results", "endorsed"}
)
PARTNER_FIELDS = frozenset({"title", "summary", "objectives", "countries", "results", "roles"})
"""What a partner of a note may edit; the state alone decides who is in it, the
budget it asks for and whether its government endorses it."""
_ENDED = (PartnershipStatus.COMPLETED, PartnershipStatus.CLOSED)


def create_call(store: Store, principal: Principal, fields: dict[str, Any]) -> FundCall:
    require(principal, Role.FUND_MANAGER)
    try:
        call = FundCall.model_validate(with_new_id(store, FundCall, fields))
    except ValidationError as error:
        raise invalid_input("call", error) from None
    with store.batch() as writer:
        codec.write(writer, call)
        audit.log(writer, principal.name, "fund.call.created", call.id, call.title)
    return call


def stakeholders_of(store: Store, note: ConceptNote) -> dict[str, Stakeholder]:
    return {
        s: repository.get(store, Stakeholder, s)
        for s in (note.requester, *note.partners)
        if store.node(s) is not None
    }


def close_call(store: Store, principal: Principal, call_id: str) -> FundCall:
    """End submissions and screen each submitted note; drafts stay drafts."""
    require(principal, Role.FUND_MANAGER)
    call = repository.get(store, FundCall, call_id)
    if call.status is CallStatus.CLOSED:
        raise Conflict(f"call {call_id!r} is already closed")
    closed = call.model_copy(update={"status": CallStatus.CLOSED})
    submitted = [n for n in _of_call(store, call_id) if n.status is NoteStatus.SUBMITTED]
    with store.batch() as writer:
        codec.write(writer, closed)
        audit.log(writer, principal.name, "fund.call.closed", call_id, f"{len(submitted)} notes")
        for note in submitted:
            failed = eligibility.failures(call, note, stakeholders_of(store, note))
            status = NoteStatus.INELIGIBLE if failed else NoteStatus.ELIGIBLE
            lines = eligibility.say(failed)
            update = {"status": status, "failures": lines, "failure_parts": failed}
            codec.write(writer, note.model_copy(update=update))
            detail = "; ".join(lines)
            audit.log(writer, principal.name, f"fund.note.{status.value}", note.id, detail)
    return closed


def _of_call(store: Store, call_id: str) -> list[ConceptNote]:
    return [n for n in repository.list_records(store, ConceptNote) if n.call == call_id]


def _role(partner: Stakeholder) -> str:
    if partner.kind is StakeholderKind.UN_ENTITY:
        return "UN implementing entity"
    return "implementing partner"


def draft(
    store: Store,
    principal: Principal,
    request_id: str,
    call_id: str,
    fields: dict[str, Any] | None = None,
) -> ConceptNote:
    """A note for a call from a request and the members of its open partnerships."""
    require(principal, Role.MEMBER_STATE)
    request = reading.get(store, principal, SupportRequest, request_id)
    if principal.role is Role.MEMBER_STATE and request.requester != principal.stakeholder:
        raise Forbidden(f"{principal.name} may draft notes only from its own requests")
    call = repository.get(store, FundCall, call_id)
    if call.status is not CallStatus.OPEN:
        raise Conflict(f"call {call_id!r} is closed")
    partners = sorted(
        {
            member
            for p in repository.list_records(store, Partnership)
            if p.request == request_id and p.status not in _ENDED
            for member in p.members
        }
        - {request.requester}
    )
    values = {
        "call": call_id,
        "request": request_id,
        "requester": request.requester,
        "title": request.title,
        "summary": request.text,
        "objectives": request.objectives,
        "countries": request.countries,
        "partners": partners,
        "roles": {p: _role(repository.get(store, Stakeholder, p)) for p in partners},
        **(fields or {}),
    }
    try:
        note = ConceptNote.model_validate(with_new_id(store, ConceptNote, values))
    except ValidationError as error:
        raise invalid_input("note", error) from None
    with store.batch() as writer:
        codec.write(writer, note)
        audit.log(writer, principal.name, "fund.note.drafted", note.id, call_id, request_id)
    return note


def _own(store: Store, principal: Principal, note_id: str) -> ConceptNote:
    note = reading.get(store, principal, ConceptNote, note_id)
    if principal.role is not Role.ADMIN and note.requester != principal.stakeholder:
        raise Forbidden(f"only {note.requester!r} may do this to note {note_id!r}")
    return note


def edit(store: Store, principal: Principal, note_id: str, changes: dict[str, Any]) -> ConceptNote:
    """Change a draft; a partner of the note only its text, objectives, places and roles."""
    require(principal, Role.MEMBER_STATE, Role.PARTNER)
    note = reading.get(store, principal, ConceptNote, note_id)
    if principal.role is Role.PARTNER:
        if principal.stakeholder not in note.partners:
            raise Forbidden(f"{principal.name} is not a partner of note {note_id!r}")
        if set(changes) - PARTNER_FIELDS:
            kept = ", ".join(sorted(set(changes) - PARTNER_FIELDS))
            raise Forbidden(f"the requesting state alone changes {kept}")
    else:
        note = _own(store, principal, note_id)
    if note.status is not NoteStatus.DRAFT:
        raise Conflict(f"note {note_id!r} is {note.status.value}; only drafts change")
    fixed = set(changes) - EDITABLE
    if fixed:
        raise InvalidInput(f"a note's {', '.join(sorted(fixed))} cannot be edited")
    try:
        edited = ConceptNote.model_validate({**note.model_dump(), **changes})
    except ValidationError as error:
        raise invalid_input("note", error) from None
    unknown = sorted(set(edited.partners) - set(stakeholders_of(store, edited)))
    if unknown:
        raise InvalidInput(f"note {note_id!r} names partners not in the hub: {unknown}")
    # a partner who leaves the note leaves its role behind
    roles = {p: role for p, role in edited.roles.items() if p in edited.partners}
    edited = edited.model_copy(update={"roles": roles})
    with store.batch() as writer:
        codec.write(writer, edited)
        audit.log(writer, principal.name, "fund.note.edited", note_id, ", ".join(sorted(changes)))
    return edited


def submit(store: Store, principal: Principal, note_id: str, on: date | None = None) -> ConceptNote:
    """Submit a draft to its open call; `failures` says already what screening will find."""
    require(principal, Role.MEMBER_STATE)
    note = _own(store, principal, note_id)
    if note.status is not NoteStatus.DRAFT:
        raise Conflict(f"note {note_id!r} is already {note.status.value}")
    call = repository.get(store, FundCall, note.call)
    if call.status is not CallStatus.OPEN:
        raise Conflict(f"call {call.id!r} is closed")
    dated = note.model_copy(update={"submitted_on": on or date.today()})
    failed = eligibility.failures(call, dated, stakeholders_of(store, dated))
    submitted = dated.model_copy(
        update={
            "status": NoteStatus.SUBMITTED,
            "failures": eligibility.say(failed),
            "failure_parts": failed,
        }
    )
    with store.batch() as writer:
        codec.write(writer, submitted)
        audit.log(writer, principal.name, "fund.note.submitted", note_id, call.id, note.request)
    return submitted


def notes(
    store: Store,
    principal: Principal,
    *,
    call: str | None = None,
    status: NoteStatus | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> reading.Page[ConceptNote]:
    """Notes as this caller may see them (see `hub.access`), by call and status."""

    def wanted(note: ConceptNote) -> bool:
        return call in (None, note.call) and status in (None, note.status)

    return reading.page(store, principal, ConceptNote, where=wanted, cursor=cursor, limit=limit)
