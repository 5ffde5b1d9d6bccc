"""Any stakeholder may be proposed, a donor state too: the candidate's own key answers
for its own pairing, whatever role it carries, and hears that it was proposed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from hub import review
from hub.access import Principal
from hub.demo import load_demo
from hub.domain.activities import AnswerKind, RejectReason, Suggestion, SuggestionStatus
from hub.domain.errors import Forbidden, NotFound
from hub.domain.keys import Role
from hub.notifications import events, inbox
from hub.notifications.ledger import Ledger
from hub.store import Store, codec

REQUEST = "req-ethiopia-reintegration"
GERMANY = Principal(Role.MEMBER_STATE, "germany", "key-germany")
"""A donor state's own key: the role its stakeholder's kind gives it."""


@pytest.fixture
def pair(store: Store) -> Suggestion:
    """Germany proposed for Ethiopia's request, written as a queueing writes it."""
    load_demo(store)
    suggestion = Suggestion(
        id=review.suggestion_id(REQUEST, "germany"),
        request=REQUEST,
        requester="ethiopia",
        candidate="germany",
        rank=1,
        score=0.9,
    )
    with store.batch() as writer:
        codec.write(writer, suggestion)
        events.record_proposed(
            writer, datetime.now(UTC), suggestion.id, REQUEST, "ethiopia", "germany"
        )
    return suggestion


def test_a_proposed_state_reads_hears_and_answers_with_its_own_key(
    store: Store, pair: Suggestion, tmp_path: Path
) -> None:
    (listed,), _ = review.proposals(store, GERMANY)
    assert (listed.suggestion, listed.requester) == (pair.id, "ethiopia")
    with Ledger(tmp_path / "notify.db") as ledger:
        (notice,) = inbox.inbox(store, ledger, GERMANY)
    assert (notice.type, notice.data["candidate"]) == (events.PROPOSED, "germany")
    keen = review.respond(store, GERMANY, pair.id, AnswerKind.INTERESTED, note="co-fund")
    assert keen.answer is not None and keen.answer.by == "member_state:germany"
    asked = review.ask(store, GERMANY, pair.id, "Which districts?")
    assert [q.by for q in asked.questions] == ["member_state:germany"]
    gone = review.respond(store, GERMANY, pair.id, AnswerKind.DECLINED, RejectReason.NO_CAPACITY)
    assert gone.status is SuggestionStatus.REJECTED
    # its own decline stays on its page, as a partner's does
    assert [p.suggestion for p in review.proposals(store, GERMANY)[0]] == [pair.id]


@pytest.mark.parametrize(
    ("caller", "refused"),
    [
        (Principal(Role.MEMBER_STATE, "ethiopia", "key-ethiopia"), Forbidden),  # the requester
        (Principal(Role.MEMBER_STATE, "morocco", "key-morocco"), NotFound),  # a bystander
        (Principal(Role.PARTNER, "iom", "key-iom"), NotFound),
        (Principal(Role.REVIEWER, "germany", "key-reviewer"), Forbidden),  # bound, not its voice
        (Principal(Role.COORDINATOR, key="key-amina"), Forbidden),
    ],
)
def test_no_other_key_answers_for_the_candidate(
    store: Store, pair: Suggestion, caller: Principal, refused: type[Exception]
) -> None:
    with pytest.raises(refused):
        review.respond(store, caller, pair.id, AnswerKind.INTERESTED)
    with pytest.raises(refused):
        review.ask(store, caller, pair.id, "May we?")
    assert review.proposal(store, GERMANY, pair.id).answer is None
