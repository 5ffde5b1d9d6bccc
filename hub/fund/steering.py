"""Review, portfolio and decision: from eligible notes to funded joint programmes.

Reviewers score eligible notes on the call's weighted criteria, unless their
organisation is in the note or they declare a conflict; a note's score is the mean
of its reviewers' weighted scores. The portfolio proposal is `matching.portfolio`'s
exact optimum; the steering committee then funds or declines each note, with its
reasons, audited in the same transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np

from hub import audit
from hub.access import Principal, require
from hub.domain import geography
from hub.domain.errors import Conflict, Forbidden, InvalidInput
from hub.domain.keys import Role
from hub.fund.explain import Proposal, describe
from hub.fund.records import REVIEWABLE, CallStatus, ConceptNote, FundCall, FundReview, NoteStatus
from hub.records import reading
from hub.store import Store, codec, repository
from matching import portfolio

__all__ = ["decide", "move", "propose", "region_of", "score", "weighted"]


def _review_id(note_id: str, reviewer: str) -> str:
    return f"review:{note_id}:{reviewer}"


def weighted(call: FundCall, review: FundReview) -> float:
    """One reviewer's score of a note: the criteria's weighted mean, on 0 to 5."""
    total = sum(c.weight for c in call.criteria)
    return sum(c.weight * review.scores[c.name] for c in call.criteria) / total


def score(
    store: Store,
    principal: Principal,
    note_id: str,
    scores: dict[str, float],
    comments: str = "",
    conflict: bool = False,
) -> FundReview:
    """Record (or revise) this reviewer's scores and the note's new mean."""
    require(principal, Role.REVIEWER)
    note = reading.get(store, principal, ConceptNote, note_id)
    if note.status not in REVIEWABLE:
        raise Conflict(f"note {note_id!r} is {note.status.value}; only eligible notes are scored")
    reviewer = principal.key or principal.name
    if principal.stakeholder in (note.requester, *note.partners):
        raise Forbidden(f"{principal.stakeholder!r} is in note {note_id!r}: a conflict of interest")
    earlier = store.node(_review_id(note_id, reviewer))
    if earlier is not None and codec.from_node(FundReview, earlier).conflict:
        raise Forbidden(f"{reviewer} declared a conflict of interest on note {note_id!r}")
    call = repository.get(store, FundCall, note.call)
    if not conflict:
        named = {c.name for c in call.criteria}
        if set(scores) != named:
            raise InvalidInput(f"score every criterion of the call, no other: {sorted(named)}")
    review = FundReview.model_validate(
        {
            "id": _review_id(note_id, reviewer),
            "note": note_id,
            "call": call.id,
            "reviewer": reviewer,
            "organisation": principal.stakeholder,
            "scores": {} if conflict else scores,
            "comments": comments,
            "conflict": conflict,
            "at": datetime.now(UTC),
        }
    )
    others = [
        r
        for r in repository.list_records(store, FundReview)
        if r.note == note_id and r.id != review.id and not r.conflict
    ]
    counted = [*others, *([] if conflict else [review])]
    mean = float(np.mean([weighted(call, r) for r in counted])) if counted else None
    status = note.status
    if mean is None:
        status = NoteStatus.ELIGIBLE
    elif status is NoteStatus.ELIGIBLE:
        status = NoteStatus.SCORED
    action = "fund.review.conflict" if conflict else "fund.review.scored"
    with store.batch() as writer:
        codec.write(writer, review)
        codec.write(writer, note.model_copy(update={"score": mean, "status": status}))
        audit.log(writer, principal.name, action, note_id, f"{reviewer}: {comments}".strip(": "))
    return review


def region_of(note: ConceptNote) -> str:
    """The M49 region a note counts against for geographic balance: its first country's."""
    return geography.countries()[note.countries[0]].region if note.countries else "none"


