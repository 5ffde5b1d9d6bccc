"""Regional synergies: states asking for alike things are grouped, with what they share."""

from __future__ import annotations

from matching.profiles import Query
from matching.synergies import group_states, joint_query


def ask(state: str, text: str, objectives: tuple[int, ...], country: str) -> Query:
    return Query(f"req-{state}", text, countries=(country,), objectives=objectives, requester=state)


REQUESTS = [
    ask(
        "jordan",
        "fair recruitment of migrant domestic workers and labour inspection",
        (6, 18),
        "JO",
    ),
    ask("kuwait", "protection of domestic workers, fair recruitment fees", (6, 7), "KW"),
    ask("qatar", "recruitment fees and wage protection for migrant workers", (6,), "QA"),
    ask("lebanon", "primary health care services for migrants and refugees", (15,), "LB"),
    ask("iraq", "health services and primary care in host communities", (15, 16), "IQ"),
    ask("yemen", "remittance costs and mobile money", (20,), "YE"),
]


def test_states_with_alike_requests_are_grouped_with_what_they_share() -> None:
    groups = group_states(REQUESTS)
    found = {g.states: g for g in groups}
    assert set(found) == {("jordan", "kuwait", "qatar"), ("iraq", "lebanon")}
    labour = found[("jordan", "kuwait", "qatar")]
    assert labour.shared_objectives == (6,)
    assert "recruitment" in labour.terms
    assert 0 < labour.cohesion <= 1
    assert found[("iraq", "lebanon")].shared_objectives == (15,)


def test_joint_query_spans_the_group() -> None:
    group = next(g for g in group_states(REQUESTS) if "jordan" in g.states)
    query = joint_query(group, REQUESTS)
    assert query.countries == ("JO", "KW", "QA")
    assert query.objectives == (6,)
    assert query.requester is None


def test_one_state_makes_no_group() -> None:
    assert group_states(REQUESTS[:1]) == []
