"""The requesting Member State's consent to a partner proposed for its own request.

Both sides' words are kept on the suggestion (`requester_answer`, and the coordinator's
decision in `status`, `decided_by`, `note`), and they combine so:

- only a coordinator's accept proposes a partnership; a requester's accept does not,
  it stands beside the pairing in the coordinators' queue (and counts as a mild
  positive for the recommender, like a partner's interest);
- a requester's decline withdraws the pairing as a coordinator's reject does, with its
  reason: it leaves the queue, is never suggested again for that request, and teaches
  the recommender as a reject (`hub.matchmaking.inputs.decisions`);
- either answer may be given while the pairing is open (pending or deferred), an accept
  may become a decline; once decided, by anyone, an answer is a Conflict.
"""

from __future__ import annotations

from hub.access import Principal
from hub.domain.activities import AnswerKind, RejectReason, Suggestion
from hub.domain.keys import Role
from hub.domain.records import SupportRequest
from hub.review.answers import answerable, give_answer
from hub.store import Store

__all__ = ["requester_accept", "requester_decline"]


def requester_accept(
    store: Store, principal: Principal, suggestion_id: str, note: str = ""
) -> Suggestion:
    """The requesting state accepts the proposed partner; the coordinator still decides."""
    suggestion, request = _own(store, principal, suggestion_id)
    return give_answer(
        store, principal, suggestion, request, "requester", AnswerKind.ACCEPTED, note=note
    )


def requester_decline(
    store: Store,
    principal: Principal,
    suggestion_id: str,
    reason: RejectReason,
    note: str = "",
) -> Suggestion:
    """The requesting state declines the proposed partner: the pairing is withdrawn."""
    suggestion, request = _own(store, principal, suggestion_id)
    return give_answer(
        store, principal, suggestion, request, "requester", AnswerKind.DECLINED, reason, note
    )


def _own(
    store: Store, principal: Principal, suggestion_id: str
) -> tuple[Suggestion, SupportRequest]:
    return answerable(store, principal, suggestion_id, Role.MEMBER_STATE, lambda s: s.requester)
