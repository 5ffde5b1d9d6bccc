"""A proposed partner's answer to the requests it was proposed for.

The candidate's own key answers: a partner's, or a Member State's when a state (a
donor, say) was proposed (`answers.SIDE_ROLES`). It sees the pairings that name it as
candidate, of requests its role may see
(a confidential request stays hidden, so its pairing can be neither listed nor
answered), and never a coordinator's note or a requester's word. It may say it is
interested (a mild positive for the recommender, the pairing stays in the queue),
decline with one of the fixed reasons and free text (the pairing is withdrawn as a
reject and excluded for that request), or ask the coordinators and the requester a
question. Each answer is audited with its outbox event in the same transaction.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict

from hub.access import Principal, Sight, require
from hub.domain.activities import (
    Answer,
    AnswerKind,
    Question,
    RejectReason,
    Suggestion,
    SuggestionStatus,
)
from hub.domain.errors import Forbidden, InvalidInput, NotFound
from hub.domain.records import Stakeholder, SupportRequest
from hub.review.answers import (
    SIDE_ROLES,
    answerable,
    give_answer,
    needs_reason,
    record_answer,
)
from hub.store import Store, codec, repository

__all__ = ["PartnerProposal", "ask", "proposal", "proposals", "respond"]


class PartnerProposal(BaseModel):
    """A pairing as its proposed partner reads it: the request, and its own answers."""

    model_config = ConfigDict(frozen=True)

    suggestion: str
    request: str
    title: str
    text: str
    requester: str
    requester_name: str
    objectives: list[int]
    countries: list[str]
    shared_objectives: list[int]
    status: SuggestionStatus
    answer: Answer | None
    questions: list[Question]


_RESPONSES = (AnswerKind.INTERESTED, AnswerKind.DECLINED)


def _own(
    store: Store, principal: Principal, suggestion_id: str
) -> tuple[Suggestion, SupportRequest]:
    return answerable(store, principal, suggestion_id, "candidate")


def respond(
    store: Store,
    principal: Principal,
    suggestion_id: str,
    answer: AnswerKind,
    reason: RejectReason | None = None,
    note: str = "",
) -> PartnerProposal:
    """The proposed partner is interested (the coordinator still decides) or declines
    with a reason (the pairing is withdrawn and never comes back for that request)."""
    if answer not in _RESPONSES:
        raise InvalidInput(f"answer: a partner is interested or declines, not {answer.value!r}")
    needs_reason(answer, reason)
    suggestion, request = _own(store, principal, suggestion_id)
    answered = give_answer(store, principal, suggestion, request, "partner", answer, reason, note)
    return _proposal(store, answered, request)


def ask(store: Store, principal: Principal, suggestion_id: str, text: str) -> PartnerProposal:
    """The proposed partner asks the coordinators and the requester a question."""
    if not text.strip():
        raise InvalidInput("text: a question cannot be empty")
    suggestion, request = _own(store, principal, suggestion_id)
    question = Question(by=principal.name, at=datetime.now(UTC), text=text)
    asked = record_answer(
        store,
        principal,
        suggestion,
        request,
        "partner.asked",
        question.text,
        questions=[*suggestion.questions, question],
    )
    return _proposal(store, asked, request)


def _shown(suggestion: Suggestion, principal: Principal) -> bool:
    """Open and accepted pairings, and those the candidate declined itself: a pairing the
    coordinator or the requester turned down is theirs to tell."""
    if suggestion.status is not SuggestionStatus.REJECTED:
        return True
    answer = suggestion.partner_answer
    return (
        answer is not None
        and answer.kind is AnswerKind.DECLINED
        and suggestion.decided_by == principal.name
    )


def proposals(
    store: Store, principal: Principal, *, cursor: str | None = None, limit: int = 50
) -> tuple[list[PartnerProposal], str | None]:
    """Up to `limit` of the calling partner's pairings whose requests it may see, in
    suggestion id order (so by request) after `cursor`, and the next cursor if more."""
    stakeholder = _candidate(principal)
    sight = Sight(store, principal)
    found: list[PartnerProposal] = []
    mine = repository.walk(store, Suggestion, after=cursor, match={"candidate": stakeholder})
    for suggestion in mine:
        node = store.node(suggestion.request)
        if node is None or not sight.sees(node) or not _shown(suggestion, principal):
            continue
        if len(found) == limit:
            return found, found[-1].suggestion
        found.append(_proposal(store, suggestion, codec.from_node(SupportRequest, node)))
    return found, None


def proposal(store: Store, principal: Principal, suggestion_id: str) -> PartnerProposal:
    """One pairing as its proposed partner reads it; any other is not found."""
    stakeholder = _candidate(principal)
    suggestion = repository.get(store, Suggestion, suggestion_id)
    node = store.node(suggestion.request)
    if (
        suggestion.candidate != stakeholder
        or node is None
        or not Sight(store, principal).sees(node)
        or not _shown(suggestion, principal)
    ):
        raise NotFound(f"no Suggestion with id {suggestion_id!r}")  # as if there were none
    return _proposal(store, suggestion, codec.from_node(SupportRequest, node))


def _candidate(principal: Principal) -> str:
    """The caller's stakeholder: only a key bound to one that may be proposed has proposals."""
    roles = SIDE_ROLES["candidate"]
    require(principal, *roles)
    if principal.role not in roles or principal.stakeholder is None:
        raise Forbidden(f"{principal.name} is no stakeholder's key: it has no proposals")
    return principal.stakeholder


def _proposal(store: Store, suggestion: Suggestion, request: SupportRequest) -> PartnerProposal:
    asker = store.node(request.requester)
    return PartnerProposal(
        suggestion=suggestion.id,
        request=request.id,
        title=request.title,
        text=request.text,
        requester=request.requester,
        requester_name=codec.from_node(Stakeholder, asker).name if asker else "",
        objectives=request.objectives,
        countries=request.countries,
        shared_objectives=suggestion.shared_objectives,
        status=suggestion.status,
        answer=suggestion.partner_answer,
        questions=suggestion.questions,
    )
