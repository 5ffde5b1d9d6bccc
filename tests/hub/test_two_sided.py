"""Two-sided review: the requester's consent and the proposed partner's response, how
they combine with the coordinator's decision, who may give them, what they teach the
recommender and who hears of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hub import audit, review
from hub.access import Principal
from hub.demo import load_demo
from hub.domain.activities import AnswerKind, RejectReason, Suggestion, SuggestionStatus
from hub.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from hub.domain.keys import Role
from hub.domain.records import Confidentiality, Stakeholder, StakeholderKind, SupportRequest
from hub.matchmaking.inputs import decisions
from hub.notifications.inbox import inbox
from hub.notifications.ledger import Ledger
from hub.store import Store, repository
from tests.store_support import put

OPEN_REQUEST = "req-ethiopia-reintegration"
SECRET_REQUEST = "req-somalia-legal-identity"
AMINA = Principal(Role.COORDINATOR, key="key-amina")
ETHIOPIA = Principal(Role.MEMBER_STATE, "ethiopia", "key-ethiopia")
SOMALIA = Principal(Role.MEMBER_STATE, "somalia", "key-somalia")
ACCEPTED, INTERESTED, DECLINED = AnswerKind.ACCEPTED, AnswerKind.INTERESTED, AnswerKind.DECLINED


def partner(suggestion: Suggestion) -> Principal:
    return Principal(Role.PARTNER, suggestion.candidate, f"key-{suggestion.candidate}")


@pytest.fixture
def queued(store: Store) -> list[Suggestion]:
    load_demo(store)
    return review.queue_suggestions(store, AMINA, OPEN_REQUEST, n=4)


def test_a_requester_accept_is_recorded_and_the_coordinator_still_decides(
    store: Store, queued: list[Suggestion]
) -> None:
    consented = review.consent(store, ETHIOPIA, queued[0].id, ACCEPTED, note="we know them")
    assert consented.status is SuggestionStatus.PENDING
    answer = consented.requester_answer
    assert answer is not None
    assert (answer.kind, answer.by, answer.note) == (
        AnswerKind.ACCEPTED,
        "member_state:ethiopia",
        "we know them",
    )
    pending = review.queue(store, AMINA).items
    assert next(s for s in pending if s.id == queued[0].id).requester_answer == answer
    partnership = review.accept(store, AMINA, queued[0].id, "agreed")
    both = repository.get(store, Suggestion, queued[0].id)
    assert both.partnership == partnership.id and both.requester_answer == answer
    assert both.decided_by == AMINA.name
    actions = [e.action for e in audit.entries(store, request=OPEN_REQUEST)]
    assert actions[-2:] == ["suggestion.requester_accepted", "suggestion.accepted"]


def test_a_requester_decline_withdraws_the_pair_for_good(
    store: Store, queued: list[Suggestion]
) -> None:
    declined = review.consent(
        store, ETHIOPIA, queued[1].id, DECLINED, RejectReason.CONFLICT_OF_INTEREST, "a dispute"
    )
    assert (declined.status, declined.reason, declined.decided_by) == (
        SuggestionStatus.REJECTED,
        RejectReason.CONFLICT_OF_INTEREST,
        "member_state:ethiopia",
    )
    assert queued[1].id not in {s.id for s in review.queue(store, AMINA).items}
    again = review.queue_suggestions(store, AMINA, OPEN_REQUEST, n=4)
    assert queued[1].candidate not in {s.candidate for s in again}
    assert {(d.candidate, d.accepted, d.reason) for d in decisions(store)} == {
        (queued[1].candidate, False, "conflict_of_interest")
    }
    with pytest.raises(Conflict, match="already rejected by member_state:ethiopia"):
        review.accept(store, AMINA, queued[1].id)
    [entry] = [e for e in audit.entries(store) if e.action == "suggestion.requester_declined"]
    assert entry.detail == "conflict_of_interest: a dispute"


def test_only_the_requesting_state_may_consent(store: Store, queued: list[Suggestion]) -> None:
    with pytest.raises(Forbidden, match="not 'somalia''s to answer"):
        review.consent(store, SOMALIA, queued[0].id, ACCEPTED)
    with pytest.raises(Forbidden, match="may not do this"):
        review.consent(store, AMINA, queued[0].id, ACCEPTED)
    with pytest.raises(Forbidden, match="may not do this"):
        review.consent(store, partner(queued[0]), queued[0].id, ACCEPTED)
    secret = review.queue_suggestions(store, AMINA, SECRET_REQUEST, n=1)[0]
    with pytest.raises(NotFound, match=secret.id):  # a hidden request's pairing is no pairing
        review.consent(store, ETHIOPIA, secret.id, ACCEPTED)
    assert review.consent(store, SOMALIA, secret.id, ACCEPTED).requester_answer is not None


def test_a_partner_sees_only_the_proposals_its_role_may_see(
    store: Store, queued: list[Suggestion]
) -> None:
    secret = review.queue_suggestions(store, AMINA, SECRET_REQUEST, n=4)
    for suggestion in queued:
        found = review.proposals(store, partner(suggestion))[0]
        assert suggestion.id in {p.suggestion for p in found}
        assert all(p.request != SECRET_REQUEST for p in found)
    shown = review.proposal(store, partner(queued[0]), queued[0].id)
    assert (shown.requester, shown.requester_name) == ("ethiopia", "Ethiopia")
    with pytest.raises(NotFound):
        review.respond(store, partner(secret[0]), secret[0].id, INTERESTED)
    with pytest.raises(NotFound, match=queued[1].id):  # who else was proposed is not its business
        review.respond(store, partner(queued[0]), queued[1].id, INTERESTED)
    assert review.proposals(store, ETHIOPIA) == ([], None)  # a state proposed for nothing
    with pytest.raises(Forbidden, match="may not do this"):
        review.proposals(store, AMINA)


def test_each_side_gives_only_its_own_answers_and_a_decline_says_why(
    store: Store, queued: list[Suggestion]
) -> None:
    keen = partner(queued[0])
    with pytest.raises(InvalidInput, match="answer: a requester accepts or declines"):
        review.consent(store, ETHIOPIA, queued[0].id, INTERESTED)
    with pytest.raises(InvalidInput, match="answer: a partner is interested or declines"):
        review.respond(store, keen, queued[0].id, ACCEPTED)
    with pytest.raises(InvalidInput, match="reason: a decline needs one of"):
        review.respond(store, keen, queued[0].id, DECLINED)
    with pytest.raises(InvalidInput, match="reason: only a decline has one"):
        review.consent(store, ETHIOPIA, queued[0].id, ACCEPTED, RejectReason.OTHER)
    assert repository.get(store, Suggestion, queued[0].id) == queued[0]


def test_a_partner_answers_interest_questions_and_declines(
    store: Store, queued: list[Suggestion]
) -> None:
    keen, asking, leaving = (partner(s) for s in queued[:3])
    review.respond(store, keen, queued[0].id, INTERESTED, note="ready in May")
    review.ask(store, asking, queued[1].id, "Which regions first?")
    with pytest.raises(InvalidInput, match="text"):
        review.ask(store, asking, queued[1].id, "  ")
    review.respond(store, leaving, queued[2].id, DECLINED, RejectReason.NO_CAPACITY, "full")
    with pytest.raises(Conflict, match="already rejected"):
        review.respond(store, leaving, queued[2].id, INTERESTED)
    learned = {(d.candidate, d.accepted, d.interest, d.reason) for d in decisions(store)}
    assert learned == {
        (queued[0].candidate, True, True, None),
        (queued[2].candidate, False, False, "no_capacity"),
    }
    [asked] = repository.get(store, Suggestion, queued[1].id).questions
    assert (asked.by, asked.text) == (asking.name, "Which regions first?")
    [declined] = [p for p in review.proposals(store, leaving)[0] if p.suggestion == queued[2].id]
    assert declined.answer is not None and declined.answer.reason is RejectReason.NO_CAPACITY
    review.reject(store, AMINA, queued[1].id, RejectReason.OTHER, "internal: weak profile")
    mine = [p.suggestion for p in review.proposals(store, keen)[0]]
    pages = review.proposals(store, keen, limit=1)
    assert pages == ([review.proposal(store, keen, mine[0])], mine[0] if mine[1:] else None)
    assert queued[1].id not in {p.suggestion for p in review.proposals(store, asking)[0]}
    with pytest.raises(NotFound, match="no Suggestion"):
        review.proposal(store, asking, queued[1].id)


def test_answers_reach_the_coordinators_and_the_requester_not_the_partner(
    store: Store, queued: list[Suggestion], tmp_path: Path
) -> None:
    ledger = Ledger(tmp_path / "notify.db")
    keen = partner(queued[0])
    review.respond(store, keen, queued[0].id, INTERESTED)
    review.ask(store, keen, queued[0].id, "When does it start?")
    review.consent(store, ETHIOPIA, queued[0].id, ACCEPTED)
    review.reject(store, AMINA, queued[1].id, RejectReason.OTHER, "internal note")
    try:
        seen = {
            who: {n.type: n.data for n in inbox(store, ledger, principal)}
            for who, principal in (("staff", AMINA), ("state", ETHIOPIA), ("partner", keen))
        }
    finally:
        ledger.close()
    mine = {"partner.interested", "partner.asked", "suggestion.requester_accepted"}
    assert mine <= set(seen["staff"]) and mine <= set(seen["state"])
    assert seen["state"]["partner.asked"]["summary"] == "When does it start?"
    assert "summary" not in seen["state"]["suggestion.rejected"]
    assert not mine & set(seen["partner"])


def test_requeueing_keeps_what_both_sides_said(store: Store, queued: list[Suggestion]) -> None:
    review.consent(store, ETHIOPIA, queued[0].id, ACCEPTED, note="yes")
    review.ask(store, partner(queued[0]), queued[0].id, "How long?")
    kept = repository.get(store, Suggestion, queued[0].id)
    again = {s.id: s for s in review.queue_suggestions(store, AMINA, OPEN_REQUEST, n=4)}
    assert again[queued[0].id].requester_answer == kept.requester_answer
    assert again[queued[0].id].questions == kept.questions


STATE = Principal(Role.MEMBER_STATE, "state-x", "key-state-x")
OFFERING = Principal(Role.PARTNER, "partner-y", "key-partner-y")
_STEPS: dict[str, Callable[[Store, str], object]] = {
    "state accepts": lambda store, s: review.consent(store, STATE, s, ACCEPTED),
    "state declines": lambda store, s: review.consent(
        store, STATE, s, DECLINED, RejectReason.NOT_IN_REGION
    ),
    "partner interested": lambda store, s: review.respond(store, OFFERING, s, INTERESTED),
    "partner declines": lambda store, s: review.respond(
        store, OFFERING, s, DECLINED, RejectReason.NO_CAPACITY
    ),
    "partner asks": lambda store, s: review.ask(store, OFFERING, s, "When?"),
    "coordinator accepts": lambda store, s: review.accept(store, AMINA, s),
    "coordinator rejects": lambda store, s: review.reject(store, AMINA, s, RejectReason.OTHER),
    "coordinator defers": lambda store, s: review.defer(store, AMINA, s),
}
_DECIDING = {"state declines", "partner declines", "coordinator accepts", "coordinator rejects"}


@given(st.lists(st.sampled_from(sorted(_STEPS)), max_size=6))
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_first_decline_or_decision_settles_the_pair_and_the_rest_conflict(
    store: Store, steps: list[str]
) -> None:
    """Answers and decisions in any order: the first accept, reject or decline decides,
    every later answer is a Conflict, a partnership exists only after a coordinator's
    accept, and the recommender learns one thing of the pair."""
    if store.node("state-x") is None:
        put(
            store,
            Stakeholder(id="state-x", name="State X", kind=StakeholderKind.MEMBER_STATE),
            Stakeholder(id="partner-y", name="Partner Y", kind=StakeholderKind.NGO),
            SupportRequest(
                id="req-x",
                requester="state-x",
                title="Registry",
                confidentiality=Confidentiality.OPEN_TO_PARTNERS,
            ),
        )
    pair = Suggestion(
        id=review.suggestion_id("req-x", "partner-y"),
        request="req-x",
        requester="state-x",
        candidate="partner-y",
        rank=1,
        score=1.0,
    )
    put(store, pair)  # afresh for each example
    settled = None
    for step in steps:
        if settled is not None:
            with pytest.raises(Conflict):
                _STEPS[step](store, pair.id)
            continue
        _STEPS[step](store, pair.id)
        settled = step if step in _DECIDING else None
    stored = repository.get(store, Suggestion, pair.id)
    assert (stored.partnership is not None) == (settled == "coordinator accepts")
    assert (stored.status is SuggestionStatus.REJECTED) == (
        settled in _DECIDING - {"coordinator accepts"}
    )
    learned = [(d.accepted, d.interest) for d in decisions(store) if d.candidate == "partner-y"]
    said_yes = {"state accepts", "partner interested"} & set(
        steps[: steps.index(settled)] if settled else steps
    )
    expected = (
        [(True, False)]
        if settled == "coordinator accepts"
        else [(False, False)]
        if settled
        else [(True, True)]
        if said_yes
        else []
    )
    assert learned == expected
