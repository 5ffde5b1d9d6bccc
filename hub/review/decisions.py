"""Deciding on a suggested pairing: accepting one creates a proposed partnership,
rejecting one needs a reason, deferring keeps it for later; each decision is audited
in its own transaction and flows back into the recommender
(`hub.matchmaking.inputs.decisions`)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hub import audit
from hub.access import Principal, require
from hub.domain.activities import (
    Partnership,
    PartnershipStatus,
    RejectReason,
    Suggestion,
    SuggestionStatus,
)
from hub.domain.errors import Conflict
from hub.domain.keys import Role
from hub.domain.records import Confidentiality, Stakeholder, SupportRequest
from hub.review.suggestions import OPEN, pair_id
from hub.store import Store, codec, repository

__all__ = ["accept", "defer", "reject"]


def _decide(
    store: Store, principal: Principal, suggestion_id: str
) -> tuple[Suggestion, SupportRequest]:
    require(principal, Role.COORDINATOR)
    suggestion = repository.get(store, Suggestion, suggestion_id)
    if suggestion.status not in OPEN:
        raise Conflict(
            f"suggestion {suggestion_id!r} was already {suggestion.status.value}"
            f" by {suggestion.decided_by}"
        )
    return suggestion, repository.get(store, SupportRequest, suggestion.request)


def _partnership(store: Store, suggestion: Suggestion, request: SupportRequest) -> Partnership:
    partner = repository.get(store, Stakeholder, suggestion.candidate)
    return Partnership(
        id=pair_id("partnership", request.id, partner.id),
        title=f"{request.title} — {partner.name}"[:500],
        members=[request.requester, partner.id],
        objectives=request.objectives,
        countries=request.countries,
        request=request.id,
        confidential=request.confidentiality is Confidentiality.CONFIDENTIAL,
        status=PartnershipStatus.PROPOSED,
        status_dates={PartnershipStatus.PROPOSED: date.today()},
    )


def _settle(
    store: Store,
    principal: Principal,
    suggestion_id: str,
    status: SuggestionStatus,
    note: str,
    reason: RejectReason | None = None,
) -> tuple[Suggestion, Partnership | None]:
    """Record one decision, the partnership it creates (on accept) and its audit entry."""
    suggestion, request = _decide(store, principal, suggestion_id)
    created = (
        _partnership(store, suggestion, request) if status is SuggestionStatus.ACCEPTED else None
    )
    decided = suggestion.model_copy(
        update={
            "status": status,
            "reason": reason,
            "note": note,
            "decided_by": principal.name,
            "decided_at": datetime.now(UTC),
            "partnership": created.id if created else None,
        }
    )
    detail = f"{reason.value}: {note}".rstrip(": ") if reason else note
    with store.batch() as writer:
        if created is not None:
            codec.write(writer, created)
        codec.write(writer, decided)
        audit.log(
            writer,
            principal.name,
            f"suggestion.{status.value}",
            suggestion_id,
            detail,
            request.id,
            request.requester,
        )
    return decided, created


def accept(store: Store, principal: Principal, suggestion_id: str, note: str = "") -> Partnership:
    """Accept a pairing: it becomes a proposed partnership between state and partner."""
    _, created = _settle(store, principal, suggestion_id, SuggestionStatus.ACCEPTED, note)
    assert created is not None  # accepting always creates one
    return created


def reject(
    store: Store,
    principal: Principal,
    suggestion_id: str,
    reason: RejectReason,
    note: str = "",
) -> Suggestion:
    """Reject a pairing for one of the fixed reasons, with free text."""
    return _settle(store, principal, suggestion_id, SuggestionStatus.REJECTED, note, reason)[0]


def defer(store: Store, principal: Principal, suggestion_id: str, note: str = "") -> Suggestion:
    """Keep a pairing in the queue for later; it can still be accepted or rejected."""
    return _settle(store, principal, suggestion_id, SuggestionStatus.DEFERRED, note)[0]
