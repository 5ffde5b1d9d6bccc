"""GET /api/v1/search: the contract, the filters, and who finds a confidential request."""

from __future__ import annotations

from tests.api.conftest import Hub

URL = "/api/v1/search"


def test_search_answers_the_contract_across_languages(hub: Hub) -> None:
    found = hub.client.get(URL, params={"q": "تسجيل المدني للعائدين الصوماليين", "top": 5})
    assert found.status_code == 200, found.text
    hits = found.json()
    assert 0 < len(hits) <= 5
    assert all(set(hit) == {"kind", "id", "title", "score"} for hit in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


def test_a_confidential_request_is_found_by_its_owner_and_staff_only(hub: Hub) -> None:
    asked = {"q": "civil registration displaced returning Somalis", "kind": "request"}
    for caller in ("", "partner", "member_state"):
        hits = hub.client.get(URL, params=asked, headers=hub.headers(caller)).json()
        assert "req-somalia-legal-identity" not in [h["id"] for h in hits], caller
    for caller in ("somalia", "coordinator"):
        hits = hub.client.get(URL, params=asked, headers=hub.headers(caller)).json()
        assert hits[0]["id"] == "req-somalia-legal-identity", caller


def test_filters_narrow_and_bad_ones_are_named(hub: Hub) -> None:
    offers = hub.client.get(URL, params={"q": "border management", "kind": "offer"}).json()
    assert offers and {h["kind"] for h in offers} == {"offer"}
    for params, named in [
        ({"q": "borders", "kind": "memo"}, "memo"),
        ({"q": "borders", "region": "Atlantis"}, "Atlantis"),
        ({"q": "borders", "principle": "speed"}, "speed"),
        ({"q": "  "}, "blank"),
    ]:
        refused = hub.client.get(URL, params=params)
        assert refused.status_code == 422 and named in refused.text, params
