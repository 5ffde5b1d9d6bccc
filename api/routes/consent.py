"""Two-sided review: the requesting Member State's consent to a proposed partner, and
the proposed partner's proposals and answers (`hub.review.consent`, `.responses`)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Caller, Store
from api.errors import problems
from api.schemas import Limit, Page
from api.schemas.consent import ConsentBody, QuestionBody, ResponseBody
from hub import review
from hub.domain.activities import AnswerKind, Suggestion

__all__ = ["router"]

router = APIRouter(tags=["review"], responses=problems(401, 503))

ANSWERED = problems(400, 403, 404, 409, 413, 422)


@router.post("/suggestions/{suggestion_id}/consent", responses=ANSWERED)
def consent(store: Store, caller: Caller, suggestion_id: str, body: ConsentBody) -> Suggestion:
    """The requesting Member State accepts a proposed partner (the coordinator still
    decides) or declines it with a reason (the pairing is withdrawn for good)."""
    return review.consent(
        store, caller, suggestion_id, AnswerKind(body.answer), body.reason, body.note
    )


@router.get("/proposals", responses=problems(403, 422))
def list_proposals(
    store: Store, caller: Caller, cursor: str | None = None, limit: Limit = 50
) -> Page[review.PartnerProposal]:
    """The requests the calling partner was proposed for, as far as its role may see
    them, with its own answers."""
    items, next_cursor = review.proposals(store, caller, cursor=cursor, limit=limit)
    return Page[review.PartnerProposal](items=items, next_cursor=next_cursor)


@router.get("/proposals/{suggestion_id}", responses=problems(403, 404))
def get_proposal(store: Store, caller: Caller, suggestion_id: str) -> review.PartnerProposal:
    """One request the calling partner was proposed for, with its own answers."""
    return review.proposal(store, caller, suggestion_id)


@router.post("/suggestions/{suggestion_id}/response", responses=ANSWERED)
def respond(
    store: Store, caller: Caller, suggestion_id: str, body: ResponseBody
) -> review.PartnerProposal:
    """The proposed partner is interested (the coordinator still decides) or declines
    with a reason (the pairing is withdrawn and never suggested again)."""
    return review.respond(
        store, caller, suggestion_id, AnswerKind(body.answer), body.reason, body.note
    )


@router.post("/suggestions/{suggestion_id}/questions", status_code=201, responses=ANSWERED)
def ask(
    store: Store, caller: Caller, suggestion_id: str, body: QuestionBody
) -> review.PartnerProposal:
    """The proposed partner asks the coordinators and the requester a question."""
    return review.ask(store, caller, suggestion_id, body.text)
