"""The start-up fund from call to decision, through the hub's services, as each role."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from hub import audit, records
from hub.access import PUBLIC, Principal
from hub.demo import load_demo
from hub.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from hub.domain.keys import Role
from hub.fund import eligibility, notes, steering
from hub.fund.records import ConceptNote, FundCall, FundReview, NoteStatus
from hub.store import Store, repository

FUND = Principal(Role.FUND_MANAGER, key="key-fund")
JORDAN = Principal(Role.MEMBER_STATE, "jordan", "key-jordan")
EGYPT = Principal(Role.MEMBER_STATE, "egypt", "key-egypt")
PHILIPPINES = Principal(Role.MEMBER_STATE, "philippines", "key-philippines")
TAMKEEN = Principal(Role.PARTNER, "tamkeen", "key-tamkeen")
ANA = Principal(Role.REVIEWER, key="key-ana")
BEN = Principal(Role.REVIEWER, "oxford-rsc", "key-ben")
ILO_REVIEWER = Principal(Role.REVIEWER, "ilo", "key-ilo-reviewer")
CHAIR = Principal(Role.COORDINATOR, key="key-chair")
TODAY = date.today()

CALL: dict[str, Any] = {
    "title": "Labour mobility and skills, 2026",
    "opens": str(TODAY - timedelta(days=30)),
    "closes": str(TODAY + timedelta(days=30)),
    "budget": 2_000_000,
    "ceiling": 900_000,
    "objectives": [5, 6, 18],
    "regions": ["Asia", "Africa"],
    "criteria": [{"name": "relevance", "weight": 2}, {"name": "feasibility", "weight": 1}],
    "max_per_region": 1,
    "objective_groups": {"decent work": [5, 6], "skills": [18]},
}
REQUESTS = {"jordan": "req-fund-jordan-skills", "egypt": "req-fund-egypt-information"}


@pytest.fixture
def hub(store: Store) -> Store:
    """The demo hub, whose partnerships answer these requests."""
    load_demo(store)
    return store


def ready(store: Store, state: Principal, call: str, budget: float = 800_000) -> ConceptNote:
    assert state.stakeholder is not None
    note = notes.draft(store, state, REQUESTS[state.stakeholder], call)
    return notes.edit(store, state, note.id, {"budget": budget, "endorsed": True})


def test_a_note_goes_from_draft_to_funded_with_every_step_audited(hub: Store) -> None:
    call = notes.create_call(hub, FUND, CALL)
    note = notes.draft(hub, JORDAN, REQUESTS["jordan"], call.id)
    assert note.partners == ["amman-municipality", "ilo", "iom", "tamkeen"]
    assert note.roles["ilo"] == "UN implementing entity" and note.status is NoteStatus.DRAFT
    assert note.title and note.objectives == [5, 6, 18] and note.countries == ["JO"]

    edited = notes.edit(hub, TAMKEEN, note.id, {"summary": "Skills partnership, Amman"})
    assert edited.summary == "Skills partnership, Amman"
    with pytest.raises(Forbidden, match="budget"):
        notes.edit(hub, TAMKEEN, note.id, {"budget": 1})
    with pytest.raises(NotFound):
        notes.edit(hub, EGYPT, note.id, {"title": "Ours now"})
    with pytest.raises(InvalidInput, match="not in the hub"):
        notes.edit(hub, JORDAN, note.id, {"partners": ["ilo", "no-such-agency"]})
    notes.edit(hub, JORDAN, note.id, {"budget": 800_000, "endorsed": True})
    submitted = notes.submit(hub, JORDAN, note.id)
    assert submitted.status is NoteStatus.SUBMITTED and submitted.failures == []
    with pytest.raises(Conflict):
        notes.edit(hub, JORDAN, note.id, {"title": "Late change"})
    with pytest.raises(NotFound):  # reviewers see notes once screened eligible
        records.get(hub, ANA, ConceptNote, note.id)

    notes.close_call(hub, FUND, call.id)
    assert repository.get(hub, ConceptNote, note.id).status is NoteStatus.ELIGIBLE
    steering.score(hub, ANA, note.id, {"relevance": 5, "feasibility": 2}, "strong")
    scored = repository.get(hub, ConceptNote, note.id)
    steering.score(hub, BEN, note.id, {"relevance": 3, "feasibility": 3})
    assert scored.status is NoteStatus.SCORED and scored.score == pytest.approx(4.0)
    assert repository.get(hub, ConceptNote, note.id).score == pytest.approx(3.5)

    proposal = steering.propose(hub, FUND, call.id)
    assert proposal.chosen == [note.id] and proposal.notes[0].chosen
    assert notes.notes(hub, PUBLIC, call=call.id).items == []
    funded = steering.decide(hub, CHAIR, note.id, funded=True, reason="strong, national partner")
    assert funded.status is NoteStatus.FUNDED and funded.decided_by == CHAIR.name
    assert [n.id for n in notes.notes(hub, PUBLIC, call=call.id).items] == [note.id]
    assert records.page(hub, PUBLIC, FundReview).items == []

    logged = [(e.action, e.detail) for e in audit.entries(hub) if e.subject == note.id]
    assert [action for action, _ in logged] == [
        "fund.note.drafted",
        "fund.note.edited",
        "fund.note.edited",
        "fund.note.submitted",
        "fund.note.eligible",
        "fund.review.scored",
        "fund.review.scored",
        "fund.note.funded",
    ]
    assert logged[-1][1] == "strong, national partner"


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"budget": 950_000}, "ceiling"),
        ({"budget": 0}, "ceiling"),
        ({"objectives": [1]}, "objectives"),
        ({"countries": ["JO", "FR"]}, "region"),
        ({"partners": ["iom", "tamkeen"]}, "composition"),
        ({"partners": ["ilo", "iom", "ibero-prami"]}, "composition"),
        ({"endorsed": False}, "endorsement"),
    ],
)
def test_each_rule_says_why_a_note_is_ineligible(
    hub: Store, change: dict[str, Any], rule: str
) -> None:
    call = notes.create_call(hub, FUND, CALL)
    note = ready(hub, JORDAN, call.id)
    notes.edit(hub, JORDAN, note.id, change)
    assert [f.split(":")[0] for f in notes.submit(hub, JORDAN, note.id).failures] == [rule]
    notes.close_call(hub, FUND, call.id)
    screened = repository.get(hub, ConceptNote, note.id)
    assert screened.status is NoteStatus.INELIGIBLE and screened.failures[0].startswith(rule)
    # the parts stored beside the line say it again (the console words them)
    assert eligibility.say(screened.failure_parts) == screened.failures
    with pytest.raises(NotFound):  # reviewers never see an ineligible note
        steering.score(hub, ANA, note.id, {"relevance": 5, "feasibility": 5})


def test_a_note_submitted_outside_the_window_fails_the_window_rule(hub: Store) -> None:
    call = notes.create_call(hub, FUND, CALL)
    note = ready(hub, JORDAN, call.id)
    late = notes.submit(hub, JORDAN, note.id, on=TODAY + timedelta(days=31))
    assert [f.dates for f in late.failure_parts] == [
        [
            TODAY + timedelta(days=31),
            date.fromisoformat(CALL["opens"]),
            date.fromisoformat(CALL["closes"]),
        ]
    ]
    assert late.failures == [
        f"window: submitted on {TODAY + timedelta(days=31)}, outside the call's window"
        f" {CALL['opens']} to {CALL['closes']}"
    ]


def test_conflicts_of_interest_are_enforced_and_not_counted(hub: Store) -> None:
    call = notes.create_call(hub, FUND, CALL)
    note = ready(hub, JORDAN, call.id)
    notes.submit(hub, JORDAN, note.id)
    notes.close_call(hub, FUND, call.id)
    with pytest.raises(Forbidden, match="conflict of interest"):
        steering.score(hub, ILO_REVIEWER, note.id, {"relevance": 5, "feasibility": 5})
    steering.score(hub, ANA, note.id, {}, "I advised the ministry", conflict=True)
    with pytest.raises(Forbidden, match="declared a conflict"):
        steering.score(hub, ANA, note.id, {"relevance": 5, "feasibility": 5})
    assert repository.get(hub, ConceptNote, note.id).status is NoteStatus.ELIGIBLE
    with pytest.raises(InvalidInput, match="every criterion"):
        steering.score(hub, BEN, note.id, {"relevance": 5})
    steering.score(hub, BEN, note.id, {"relevance": 1, "feasibility": 4})
    assert repository.get(hub, ConceptNote, note.id).score == pytest.approx(2.0)
    assert [a.action for a in audit.entries(hub) if a.action.startswith("fund.review")] == [
        "fund.review.conflict",
        "fund.review.scored",
    ]


def test_the_proposal_keeps_balance_and_says_what_it_costs(hub: Store) -> None:
    # Jordan and the Philippines are both in Asia, which may have one funded note
    call = notes.create_call(hub, FUND, {**CALL, "objectives": [], "budget": 1_600_000})
    jordan = ready(hub, JORDAN, call.id, 800_000)
    philippines = notes.draft(hub, PHILIPPINES, "req-fund-philippines-consular", call.id)
    notes.edit(hub, PHILIPPINES, philippines.id, {"budget": 700_000, "endorsed": True})
    notes.submit(hub, JORDAN, jordan.id)
    notes.submit(hub, PHILIPPINES, philippines.id)
    notes.close_call(hub, FUND, call.id)
    steering.score(hub, ANA, jordan.id, {"relevance": 5, "feasibility": 5})
    steering.score(hub, ANA, philippines.id, {"relevance": 4, "feasibility": 4})
    proposal = steering.propose(hub, FUND, call.id)
    assert proposal.chosen == [jordan.id]
    assert sorted(proposal.unconstrained) == sorted([jordan.id, philippines.id])
    assert proposal.balance_cost == pytest.approx(4.0)
    why = {n.note: n.explanation for n in proposal.notes}
    # Jordan alone covers the "decent work" group, so nothing can replace it
    assert why[philippines.id] == "out: no portfolio within budget and balance can hold it"
    assert why[jordan.id] == "in: no balanced portfolio within budget leaves it out"
    assert repository.get(hub, ConceptNote, jordan.id).status is NoteStatus.PROPOSED
    assert repository.get(hub, ConceptNote, philippines.id).status is NoteStatus.SCORED


def test_only_the_steering_committee_decides_and_never_beyond_the_budget(hub: Store) -> None:
    call = notes.create_call(hub, FUND, {**CALL, "budget": 1_000_000})
    jordan = ready(hub, JORDAN, call.id, 600_000)
    egypt = ready(hub, EGYPT, call.id, 600_000)
    notes.submit(hub, JORDAN, jordan.id)
    notes.submit(hub, EGYPT, egypt.id)
    with pytest.raises(Conflict, match="still open"):
        steering.propose(hub, FUND, call.id)
    notes.close_call(hub, FUND, call.id)
    for note in (jordan, egypt):
        steering.score(hub, ANA, note.id, {"relevance": 4, "feasibility": 4})
    for who in (ANA, JORDAN, TAMKEEN):
        with pytest.raises(Forbidden):
            steering.decide(hub, who, jordan.id, funded=True, reason="good")
    with pytest.raises(InvalidInput, match="reason"):
        steering.decide(hub, FUND, jordan.id, funded=True, reason=" ")
    steering.decide(hub, FUND, jordan.id, funded=True, reason="good")
    with pytest.raises(Conflict, match="exceed"):
        steering.decide(hub, FUND, egypt.id, funded=True, reason="also good")
    declined = steering.decide(hub, FUND, egypt.id, funded=False, reason="budget spent")
    assert declined.status is NoteStatus.DECLINED
    with pytest.raises(Conflict):
        steering.decide(hub, FUND, egypt.id, funded=True, reason="changed our minds")


def test_roles_for_calls_and_drafts(hub: Store) -> None:
    for who in (JORDAN, TAMKEEN, ANA, PUBLIC):
        with pytest.raises((Forbidden, Unauthorized)):
            notes.create_call(hub, who, CALL)
    call = notes.create_call(hub, FUND, CALL)
    with pytest.raises(Forbidden):
        notes.draft(hub, TAMKEEN, REQUESTS["jordan"], call.id)
    with pytest.raises(Forbidden):
        notes.draft(hub, FUND, REQUESTS["jordan"], call.id)
    with pytest.raises(NotFound):  # Egypt may not see Jordan's request draft
        notes.submit(hub, EGYPT, ready(hub, JORDAN, call.id).id)
    assert notes.notes(hub, FUND, call=call.id).items == []  # drafts are the state's own
    assert len(notes.notes(hub, TAMKEEN, call=call.id).items) == 1


def test_the_demo_call_is_funded_and_consistent_with_the_rules(store: Store) -> None:
    load_demo(store)
    [call] = repository.list_records(store, FundCall)
    demo = list(repository.list_records(store, ConceptNote))
    reviews = list(repository.list_records(store, FundReview))
    for note in demo:
        assert eligibility.failures(call, note, notes.stakeholders_of(store, note)) == (
            note.failure_parts
        )
        assert eligibility.say(note.failure_parts) == note.failures
        mine = [r for r in reviews if r.note == note.id]
        if mine:
            expected = sum(steering.weighted(call, r) for r in mine) / len(mine)
            assert note.score == pytest.approx(expected)
    public = records.page(store, PUBLIC, ConceptNote).items
    assert {n.status for n in public} == {NoteStatus.FUNDED} and len(public) == 3
    assert sum(n.budget for n in public) <= call.budget


def test_a_funded_programme_goes_into_implementation_then_closes(hub: Store) -> None:
    funded = "note-demo-jordan-skills"
    for who in (JORDAN, ANA):
        with pytest.raises(Forbidden):
            steering.move(hub, who, funded, NoteStatus.IN_IMPLEMENTATION)
    with pytest.raises(Conflict):
        steering.move(hub, FUND, funded, NoteStatus.CLOSED)
    with pytest.raises(Conflict):
        steering.move(hub, FUND, "note-demo-philippines-consular", NoteStatus.IN_IMPLEMENTATION)
    steering.move(hub, FUND, funded, NoteStatus.IN_IMPLEMENTATION, "agreement signed")
    closed = steering.move(hub, CHAIR, funded, NoteStatus.CLOSED, "final report received")
    assert repository.get(hub, ConceptNote, funded) == closed
    assert funded in {n.id for n in notes.notes(hub, PUBLIC).items}
    assert [(e.action, e.detail) for e in audit.entries(hub) if e.subject == funded] == [
        ("fund.note.in_implementation", "agreement signed"),
        ("fund.note.closed", "final report received"),
    ]
