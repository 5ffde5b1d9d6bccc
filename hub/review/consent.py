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
from hub.domain.errors import InvalidInput
from hub.review.answers import answerable, give_answer, needs_reason
from hub.store import Store

__all__ = ["consent"]

_CONSENTS = (AnswerKind.ACCEPTED, AnswerKind.DECLINED)


def consent(
    store: Store,
    principal: Principal,
    suggestion_id: str,
    answer: AnswerKind,
    reason: RejectReason | None = None,
    note: str = "",
) -> Suggestion:
    """The requesting state accepts the proposed partner (the coordinator still decides)
    or declines it with a reason (the pairing is withdrawn)."""
    if answer not in _CONSENTS:
        raise InvalidInput(f"answer: a requester accepts or declines, not {answer.value!r}")
    needs_reason(answer, reason)
    suggestion, request = answerable(store, principal, suggestion_id, "requester")
    return give_answer(store, principal, suggestion, request, "requester", answer, reason, note)
