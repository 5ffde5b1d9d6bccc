"""Practices: who files and edits them, who reads them, what they leave due, the audit."""

from __future__ import annotations

from datetime import date

import pytest

from graph import GraphStore
from hub import audit, review
from hub.access import PUBLIC, Principal, Sight
from hub.demo import load_demo
from hub.domain.activities import Activity, Partnership, PartnershipStatus
from hub.domain.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from hub.domain.keys import Role
from hub.domain.records import StakeholderKind
from hub.knowledge.due import practices_due
from hub.knowledge.practices import (
    PracticeFilter,
    edit_practice,
    file_practice,
    get_practice,
    list_practices,
)
from hub.knowledge.records import AUTHORED, LEARNED_FROM, Practice, PracticeVisibility
from hub.matchmaking.similar import find_similar
from hub.store import repository
from tests.store_support import put

AMINA = Principal(Role.COORDINATOR, key="key-amina")
SENEGAL = Principal(Role.MEMBER_STATE, "senegal", "key-senegal")
IFAD = Principal(Role.PARTNER, "ifad", "key-ifad")
JORDAN = Principal(Role.MEMBER_STATE, "jordan", "key-jordan")
BAHRAIN = Principal(Role.MEMBER_STATE, "bahrain", "key-bahrain")
IOM = Principal(Role.PARTNER, "iom", "key-iom")
FUND = Principal(Role.FUND_MANAGER, key="key-fund")

SENEGAL_PARTNERSHIP = "pship-senegal-diaspora-mapping"  # completed, no practice in the demo
BAHRAIN_PRACTICE = "practice-demo-bahrain-referral-review"  # confidential


@pytest.fixture
def demo(store: GraphStore) -> GraphStore:
    load_demo(store)
    return store


def _diaspora(**extra: object) -> dict[str, object]:
    return {
        "title": "Cartographier l'investissement de la diaspora",
        "summary": "Une enquête auprès des associations de Sénégalais en Italie et en Espagne.",
        "lessons": "Les consulats connaissent les associations mieux que les registres.",
        "language": "fr",
        "countries": ["SN", "IT", "ES"],
        "objectives": [19, 20],
        "principles": ["whole-of-society"],
        "partnerships": [SENEGAL_PARTNERSHIP],
        **extra,
    }


def test_the_demo_library_is_linked_to_its_partnerships_in_four_languages(
    demo: GraphStore,
) -> None:
    library = list(repository.list_records(demo, Practice))
    assert len(library) >= 12
    assert {p.language.value for p in library} == {"ar", "en", "es", "fr"}
    assert len({o for p in library for o in p.objectives}) >= 10
    partnerships = {p.id for p in repository.list_records(demo, Partnership)}
    learned = {(e.source, e.target) for e in demo.edges(LEARNED_FROM)}
    authored = {(e.source, e.target) for e in demo.edges(AUTHORED)}
    for practice in library:
        assert practice.partnerships and set(practice.partnerships) <= partnerships
        assert {(practice.id, p) for p in practice.partnerships} <= learned
        assert {(a, practice.id) for a in practice.authors} <= authored


def test_each_reader_sees_the_practices_its_visibility_allows(demo: GraphStore) -> None:
    def seen(principal: Principal) -> set[PracticeVisibility]:
        return {p.visibility for p in list_practices(demo, principal, limit=200).items}

    assert seen(PUBLIC) == {PracticeVisibility.PUBLIC}
    assert seen(FUND) == {PracticeVisibility.PUBLIC}
    assert seen(JORDAN) == {PracticeVisibility.PUBLIC, PracticeVisibility.OPEN_TO_PARTNERS}
    assert len(seen(BAHRAIN)) == 3 and len(seen(AMINA)) == 3
    for outsider in (PUBLIC, JORDAN, IOM):
        with pytest.raises(NotFound, match=BAHRAIN_PRACTICE):
            get_practice(demo, outsider, BAHRAIN_PRACTICE)
        assert BAHRAIN_PRACTICE in Sight(demo, outsider).hidden()
    assert get_practice(demo, Principal(Role.PARTNER, "unodc"), BAHRAIN_PRACTICE).authors


