"""What the requester's consent and the partner's response share: finding the open
pairing a caller may answer for its own side, and writing the answer with its audit
entry (and so its outbox event) in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Literal

from hub import audit
from hub.access import Principal, Sight, require
from hub.domain.activities import Answer, AnswerKind, RejectReason, Suggestion, SuggestionStatus
from hub.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from hub.domain.keys import Role
from hub.domain.records import SupportRequest
from hub.review.suggestions import OPEN
from hub.store import Store, codec, repository

__all__ = ["answerable", "give_answer", "needs_reason", "record_answer"]


def needs_reason(answer: AnswerKind, reason: RejectReason | None) -> None:
    """A decline says why, in one of the fixed reasons; any other answer gives none."""
    if answer is AnswerKind.DECLINED and reason is None:
        choices = ", ".join(r.value for r in RejectReason)
        raise InvalidInput(f"reason: a decline needs one of {choices}")
    if answer is not AnswerKind.DECLINED and reason is not None:
        raise InvalidInput(f"reason: only a decline has one, not {answer.value!r}")


def answerable(
    store: Store,
    principal: Principal,
    suggestion_id: str,
    role: Role,
    side: Callable[[Suggestion], str],
) -> tuple[Suggestion, SupportRequest]:
    """The open suggestion whose `side` (its requester or its candidate) is the caller's
    stakeholder, and its request; a decided one is a Conflict. A pairing whose request
    the caller may not see is as missing as none, and so is another's to a partner (who
    else was proposed is not its to know); another state's is Forbidden to a state."""
    require(principal, role)
    if principal.role is not role or principal.stakeholder is None:
        raise Forbidden(
            f"{principal.name} may not answer for a {role.value}: that takes a {role.value}"
            " key bound to its stakeholder"
        )
    suggestion = repository.get(store, Suggestion, suggestion_id)
    request = store.node(suggestion.request)
    mine = side(suggestion) == principal.stakeholder
    if (
        request is None
        or not Sight(store, principal).sees(request)
        or (not mine and role is Role.PARTNER)
    ):
        raise NotFound(f"no Suggestion with id {suggestion_id!r}")  # as repository.get says
    if not mine:
        raise Forbidden(
            f"suggestion {suggestion_id!r} is not {principal.stakeholder!r}'s to answer:"
            f" it pairs request {suggestion.request!r} of {suggestion.requester!r}"
            f" with {suggestion.candidate!r}"
        )
    if suggestion.status not in OPEN:
        raise Conflict(
            f"suggestion {suggestion_id!r} was already {suggestion.status.value}"
            f" by {suggestion.decided_by}"
        )
    return suggestion, codec.from_node(SupportRequest, request)


def record_answer(
    store: Store,
    principal: Principal,
    suggestion: Suggestion,
    request: SupportRequest,
    action: str,
    detail: str,
    **changes: Any,
) -> Suggestion:
    """Write the suggestion with `changes` and its audit entry, in one transaction."""
    answered = suggestion.model_copy(update=changes)
    with store.batch() as writer:
        codec.write(writer, answered)
        audit.log(
            writer, principal.name, action, suggestion.id, detail, request.id, request.requester
        )
    return answered


def give_answer(
    store: Store,
    principal: Principal,
    suggestion: Suggestion,
    request: SupportRequest,
    side: Literal["requester", "partner"],
    kind: AnswerKind,
    reason: RejectReason | None = None,
    note: str = "",
) -> Suggestion:
    """Record one side's answer, audited as `<side's action>_<kind>`; a decline
    withdraws the pairing as a reject with its reason, decided by the decliner."""
    answer = Answer(kind=kind, by=principal.name, at=datetime.now(UTC), reason=reason, note=note)
    changes: dict[str, Any] = {f"{side}_answer": answer}
    if kind is AnswerKind.DECLINED:
        changes |= {
            "status": SuggestionStatus.REJECTED,
            "reason": reason,
            "decided_by": answer.by,
            "decided_at": answer.at,
        }
    action = (
        f"suggestion.requester_{kind.value}" if side == "requester" else f"partner.{kind.value}"
    )
    detail = f"{reason.value}: {note}".rstrip(": ") if reason else note
    return record_answer(store, principal, suggestion, request, action, detail, **changes)
