"""A proposed partner's answer to the requests it was proposed for.

A partner sees the pairings that name it as candidate, of requests its role may see
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
from hub.domain.errors import Forbidden, InvalidInput
from hub.domain.keys import Role
from hub.domain.records import Stakeholder, SupportRequest
from hub.review.answers import answerable, give_answer, record_answer
from hub.store import Store, codec, repository

__all__ = ["Proposal", "ask", "decline", "interested", "proposals"]


class Proposal(BaseModel):
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


def _own(
    store: Store, principal: Principal, suggestion_id: str
) -> tuple[Suggestion, SupportRequest]:
    return answerable(store, principal, suggestion_id, Role.PARTNER, lambda s: s.candidate)


def interested(
    store: Store, principal: Principal, suggestion_id: str, note: str = ""
) -> Suggestion:
    """The proposed partner would take the work on; the coordinator still decides."""
    suggestion, request = _own(store, principal, suggestion_id)
    return give_answer(
        store, principal, suggestion, request, "partner", AnswerKind.INTERESTED, note=note
    )


def decline(
    store: Store,
    principal: Principal,
    suggestion_id: str,
    reason: RejectReason,
    note: str = "",
) -> Suggestion:
    """The proposed partner declines: the pairing is withdrawn and never comes back."""
    suggestion, request = _own(store, principal, suggestion_id)
    return give_answer(
        store, principal, suggestion, request, "partner", AnswerKind.DECLINED, reason, note
    )


def ask(store: Store, principal: Principal, suggestion_id: str, text: str) -> Suggestion:
    """The proposed partner asks the coordinators and the requester a question."""
    if not text.strip():
        raise InvalidInput("text: a question cannot be empty")
    suggestion, request = _own(store, principal, suggestion_id)
    question = Question(by=principal.name, at=datetime.now(UTC), text=text)
    return record_answer(
        store,
        principal,
        suggestion,
        request,
        "partner.asked",
        question.text,
        questions=[*suggestion.questions, question],
    )


def _shown(suggestion: Suggestion, stakeholder: str) -> bool:
    """Open and accepted pairings, and those the partner declined itself: a pairing the
    coordinator or the requester turned down is theirs to tell."""
    if suggestion.status is not SuggestionStatus.REJECTED:
        return True
    answer = suggestion.partner_answer
    return (
        answer is not None
        and answer.kind is AnswerKind.DECLINED
        and (suggestion.decided_by == f"{Role.PARTNER.value}:{stakeholder}")
    )


def proposals(store: Store, principal: Principal) -> list[Proposal]:
    """The calling partner's pairings whose requests it may see, by request."""
    require(principal, Role.PARTNER)
    if principal.stakeholder is None:
        raise Forbidden(f"{principal.name} is bound to no stakeholder: it has no proposals")
    sight = Sight(store, principal)
    found = []
    for suggestion in repository.walk(
        store, Suggestion, match={"candidate": principal.stakeholder}
    ):
        node = store.node(suggestion.request)
        if node is None or not sight.sees(node) or not _shown(suggestion, principal.stakeholder):
            continue
        request = codec.from_node(SupportRequest, node)
        asker = store.node(request.requester)
        found.append(
            Proposal(
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
        )
    return sorted(found, key=lambda p: (p.request, p.suggestion))
