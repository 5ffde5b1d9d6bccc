"""Property: nothing derived from a record reaches a caller who may not see it.

Two demo hubs are built per example; one also gets generated confidential records (a
request with made-up words, its queued suggestions, a decision, a partnership moved
along, their audit entries, an identity claim), possibly by reclassifying the request
after the fact.
Every GET in the OpenAPI must then answer the anonymous caller, another Member State
and a partner exactly as the hub without those records does, rankings included (the
shared recommender learns nothing from a decision on a confidential request), and
never name them.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from api.app import create_app
from graph import GraphStore
from graph.sqlite import SqliteGraphStore
from hub.access import COMMON, PUBLIC, Principal, Sight, create_key
from hub.demo import load_demo
from hub.domain import geography
from hub.domain.keys import Role
from hub.domain.settings import Settings
from hub.knowledge.exports import LISTS
from hub.opendata import KINDS

CALLERS = {"public": None, "member_state": "morocco", "partner": "iom"}
"""Who may see none of the generated records: nobody here requests or joins them."""


VISIBLE = {
    "request_id": ["req-morocco-migration-data"],
    "partnership_id": ["pship-bahrain-unodc-referral"],
    "offer_id": ["offer-iom-reintegration"],
    "activity_id": ["no-such-activity"],
    "claim_id": ["claim-0000000000000000"],
    "call_id": ["call-demo-2025-pathways"],
    "note_id": ["note-demo-jordan-skills", "note-demo-morocco-data"],
    "practice_id": [
        "practice-demo-jordan-skills-certification",
        "practice-demo-bahrain-referral-review",
    ],
    "kind": list(KINDS),
    "name": list(LISTS),
}


def _unstamped(body: bytes) -> bytes:
    """An answer without the stamp of the fit that made it (`model`): the two hubs have
    seen different numbers of writes, which is all that its revision tells."""
    if not body.startswith(b'{"'):
        return body
    found = json.loads(body)
    if found.pop("model", None) is None:
        return body
    return json.dumps(found).encode()


WORD = st.text(alphabet="bcdfghjklmnpqrstvwxz", min_size=9, max_size=12)


@dataclass(frozen=True)
class Plan:
    owner: str
    words: list[str]
    objectives: list[int]
    country: str
    reclassified: bool
    status: str


plans = st.builds(
    Plan,
    owner=st.sampled_from(["somalia", "bahrain", "kenya", "mexico", "philippines"]),
    words=st.lists(WORD, min_size=3, max_size=3, unique=True),
    objectives=st.lists(st.integers(1, 23), min_size=1, max_size=3, unique=True),
    country=st.sampled_from(["SO", "KE", "PH", "TV", "NR"]),  # TV, NR: not in the demo
    reclassified=st.booleans(),
    status=st.sampled_from(["proposed", "agreed", "active"]),
)


@dataclass(frozen=True)
class Hub:
    """A demo hub behind the API, with a key for each caller, the owner and staff."""

    client: TestClient
    store: GraphStore
    tokens: dict[str, str]

    def get(self, caller: str, url: str) -> tuple[int, bytes]:
        token = self.tokens.get(caller)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.client.get(url, headers=headers)
        return response.status_code, _unstamped(response.content)

    def send(self, caller: str, method: str, url: str, body: object = None) -> Any:
        """A call that must succeed, as a caller with a key; its JSON answer."""
        headers = {"Authorization": f"Bearer {self.tokens[caller]}"}
        response = self.client.request(method, "/api/v1" + url, headers=headers, json=body)
        assert response.status_code < 300, response.text
        return response.json()


@contextmanager
def demo_hub(folder: Path, owner: str) -> Iterator[Hub]:
    folder.mkdir()
    store = SqliteGraphStore(folder / "hub.db")
    load_demo(store)
    bound = {**{r: s for r, s in CALLERS.items() if s}, "member_state:owner": owner}
    tokens = {
        caller: create_key(store, Role(caller.split(":")[0]), stakeholder)[1]
        for caller, stakeholder in {**bound, "coordinator": None}.items()
    }
    try:
        with TestClient(create_app(Settings(data_dir=folder), store=store)) as client:
            yield Hub(client, store, tokens)
    finally:
        store.close()


@dataclass(frozen=True)
class Planted:
    request: str
    partnership: str
    claim: str
    candidate: str
    suggestions: tuple[str, ...]
    names: frozenset[str]
    """Every string that would betray the planted records: ids, words, the staff key id."""


def plant(hub: Hub, plan: Plan) -> Planted:
    """The plan's records, written through the API as their owner and a coordinator would."""
    owner, staff = "member_state:owner", "coordinator"
    request = hub.send(
        owner,
        "POST",
        "/requests",
        {
            "title": f"{plan.words[0].title()} {plan.words[1]} programme",
            "text": f"Support for the {plan.words[2]} registry.",
            "objectives": plan.objectives,
            "countries": [plan.country],
            "confidentiality": "open_to_partners" if plan.reclassified else "confidential",
        },
    )["id"]
    queued = hub.send(staff, "POST", f"/requests/{request}/suggestions?n=4")
    chosen, *others = [s for s in queued if s["candidate"] not in CALLERS.values()]
    partnership = hub.send(staff, "POST", f"/suggestions/{chosen['id']}/accept", {})["id"]
    for status in ("agreed", "active")[: ["proposed", "agreed", "active"].index(plan.status)]:
        hub.send(staff, "POST", f"/partnerships/{partnership}/status", {"status": status})
    for other in others[:1]:
        hub.send(staff, "POST", f"/suggestions/{other['id']}/reject", {"reason": "no_capacity"})
    if plan.reclassified:
        hub.send(owner, "PATCH", f"/requests/{request}", {"confidentiality": "confidential"})
    claim = hub.send(
        owner,
        "POST",
        f"/stakeholders/{plan.owner}/claims",
        {"aliases": [f"{plan.words[0]} bureau"], "reason": f"known as {plan.words[1]}"},
    )["id"]
    history = hub.send(staff, "GET", f"/requests/{request}/history")
    staff_key = re.search(r"key-[0-9a-f]+", str(history))
    assert staff_key is not None
    return Planted(
        request,
        partnership,
        claim,
        chosen["candidate"],
        tuple(s["id"] for s in queued),
        frozenset(
            {request, partnership, claim, staff_key.group(), *plan.words}
            | {s["id"] for s in queued}
            | {e["id"] for e in history}
        ),
    )


