"""The typed answers are the hub's answers: on the demo hub, each endpoint gives exactly
what the hub computes, nothing dropped, renamed or added by its response model."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from fastapi.encoders import jsonable_encoder
from pydantic import ValidationError

from graph import GraphStore, analytics
from hub import explore, opendata
from hub.access import Principal
from hub.domain.keys import Role
from hub.groups import reports as group_reports
from hub.matchmaking.allocation import allocate_open_requests
from hub.matchmaking.consortium import propose_consortium
from hub.matchmaking.funding import find_funders
from hub.matchmaking.partners import partners_for
from hub.matchmaking.results import FunderRanking
from hub.matchmaking.similar import find_similar
from hub.matchmaking.synergies import gap_report, supply_demand_gaps, synergies_in
from tests.api.conftest import Hub

MOROCCO = "req-morocco-migration-data"

PRINCIPALS = {
    "public": Principal(Role.PUBLIC),
    "partner": Principal(Role.PARTNER, "iom"),
    "member_state": Principal(Role.MEMBER_STATE, "morocco"),
    "coordinator": Principal(Role.COORDINATOR, key="answers"),
}
"""Who the hub answers for each role's key in `Hub.tokens`."""

Answer = Callable[[GraphStore, Principal], Any]


def neighbourhood(store: GraphStore, principal: Principal) -> dict[str, Any]:
    graph = explore.neighbourhood(store, principal, "morocco", 2)
    return {**analytics.to_json(graph), "truncated": bool(graph.graph.get("truncated"))}


ANSWERS: list[tuple[str, str, Answer]] = [
    (
        "coordinator",
        f"/requests/{MOROCCO}/partners?n=5",
        lambda s, p: partners_for(s, p, MOROCCO, 5),
    ),
    (
        "member_state",
        f"/requests/{MOROCCO}/similar?n=5",
        lambda s, p: find_similar(s, p, MOROCCO, 5),
    ),
    (
        "member_state",
        f"/requests/{MOROCCO}/funders?n=5",
        lambda s, p: find_funders(s, p, MOROCCO, 5),
    ),
    (
        "coordinator",
        f"/requests/{MOROCCO}/consortium?max_size=3&rule=in-region",
        lambda s, p: propose_consortium(s, p, MOROCCO, 3, ["in-region"]),
    ),
    (
        "partner",
        "/analysis/synergies?region=Africa",
        lambda s, p: synergies_in(s, p, "Africa"),
    ),
    (
        "member_state",
        "/analysis/synergies?group=arab-region",
        lambda s, p: group_reports.group_synergies_report(s, p, "arab-region"),
    ),
    (
        "coordinator",
        "/analysis/synergies?group=igad&with_group=ecowas",
        lambda s, p: group_reports.cross_group_report(s, p, "igad", "ecowas"),
    ),
    (
        "coordinator",
        "/analysis/gaps?subregions=true&top=5",
        lambda s, p: gap_report(supply_demand_gaps(s, p, subregions=True), 5),
    ),
    (
        "coordinator",
        "/analysis/allocation?balance=1",
        lambda s, p: allocate_open_requests(s, p, balance=1.0),
    ),
    (
        "member_state",
        "/groups/arab-region/view",
        lambda s, p: group_reports.view_report(s, p, "arab-region"),
    ),
    ("partner", "/graph/neighbourhood/morocco?depth=2", neighbourhood),
    ("public", "/export.json", lambda s, p: opendata.export_json(s)),
]


def test_each_answer_is_what_the_hub_computes(hub: Hub) -> None:
    for role, url, computed in ANSWERS:
        response = hub.client.get("/api/v1" + url, headers=hub.headers(role))
        assert response.status_code == 200, f"{url}: {response.text}"
        answer = response.json()
        assert answer == jsonable_encoder(computed(hub.store, PRINCIPALS[role])), url
        assert any(isinstance(v, list) and v for v in answer.values()), f"{url} lists nothing"


def test_an_answer_with_a_key_its_model_lacks_fails_rather_than_losing_it(hub: Hub) -> None:
    """The strictness the equality above leans on: a new key cannot slip out unseen."""
    found = find_funders(hub.store, PRINCIPALS["coordinator"], MOROCCO, 3).model_dump()
    FunderRanking.model_validate(found)
    with pytest.raises(ValidationError, match="surprise"):
        FunderRanking.model_validate({**found, "surprise": 1})


@pytest.mark.parametrize("role", ["coordinator", "admin"])
def test_the_partner_ranking_names_the_fit_that_ranked_it_to_staff(hub: Hub, role: str) -> None:
    response = hub.client.get(f"/api/v1/requests/{MOROCCO}/partners?n=3", headers=hub.headers(role))
    model = response.json()["model"]
    revision, fitted = response.headers["X-Hub-Model"].split("; fitted=")
    assert revision == model["revision"] == hub.store.revision() and not model["pending"]
    assert datetime.fromisoformat(fitted) == datetime.fromisoformat(model["fitted_at"]).replace(
        microsecond=0
    )


@pytest.mark.parametrize("role", ["member_state", "partner"])
def test_others_get_the_fit_time_but_not_the_revision_that_counts_writes(
    hub: Hub, role: str
) -> None:
    url = f"/api/v1/requests/{MOROCCO}/partners?n=3"
    staff = hub.client.get(url, headers=hub.headers("coordinator")).json()["model"]
    response = hub.client.get(url, headers=hub.headers(role))
    assert response.status_code == 200, response.text
    model = response.json()["model"]
    assert model == {**staff, "revision": None}
    fitted = datetime.fromisoformat(model["fitted_at"]).isoformat(timespec="seconds")
    assert response.headers["X-Hub-Model"] == f"fitted={fitted}"
