"""Objectives at intake: suggested by the tagger, confirmed or changed by people, audited."""

from __future__ import annotations

from functools import partial

from hub import audit
from hub.domain.records import ObjectiveOrigin, SupportRequest
from hub.objectives import tagger as fit_tagger
from hub.store import repository
from tests.api.conftest import Hub

_TRAFFICKING = {
    "title": "Counter-trafficking support",
    "text": "Train border police and prosecutors to identify victims of human trafficking"
    " and to investigate the networks that traffic them.",
}


def _file(hub: Hub, **fields: object) -> dict[str, object]:
    created = hub.client.post(
        "/api/v1/requests", headers=hub.headers("member_state"), json={**_TRAFFICKING, **fields}
    )
    assert created.status_code == 201, created.text
    body: dict[str, object] = created.json()
    return body


def test_a_request_without_objectives_is_tagged_with_suggestions(hub: Hub) -> None:
    body = _file(hub)
    assert body["objective_origin"] == "suggested"
    assert 10 in body["objectives"]  # type: ignore[operator]
    confidence = body["objective_confidence"]
    assert isinstance(confidence, dict) and set(map(int, confidence)) == set(body["objectives"])  # type: ignore[arg-type]
    assert all(0 < value <= 1 for value in confidence.values())


def test_the_preview_shows_what_filing_without_objectives_stores(hub: Hub) -> None:
    shown = hub.client.post(
        "/api/v1/requests/tag", headers=hub.headers("member_state"), json=_TRAFFICKING
    )
    assert shown.status_code == 200, shown.text
    listed = shown.json()
    assert all(set(s) == {"objective", "confidence", "unsure", "stored"} for s in listed)
    # What filing stores comes first; the tagger's next best follow, up to three.
    preview = [s for s in listed if s["stored"]]
    assert preview and listed[: len(preview)] == preview and len(listed) == 3
    body = _file(hub)
    assert sorted(s["objective"] for s in preview) == body["objectives"]  # stored sorted
    assert {str(s["objective"]): s["confidence"] for s in preview} == body["objective_confidence"]
    unrelated = hub.client.post(
        "/api/v1/requests/tag", headers=hub.headers("member_state"), json={"title": "Recipe: bread"}
    )
    assert unrelated.json() == []  # a text not about migration gets no suggestion


def test_objectives_given_are_confirmed_and_a_client_cannot_claim_either_origin(hub: Hub) -> None:
    body = _file(hub, objectives=[10, 11])
    assert body["objective_origin"] == "confirmed" and body["objectives"] == [10, 11]
    claimed = hub.client.patch(
        f"/api/v1/requests/{body['id']}",
        headers=hub.headers("member_state"),
        json={"objective_origin": "confirmed"},
    )
    assert claimed.status_code == 422


def test_rewording_a_suggested_request_tags_it_again_but_keeps_confirmed_ones(hub: Hub) -> None:
    suggested = _file(hub)
    confirmed = _file(hub, title="Counter-trafficking, second round", objectives=[10])
    remittances = {"title": "Remittances", "text": "Lower the cost of sending remittances home."}
    for body in (suggested, confirmed):
        changed = hub.client.patch(
            f"/api/v1/requests/{body['id']}", headers=hub.headers("member_state"), json=remittances
        ).json()
        if body is suggested:
            assert 20 in changed["objectives"] and changed["objective_origin"] == "suggested"
        else:
            assert changed["objectives"] == [10] and changed["objective_origin"] == "confirmed"


def test_the_owner_confirms_or_changes_objectives_and_the_log_says_so(hub: Hub) -> None:
    body = _file(hub)
    path = f"/api/v1/requests/{body['id']}/objectives"
    assert hub.client.put(path, headers=hub.headers("somalia"), json={}).status_code == 404
    assert hub.client.put(path, headers=hub.headers("partner"), json={}).status_code == 404
    kept = hub.client.put(path, headers=hub.headers("member_state"), json={})
    assert kept.status_code == 200, kept.text
    assert kept.json()["objectives"] == body["objectives"]
    assert (
        kept.json()["objective_origin"] == "confirmed" and kept.json()["objective_confidence"] == {}
    )
    changed = hub.client.put(
        path, headers=hub.headers("coordinator"), json={"objectives": [10, 24]}
    )
    assert changed.status_code == 422
    changed = hub.client.put(
        path, headers=hub.headers("coordinator"), json={"objectives": [10, 11]}
    )
    assert changed.json()["objectives"] == [10, 11]
    log = [(e.action, e.actor) for e in audit.entries(hub.store, request=str(body["id"]))]
    assert ("objectives.confirmed", "member_state:morocco") in log
    assert log[-1][0] == "objectives.changed" and log[-1][1].startswith("coordinator:")


def test_a_change_of_objectives_through_patch_is_audited(hub: Hub) -> None:
    body = _file(hub)
    hub.client.patch(
        f"/api/v1/requests/{body['id']}",
        headers=hub.headers("member_state"),
        json={"objectives": [10, 23]},
    )
    stored = repository.get(hub.store, SupportRequest, str(body["id"]))
    assert stored.objective_origin is ObjectiveOrigin.CONFIRMED and stored.objectives == [10, 23]
    assert [e.action for e in audit.entries(hub.store, request=stored.id)][-1] == (
        "objectives.changed"
    )


def test_offers_are_tagged_and_only_confirmed_objectives_teach_the_tagger(hub: Hub) -> None:
    fields = {
        "provider": "iom",
        "title": "Remittance corridors",
        "text": "We help lower the cost of remittances through mobile money.",
    }
    post = partial(hub.client.post, "/api/v1/offers", headers=hub.headers("partner"))
    assert post(json={**fields, "objective_origin": "confirmed"}).status_code == 422
    offer = post(json=fields).json()
    assert offer["objective_origin"] == "suggested" and 20 in offer["objectives"]
    before = fit_tagger(hub.store)
    _file(hub)  # a suggestion, not an example
    assert fit_tagger(hub.store) is before
    path = f"/api/v1/offers/{offer['id']}/objectives"
    confirmed = hub.client.put(path, headers=hub.headers("partner"), json={"objectives": [20]})
    assert confirmed.json()["objective_origin"] == "confirmed"
    assert fit_tagger(hub.store) is not before