def test_a_party_of_a_partnership_files_its_practice_audited(demo: GraphStore) -> None:
    practice = file_practice(demo, IFAD, _diaspora())
    assert practice.id.startswith("practice-") and practice.authors == ["ifad"]
    assert practice.visibility is PracticeVisibility.OPEN_TO_PARTNERS
    assert practice.recorded_by == "partner:ifad"
    assert get_practice(demo, JORDAN, practice.id) == practice
    (entry,) = [e for e in audit.entries(demo) if e.subject == practice.id]
    assert (entry.action, entry.actor) == ("practice.filed", "partner:ifad")
    edited = edit_practice(demo, SENEGAL, practice.id, {"visibility": "public"})
    assert get_practice(demo, PUBLIC, practice.id) == edited
    actions = [e.action for e in audit.entries(demo) if e.subject == practice.id]
    assert actions == ["practice.filed", "practice.edited"]


def test_only_parties_and_staff_write_practices(demo: GraphStore) -> None:
    with pytest.raises(Forbidden, match="not a party"):
        file_practice(demo, JORDAN, _diaspora(authors=["jordan"]))
    with pytest.raises(Unauthorized):
        file_practice(demo, PUBLIC, _diaspora(authors=["senegal"]))
    with pytest.raises(Forbidden, match="only staff"):
        file_practice(demo, SENEGAL, _diaspora(partnerships=[]))
    with pytest.raises(Forbidden, match="fund_manager"):
        file_practice(demo, FUND, _diaspora(authors=["senegal"]))
    filed = file_practice(demo, AMINA, _diaspora(authors=["senegal", "ifad"]))
    assert filed.recorded_by == "coordinator:key-amina"
    with pytest.raises(Forbidden, match="not a party"):
        edit_practice(demo, IOM, filed.id, {"title": "Another title"})
    with pytest.raises(Forbidden, match="not a party"):  # moving it away from one's own
        edit_practice(demo, SENEGAL, filed.id, {"partnerships": ["pship-fund-jordan"]})
    with pytest.raises(InvalidInput, match="recorded_by"):
        edit_practice(demo, SENEGAL, filed.id, {"recorded_by": "member_state:jordan"})
    with pytest.raises(InvalidInput, match="language"):
        file_practice(demo, SENEGAL, _diaspora(language="de"))
    with pytest.raises(InvalidInput, match="guiding principle"):
        file_practice(demo, SENEGAL, _diaspora(principles=["goodwill"]))
    with pytest.raises(NotFound, match="nobody"):
        file_practice(demo, SENEGAL, _diaspora(authors=["nobody"]))
    assert repository.get(demo, Practice, filed.id) == filed  # refused writes change nothing


def test_a_practice_from_a_confidential_partnership_starts_confidential(
    demo: GraphStore,
) -> None:
    hidden = "pship-kuwait-inspectors"  # answers Kuwait's confidential request
    put(
        demo,
        Partnership(
            id=hidden,
            title="Labour inspection of domestic work",
            members=["kuwait", "ilo"],
            request="req-kuwait-domestic-workers",
        ),
    )
    ilo = Principal(Role.PARTNER, "ilo", "key-ilo")
    fields = {"title": "Inspecting homes with consent", "language": "en", "partnerships": [hidden]}
    secret = file_practice(demo, ilo, fields)
    assert secret.visibility is PracticeVisibility.CONFIDENTIAL
    kuwait = Principal(Role.MEMBER_STATE, "kuwait", "key-kuwait")
    assert get_practice(demo, kuwait, secret.id) == secret
    with pytest.raises(NotFound, match=secret.id):
        get_practice(demo, JORDAN, secret.id)
    with pytest.raises(NotFound, match=hidden):  # a hidden source is as missing as none
        file_practice(demo, JORDAN, _diaspora(partnerships=[hidden]))
    shared = file_practice(demo, ilo, {**fields, "visibility": "public"})
    assert get_practice(demo, PUBLIC, shared.id).partnerships == []  # not where it came from
    assert get_practice(demo, kuwait, shared.id).partnerships == [hidden]