def urls(hub: Hub, plan: Plan, planted: Planted) -> Iterator[str]:
    """Every GET in the OpenAPI, path parameters filled with visible and hidden ids."""
    country = geography.countries()[plan.country]
    values = {
        **VISIBLE,
        "request_id": [*VISIBLE["request_id"], planted.request],
        "partnership_id": [*VISIBLE["partnership_id"], planted.partnership],
        "claim_id": [*VISIBLE["claim_id"], planted.claim],
        "suggestion_id": ["sugg:req-morocco-migration-data:iom", *planted.suggestions],
        "job_id": ["job-0123456789abcdef"],  # no job: the same answer from both hubs
        "subscription_id": ["webhook-0123456789abcdef"],  # none: the same answer from both
        "slug": ["arab-region", "igad"],  # the owners' groups, the shipped ones
        "stakeholder_id": [plan.owner, planted.candidate],
        "node_id": [
            plan.owner,
            planted.candidate,
            f"country:{plan.country}",
            planted.request,
            planted.partnership,
        ],
    }
    queries = {
        "/api/v1/graph/paths": [
            f"source={plan.owner}&target={planted.candidate}",
            f"source={plan.owner}&target={planted.request}",
        ],
        "/api/v1/analysis/synergies": [
            f"region={quote(country.region)}",
            f"region={quote(country.subregion)}",
            "group=arab-region",
            "group=igad&with_group=arab-region",
        ],
        "/api/v1/graph/neighbourhood/{node_id}": ["depth=3", "depth=2&format=graphml"],
        "/api/v1/graph/centrality": ["top=200"],
        "/api/v1/suggestions": ["status=accepted", "status=rejected"],
        "/api/v1/requests": [f"requester={plan.owner}", f"country={plan.country}&limit=200"],
        "/api/v1/partnerships": [f"member={planted.candidate}&limit=200"],
        "/api/v1/requests/{request_id}/similar": ["n=50"],
        "/api/v1/requests/{request_id}/funders": ["n=50"],
        "/api/v1/analysis/gaps": ["top=200", "subregions=true&top=200"],
        "/api/v1/search": [  # its own words, and words it shares with visible records
            f"q={plan.words[0]}+{plan.words[2]}&top=100",
            "q=programme+registry+support&top=100",
            f"q=migration&kind=request&objective={plan.objectives[0]}&top=100",
            f"q=migration+data&region={quote(country.subregion)}&top=100",
        ],
        "/api/v1/export/lists/{name}": ["format=csv&group=arab-region", "format=xlsx"],
    }
    for template, operations in hub.client.app.openapi()["paths"].items():  # type: ignore[attr-defined]
        if "get" not in operations:
            continue
        filled = [template]
        for name in re.findall(r"{(\w+)}", template):
            filled = [
                f.replace(f"{{{name}}}", quote(v, safe="")) for f in filled for v in values[name]
            ]
        for url in filled:
            for query in queries.get(template, [""]):
                yield f"{url}?{query}" if query else url


@settings(
    max_examples=4,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # shrinking two hubs takes minutes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(plan=plans)
def test_hidden_records_change_no_answer_for_those_who_may_not_see_them(plan: Plan) -> None:
    with (
        tempfile.TemporaryDirectory(prefix="gcm-visibility-") as folder,
        demo_hub(Path(folder) / "bare", plan.owner) as bare,
        demo_hub(Path(folder) / "planted", plan.owner) as hub,
    ):
        planted = plant(hub, plan)
        hub.send("member_state:owner", "GET", f"/partnerships/{planted.partnership}")
        for principal in (
            PUBLIC,
            COMMON,
            Principal(Role.MEMBER_STATE, "morocco"),
            Principal(Role.MEMBER_STATE, plan.owner),
            Principal(Role.PARTNER, planted.candidate),
        ):  # one decision, whether asked node by node or for the hidden set
            sight = Sight(hub.store, principal)
            assert {n.id for n in hub.store.nodes() if not sight.sees(n)} == sight.hidden()
        for url in urls(hub, plan, planted):
            for caller in CALLERS:
                status, body = hub.get(caller, url)
                text = body.decode(errors="replace").lower()
                asked = unquote(url).lower()  # a 404 may repeat what was asked, no more
                named = {n for n in planted.names if n.lower() in text and n.lower() not in asked}
                assert not named, (caller, url, named)
                assert status < 500, (caller, url, text)
                assert (status, body) == bare.get(caller, url), (caller, url)
