"""The start-up fund: calls, concept notes, reviews, the portfolio proposal, decisions."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Caller, Store
from api.errors import problems
from api.fund_schemas import (
    CallCreate,
    FundDecision,
    NoteDraft,
    NoteMove,
    NoteUpdate,
    ReviewCreate,
)
from api.schemas import Limit, Page, paged
from hub import records
from hub.fund import notes, steering
from hub.fund.explain import Proposal
from hub.fund.records import ConceptNote, FundCall, FundReview, NoteStatus
from hub.fund.views import NoteView, view

router = APIRouter(prefix="/fund", tags=["fund"], responses=problems(401, 503))

WRITE = problems(400, 403, 404, 409, 413, 422)


@router.post("/calls", status_code=201, responses=WRITE)
def create_call(
    store: Store,
    caller: Caller,
    body: CallCreate,
) -> FundCall:
    """Open a call for concept notes (fund manager)."""
    fields = body.model_dump(exclude_unset=True)
    return notes.create_call(store, caller, fields)


@router.get("/calls", responses=problems(422))
def list_calls(
    store: Store, caller: Caller, cursor: str | None = None, limit: Limit = 50
) -> Page[FundCall]:
    """Every call, open or closed; calls are public."""
    return paged(records.page(store, caller, FundCall, cursor=cursor, limit=limit))


@router.get("/calls/{call_id}", responses=problems(404))
def get_call(store: Store, caller: Caller, call_id: str) -> FundCall:
    """One call with its window, budget, rules and rubric."""
    return records.get(store, caller, FundCall, call_id)


@router.post("/calls/{call_id}/close", responses=WRITE)
def close_call(store: Store, caller: Caller, call_id: str) -> FundCall:
    """End submissions and screen every submitted note against the call's rules."""
    return notes.close_call(store, caller, call_id)


@router.post("/calls/{call_id}/proposal", responses=WRITE)
def propose(store: Store, caller: Caller, call_id: str) -> Proposal:
    """The best portfolio within budget and balance, with why each note is in or out."""
    return steering.propose(store, caller, call_id)


@router.post("/notes", status_code=201, responses=WRITE)
def draft(store: Store, caller: Caller, body: NoteDraft) -> NoteView:
    """Draft a concept note from one of the state's requests and its partnerships."""
    fields = body.model_dump(exclude_unset=True, exclude={"request", "call"})
    return view(caller, notes.draft(store, caller, body.request, body.call, fields))


@router.get("/notes", responses=problems(422))
def list_notes(
    store: Store,
    caller: Caller,
    call: str | None = None,
    status: NoteStatus | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[NoteView]:
    """Notes the caller may see: its own, those it reviews, funded ones for everyone."""
    found = notes.notes(store, caller, call=call, status=status, cursor=cursor, limit=limit)
    return Page[NoteView](
        items=[view(caller, n) for n in found.items], next_cursor=found.next_cursor
    )


@router.get("/notes/{note_id}", responses=problems(404))
def get_note(store: Store, caller: Caller, note_id: str) -> NoteView:
    """One note, if the caller may see it; `failures` says why it is not eligible."""
    return view(caller, records.get(store, caller, ConceptNote, note_id))


@router.patch("/notes/{note_id}", responses=WRITE)
def edit(
    store: Store,
    caller: Caller,
    note_id: str,
    body: NoteUpdate,
) -> NoteView:
    """Edit a draft: its state all of it, its partners the text, places and roles."""
    changes = body.model_dump(exclude_unset=True)
    return view(caller, notes.edit(store, caller, note_id, changes))


@router.post("/notes/{note_id}/submit", responses=WRITE)
def submit(store: Store, caller: Caller, note_id: str) -> NoteView:
    """Submit a draft to its call; `failures` tells what screening will find."""
    return view(caller, notes.submit(store, caller, note_id))


@router.post("/notes/{note_id}/reviews", status_code=201, responses=WRITE)
def score(store: Store, caller: Caller, note_id: str, body: ReviewCreate) -> FundReview:
    """Score an eligible note on the call's criteria, or declare a conflict of interest."""
    return steering.score(store, caller, note_id, body.scores, body.comments, body.conflict)


@router.get("/notes/{note_id}/reviews", responses=problems(404))
def reviews(store: Store, caller: Caller, note_id: str) -> list[FundReview]:
    """The reviews the caller may see: the fund manager all, a reviewer its own."""
    records.get(store, caller, ConceptNote, note_id)
    return [r for r in records.visible(store, caller, FundReview) if r.note == note_id]


@router.post("/notes/{note_id}/decision", responses=WRITE)
def decide(store: Store, caller: Caller, note_id: str, body: FundDecision) -> NoteView:
    """The steering committee funds or declines a scored note, with its reasons."""
    return view(caller, steering.decide(store, caller, note_id, body.funded, body.reason))


@router.post("/notes/{note_id}/status", responses=WRITE)
def move(store: Store, caller: Caller, note_id: str, body: NoteMove) -> NoteView:
    """A funded programme goes into implementation, then closes."""
    return view(caller, steering.move(store, caller, note_id, body.status, body.note))