def test_a_practice_may_come_from_an_activity(demo: GraphStore) -> None:
    put(demo, Activity(id="XM-DAC-41114-SN-1", title={"fr": "Diaspora et PME"}))
    filed = file_practice(demo, SENEGAL, _diaspora(activities=["XM-DAC-41114-SN-1"]))
    assert (filed.id, "XM-DAC-41114-SN-1") in {
        (e.source, e.target) for e in demo.edges(LEARNED_FROM)
    }
    with pytest.raises(NotFound, match="Activity"):
        file_practice(demo, SENEGAL, _diaspora(activities=["pship-fund-jordan"]))


def test_a_completed_partnership_asks_its_partners_for_a_practice(demo: GraphStore) -> None:
    (due,) = practices_due(demo, SENEGAL)
    assert (due.partnership, due.completed_on) == (SENEGAL_PARTNERSHIP, date(2025, 11, 30))
    assert set(due.partners) == {"senegal", "ifad", "italy", "spain"}
    assert practices_due(demo, AMINA, "italy") == [due]
    assert practices_due(demo, JORDAN) == []
    review.move_partnership(demo, AMINA, "pship-fund-jordan", PartnershipStatus.COMPLETED)
    assert practices_due(demo, JORDAN) == []  # the demo holds its practice already
    assert [d.partnership for d in practices_due(demo, AMINA)] == [SENEGAL_PARTNERSHIP]
    file_practice(demo, IFAD, _diaspora())
    assert practices_due(demo, SENEGAL) == []  # cleared for every partner when one files
    assert practices_due(demo, AMINA, "italy") == []
    with pytest.raises(Unauthorized):
        practices_due(demo, PUBLIC)


def test_a_new_completion_appears_as_due_and_names_its_date(demo: GraphStore) -> None:
    pship = "pship-guatemala-returnee-reception"
    for practice in [p for p in repository.list_records(demo, Practice) if pship in p.partnerships]:
        edit_practice(demo, AMINA, practice.id, {"partnerships": []})
    review.move_partnership(demo, AMINA, pship, PartnershipStatus.COMPLETED, on=date(2025, 12, 5))
    mexico = Principal(Role.MEMBER_STATE, "mexico", "key-mexico")
    (due,) = practices_due(demo, mexico)
    assert (due.partnership, due.completed_on) == (pship, date(2025, 12, 5))


def test_filters_by_objective_principle_region_language_and_author_kind(
    demo: GraphStore,
) -> None:
    def ids(**where: object) -> set[str]:
        found = list_practices(demo, AMINA, PracticeFilter(**where), limit=200)  # type: ignore[arg-type]
        return {p.id for p in found.items}

    every = {p.id: p for p in repository.list_records(demo, Practice)}
    assert ids(objective=14) == {i for i, p in every.items() if 14 in p.objectives}
    assert ids(principle="child-sensitive") == {"practice-demo-guatemala-children-protocol"}
    assert ids(region="Americas") == {
        i for i, p in every.items() if {"GT", "MX", "EC"} & set(p.countries)
    }
    assert "practice-demo-jordan-skills-certification" in ids(region="western asia")
    assert ids(language="ar") == {i for i, p in every.items() if p.language.value == "ar"}
    by_ngos = ids(author_kind=StakeholderKind.NGO)
    assert "practice-demo-jordan-skills-certification" in by_ngos  # Tamkeen
    assert "practice-demo-tunisia-forensic-registry" not in by_ngos
    assert ids(objective=14, region="Asia") == {"practice-demo-philippines-consular-network"}
    with pytest.raises(InvalidInput, match="Atlantis"):
        ids(region="Atlantis")


def test_similar_initiatives_show_practices_only_to_who_may_see_them(
    demo: GraphStore,
) -> None:
    staff = find_similar(demo, AMINA, "req-bahrain-trafficking", n=50)
    kinds = {i.id: i.kind for i in staff.initiatives}
    assert kinds[BAHRAIN_PRACTICE] == "practice"  # UNODC wrote it too: a peer
    assert "unodc" in {p.id for p in staff.peers}
    jordan = find_similar(demo, JORDAN, "req-bahrain-trafficking", n=50)
    assert BAHRAIN_PRACTICE not in {i.id for i in jordan.initiatives}
    assert "practice" in {i.kind for i in jordan.initiatives}
