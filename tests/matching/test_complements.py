"""Requests of two groups that complement each other: a known answer, and the rules."""

from __future__ import annotations

from matching.complements import complements
from matching.profiles import Query

ORIGIN = frozenset({"NP", "BD"})
DESTINATION = frozenset({"QA", "SA"})


def ask(id_: str, requester: str, objectives: tuple[int, ...], *countries: str) -> Query:
    return Query(
        id=id_,
        text=f"support on fair recruitment and wages {id_}",
        objectives=objectives,
        countries=countries,
        requester=requester,
    )


def test_corridor_pairs_come_first_and_unrelated_requests_never_pair() -> None:
    nepal = ask("nepal-skills", "nepal", (6, 18), "NP")
    bangladesh = ask("bangladesh-pensions", "bangladesh", (22,), "BD")
    qatar = ask("qatar-recruitment", "qatar", (6,), "QA", "NP")
    saudi = ask("saudi-wages", "saudi", (6, 22), "SA")
    found = complements([nepal, bangladesh], [qatar, saudi], ORIGIN, DESTINATION)
    pairs = [(p.first, p.second) for p in found]
    assert pairs[0] == ("nepal-skills", "qatar-recruitment") and found[0].corridor
    assert set(pairs) == {
        ("nepal-skills", "qatar-recruitment"),
        ("nepal-skills", "saudi-wages"),
        ("bangladesh-pensions", "saudi-wages"),
    }
    assert not any(p.corridor for p in found[1:])
    assert found[1].score >= found[2].score
    assert dict(zip(pairs, (p.shared_objectives for p in found), strict=True))[
        ("bangladesh-pensions", "saudi-wages")
    ] == (22,)


def test_a_state_in_both_groups_is_not_paired_with_itself_and_n_caps() -> None:
    somalia_a = ask("somalia-id", "somalia", (4,), "SO")
    somalia_b = ask("somalia-id-2", "somalia", (4,), "SO")
    sudan = ask("sudan-id", "sudan", (4,), "SD")
    found = complements([somalia_a], [somalia_b, sudan], frozenset({"SO"}), frozenset({"SO"}))
    assert [p.second for p in found] == ["sudan-id"]
    yemen = ask("yemen-id", "yemen", (4,), "YE")
    assert len(complements([somalia_a], [sudan, yemen], frozenset(), frozenset(), n=1)) == 1
    assert complements([], [sudan], frozenset(), frozenset()) == []