def _closed(store: Store, principal: Principal, call_id: str) -> FundCall:
    require(principal, Role.FUND_MANAGER, Role.COORDINATOR)
    call = repository.get(store, FundCall, call_id)
    if call.status is not CallStatus.CLOSED:
        raise Conflict(f"call {call_id!r} is still open; close it to screen its notes first")
    return call


def propose(store: Store, principal: Principal, call_id: str) -> Proposal:
    """The best scored notes within budget and balance; they become `proposed`."""
    call = _closed(store, principal, call_id)
    notes = sorted(
        (
            n
            for n in repository.list_records(store, ConceptNote)
            if n.call == call_id and n.status in (NoteStatus.SCORED, NoteStatus.PROPOSED)
        ),
        key=lambda n: n.id,
    )
    names = sorted({region_of(n) for n in notes})
    groups = np.array(
        [[bool(set(g) & set(n.objectives)) for n in notes] for g in call.objective_groups.values()],
        dtype=bool,
    ).reshape(len(call.objective_groups), len(notes))
    found = portfolio.propose(
        np.array([n.score or 0.0 for n in notes]),
        np.array([n.budget for n in notes]),
        call.budget,
        np.array([names.index(region_of(n)) for n in notes], dtype=np.int64),
        call.max_per_region,
        groups,
    )
    proposal = describe(call, notes, found)
    chosen = {notes[i].id for i in found.chosen}
    with store.batch() as writer:
        for note in notes:
            status = NoteStatus.PROPOSED if note.id in chosen else NoteStatus.SCORED
            if status is not note.status:
                codec.write(writer, note.model_copy(update={"status": status}))
        audit.log(writer, principal.name, "fund.proposed", call_id, proposal.summary)
    return proposal


def decide(
    store: Store, principal: Principal, note_id: str, funded: bool, reason: str
) -> ConceptNote:
    """The steering committee funds or declines a scored note, saying why."""
    require(principal, Role.FUND_MANAGER, Role.COORDINATOR)
    note = reading.get(store, principal, ConceptNote, note_id)
    call = _closed(store, principal, note.call)
    if note.status not in (NoteStatus.SCORED, NoteStatus.PROPOSED):
        raise Conflict(f"note {note_id!r} is {note.status.value}; only scored notes are decided")
    if not reason.strip():
        raise InvalidInput(f"deciding note {note_id!r} needs a reason")
    if funded:
        committed = sum(
            n.budget
            for n in repository.list_records(store, ConceptNote)
            if n.call == call.id and n.status is NoteStatus.FUNDED
        )
        if committed + note.budget > call.budget:
            raise Conflict(
                f"funding {note_id!r} ({note.budget:,.0f}) would exceed the call's budget:"
                f" {committed:,.0f} of {call.budget:,.0f} is committed"
            )
    status = NoteStatus.FUNDED if funded else NoteStatus.DECLINED
    decided = note.model_copy(
        update={
            "status": status,
            "reason": reason,
            "decided_by": principal.name,
            "decided_at": datetime.now(UTC),
        }
    )
    with store.batch() as writer:
        codec.write(writer, decided)
        audit.log(
            writer,
            principal.name,
            f"fund.note.{status.value}",
            note_id,
            reason,
            note.request,
            note.requester,
        )
    return decided


def move(
    store: Store, principal: Principal, note_id: str, status: NoteStatus, note: str = ""
) -> ConceptNote:
    """A funded programme starts and ends; a jump or a step back is a Conflict."""
    require(principal, Role.FUND_MANAGER, Role.COORDINATOR)
    current = reading.get(store, principal, ConceptNote, note_id)
    if not current.status.can_move_to(status):
        raise Conflict(
            f"note {note_id!r} is {current.status.value}; it cannot become {status.value}"
        )
    with store.batch() as writer:
        codec.write(writer, current.model_copy(update={"status": status}))
        audit.log(writer, principal.name, f"fund.note.{status.value}", note_id, note)
    return current.model_copy(update={"status": status})
