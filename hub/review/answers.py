"""What the requester's consent and the partner's response share: finding the open
pairing a caller may answer for its own side, and writing the answer with its audit
entry (and so its outbox event) in one transaction."""

from __future__ import annotations

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

__all__ = ["SIDE_ROLES", "answerable", "give_answer", "needs_reason", "record_answer"]

SIDE_ROLES: dict[str, tuple[Role, ...]] = {
    "requester": (Role.MEMBER_STATE,),
    "candidate": (Role.PARTNER, Role.MEMBER_STATE),
}
"""The keys that may answer for each side of a pairing, when bound to that side's
stakeholder: any stakeholder may be proposed, a donor state too, and its own key speaks
for it. Staff keys are bound to no stakeholder, and a reviewer's binding marks whose
notes it must not score, not whom it speaks for."""


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
    side: Literal["requester", "candidate"],
) -> tuple[Suggestion, SupportRequest]:
    """The open suggestion whose `side` is the caller's stakeholder, and its request; a
    decided one is a Conflict. A pairing whose request the caller may not see is as
    missing as none, and so is another's pairing to a caller who may not see it (who
    else was proposed is not a partner's to know); one it sees but is not its side of
    (another state's request, or its own when it tries the candidate's side) is
    Forbidden."""
    roles = SIDE_ROLES[side]
    require(principal, *roles)
    if principal.role not in roles or principal.stakeholder is None:
        wanted = " or ".join(role.value for role in roles)
        raise Forbidden(
            f"{principal.name} may not answer as the {side}: that takes a {wanted} key"
            " bound to its stakeholder"
        )
    suggestion = repository.get(store, Suggestion, suggestion_id)
    request = store.node(suggestion.request)
    mine = getattr(suggestion, side) == principal.stakeholder
    sight = Sight(store, principal)
    if (
        request is None
        or not sight.sees(request)
        or (not mine and side == "candidate" and not _sees_pairing(store, sight, suggestion))
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


def _sees_pairing(store: Store, sight: Sight, suggestion: Suggestion) -> bool:
    node = store.node(suggestion.id)
    return node is not None and sight.sees(node)


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
