"""Search across languages: hand-written parallel texts, filters and who sees what."""

from __future__ import annotations

import pytest

from graph import GraphStore, Node
from hub.access import PUBLIC, Principal
from hub.domain.activities import Activity
from hub.domain.errors import InvalidInput
from hub.domain.keys import Role
from hub.domain.records import Confidentiality, Offer, Stakeholder, StakeholderKind, SupportRequest
from hub.knowledge.search import SearchFilters, SearchHit, search
from tests.store_support import put

OFFERS = {
    "offer-trafficking": (
        "Identifying victims of human trafficking",
        "Training for labour inspectors and police to recognise and refer people trafficked"
        " for forced labour.",
    ),
    "offer-remittances": (
        "Cheaper remittance transfers",
        "Lowering the fees migrants pay to send money home to their families.",
    ),
    "offer-census": (
        "Counting migrants in the national census",
        "Adding questions on country of birth and year of arrival to the population census.",
    ),
    "offer-skills": (
        "Recognising the skills of returning workers",
        "Certifying what returning migrant workers learned abroad so employers trust it.",
    ),
}
"""English records on four distinct topics; the queries below say one of each in
another language, in words written for this test."""

QUERIES = [
    ("ar", "التعرف على ضحايا الاتجار بالبشر", "offer-trafficking"),
    ("fr", "réduire le coût des transferts d'argent des migrants", "offer-remittances"),
    ("es", "contar a los migrantes en el censo de población", "offer-census"),
    ("ar", "الاعتراف بمهارات العمال العائدين", "offer-skills"),
    ("fr", "reconnaissance des compétences des travailleurs de retour", "offer-skills"),
    ("es", "identificar a las víctimas de la trata de personas", "offer-trafficking"),
]

MOROCCO = Principal(Role.MEMBER_STATE, "morocco")


def _hub(store: GraphStore) -> None:
    for sid, kind, country in [
        ("iom", StakeholderKind.UN_ENTITY, None),
        ("morocco", StakeholderKind.MEMBER_STATE, "MA"),
        ("kenya", StakeholderKind.MEMBER_STATE, "KE"),
    ]:
        put(store, Stakeholder(id=sid, name=sid.title(), kind=kind, home_country=country))
    for objective, (oid, (title, text)) in enumerate(OFFERS.items(), start=1):
        offer = Offer(
            id=oid, provider="iom", title=title, text=text, objectives=[objective], regions=[]
        )
        put(store, offer)


def _ids(hits: list[SearchHit]) -> list[str]:
    return [hit.id for hit in hits]


@pytest.mark.parametrize(("language", "query", "expected"), QUERIES)
def test_a_query_in_another_language_finds_the_english_record(
    store: GraphStore, language: str, query: str, expected: str
) -> None:
    _hub(store)
    hits = search(store, PUBLIC, query, top=3)
    assert hits[0].id == expected, (language, hits)
    assert hits[0].kind == "offer" and hits[0].title == OFFERS[expected][0]


def test_scores_are_best_first_and_words_count(store: GraphStore) -> None:
    _hub(store)
    hits = search(store, PUBLIC, "census questions", top=10)
    assert hits[0].id == "offer-census"
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(0 < h.score <= 1 for h in hits)
    assert len(search(store, PUBLIC, "migrants", top=2)) == 2


def test_filters_by_kind_objective_region_and_principle(store: GraphStore) -> None:
    _hub(store)
    store.upsert_node(
        Node(
            "practice-census",
            "Practice",  # the practices' own record comes separately; its node is enough
            {
                "title": "Census round with migration questions",
                "summary": "What a national statistics office learned counting migrants.",
                "objectives": [1],
                "principles": ["whole-of-government"],
                "countries": ["KE"],
                "visibility": "public",  # practices are open to partners unless made public
            },
        )
    )
    asked = "counting migrants in the census"
    assert {h.kind for h in search(store, PUBLIC, asked)} >= {"practice", "offer"}
    only = SearchFilters(kind="practice")
    assert _ids(search(store, PUBLIC, asked, filters=only)) == ["practice-census"]
    by_principle = SearchFilters(principle="whole-of-government")
    assert _ids(search(store, PUBLIC, asked, filters=by_principle)) == ["practice-census"]
    in_africa = search(store, PUBLIC, asked, filters=SearchFilters(region="eastern africa"))
    assert _ids(in_africa) == ["practice-census"]
    assert search(store, PUBLIC, asked, filters=SearchFilters(region="Europe")) == []
    third = search(store, PUBLIC, "migrants", filters=SearchFilters(objective=3))
    assert _ids(third) == ["offer-census"]


@pytest.mark.parametrize(
    ("filters", "named"),
    [
        (SearchFilters(kind="memo"), "memo"),
        (SearchFilters(region="Atlantis"), "Atlantis"),
        (SearchFilters(principle="speed"), "speed"),
        (SearchFilters(objective=24), "24"),
    ],
)
def test_bad_filters_are_refused_by_name(
    store: GraphStore, filters: SearchFilters, named: str
) -> None:
    with pytest.raises(InvalidInput, match=named):
        search(store, PUBLIC, "census", filters=filters)
    with pytest.raises(InvalidInput, match="blank"):
        search(store, PUBLIC, "   ")


def _confidential(store: GraphStore) -> None:
    put(
        store,
        SupportRequest(
            id="req-kenya-census",
            requester="kenya",
            title="Census questions on migrants for counting diaspora",
            text="Counting migrants in the national census, confidentially.",
            objectives=[3],
            countries=["KE"],
            confidentiality=Confidentiality.CONFIDENTIAL,
        ),
    )


def test_a_confidential_request_changes_nothing_for_those_who_may_not_see_it(
    store: GraphStore,
) -> None:
    _hub(store)
    queries = ["census migrants counting", "التعداد السكاني", "diaspora", "Kenya"]
    before = {(p, q): search(store, p, q, top=20) for p in (PUBLIC, MOROCCO) for q in queries}
    _confidential(store)
    for (principal, query), hits in before.items():
        assert search(store, principal, query, top=20) == hits, (principal, query)
    owner = Principal(Role.MEMBER_STATE, "kenya")
    assert "req-kenya-census" in _ids(search(store, owner, "census migrants counting"))


def test_the_index_follows_writes(store: GraphStore) -> None:
    _hub(store)
    assert _ids(search(store, PUBLIC, "remittance fees", top=1)) == ["offer-remittances"]
    put(
        store,
        Offer(id="offer-remittances", provider="iom", title="Diaspora bonds", text="Investing."),
    )
    renamed = search(store, PUBLIC, "diaspora bonds", top=1)
    assert [(h.id, h.title) for h in renamed] == [("offer-remittances", "Diaspora bonds")]
    put(store, Activity(id="act-1", title={"fr": "Transferts de fonds moins chers"}))
    found = search(store, PUBLIC, "transferts de fonds", top=1)
    title = "Transferts de fonds moins chers"
    assert found == [SearchHit(kind="activity", id="act-1", title=title, score=found[0].score)]
