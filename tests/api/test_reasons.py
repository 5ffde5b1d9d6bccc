"""Every sentence of reasons the API serves comes with its parts, and they agree: the
console words the parts in its reader's language, CLI and API readers keep the English."""

from __future__ import annotations

from typing import Any

from matching.reasons import Reason, say
from tests.api.conftest import Hub

JORDAN = "req-fund-jordan-skills"
LEBANON = "req-lebanon-primary-health"
"""Demo requests whose partners are named and present, and whose funders show every
part of a funding record."""


def _values(part: dict[str, Any]) -> list[str]:
    """What a part is about, as the English sentence writes it."""
    found = [str(v) for v in (part["count"], part["year"]) if v is not None]
    found += [str(n) for n in part["counts"].values()]
    found += [str(o) for o in part["objectives"]]
    found += [*part["places"], *part["names"]]
    if part["value"] is not None:
        found.append(f"{part['value']:+.2f}")
    return found


def _agree(sentences: list[str], parts: list[dict[str, Any]]) -> set[str]:
    """Assert one part per sentence, saying it and holding each value it names; the
    codes seen."""
    assert len(parts) == len(sentences), (sentences, parts)
    for sentence, part in zip(sentences, parts, strict=True):
        assert say(Reason(**{**part, **_tuples(part)})) == sentence
        for value in _values(part):
            assert value in sentence, (value, sentence)
    return {p["code"] for p in parts}


def _tuples(part: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {k: tuple(part[k]) for k in ("objectives", "places", "names")}


def _get(hub: Hub, role: str, url: str) -> Any:
    response = hub.client.get("/api/v1" + url, headers=hub.headers(role))
    assert response.status_code == 200, response.text
    return response.json()


def test_a_partners_evidence_comes_with_its_parts(hub: Hub) -> None:
    partners = _get(hub, "coordinator", f"/requests/{JORDAN}/partners?n=10")["partners"]
    codes = set().union(*(_agree(p["evidence"], p["evidence_parts"]) for p in partners))
    assert {"named", "present"} <= codes


def test_a_funders_reasons_come_with_their_parts(hub: Hub) -> None:
    funders = _get(hub, "coordinator", f"/requests/{LEBANON}/funders?n=10")["funders"]
    codes: set[str] = set()
    for lead in funders:
        codes |= _agree(lead["reasons"], lead["reason_parts"])
        by_code = {p["code"]: p for p in lead["reason_parts"]}
        if "funded_nearby" in by_code:
            nearby = by_code["funded_nearby"]
            assert (nearby["count"], nearby["counts"]) == (lead["funded"], lead["by_place"])
        if "funded_objectives" in by_code:
            assert by_code["funded_objectives"]["objectives"] == lead["shared_objectives"]
    assert {"funded_nearby", "funded_objectives", "funds_kinds", "declares"} <= codes


def test_a_programmes_funders_and_the_allocation_come_with_their_parts(hub: Hub) -> None:
    programmes = _get(hub, "partner", "/analysis/synergies?region=Africa")["programmes"]
    funders = [f for p in programmes for f in p["funders"]]
    assert funders
    for funder in funders:
        _agree(funder["reasons"], funder["reason_parts"])
    plan = _get(hub, "coordinator", "/analysis/allocation")
    assert plan["assignments"]  # the demo serves every request: `unserved` is tested in matching
    for assignment in plan["assignments"]:
        assert "part" in _agree(assignment["why"], assignment["why_parts"])
    for unserved in plan["unserved"]:
        _agree([unserved["why"]], [unserved["reason"]])


def test_why_states_are_grouped_is_made_of_the_programmes_parts(hub: Hub) -> None:
    """The console words a programme's `why` from its states, objectives, terms and
    cohesion: the English sentence says nothing else."""
    programmes = _get(hub, "partner", "/analysis/synergies?region=Africa")["programmes"]
    assert programmes
    for p in programmes:
        said = f"{len(p['states'])} states ask for alike support"
        assert p["why"].startswith(said) and p["why"].endswith(f"(cohesion {p['cohesion']:.2f})")
        for o in p["shared_objectives"]:
            assert f"{o} (" in p["why"]
        assert ("common terms: " + ", ".join(p["terms"]) in p["why"]) == bool(p["terms"])


def test_a_queued_suggestion_keeps_its_evidence_as_parts(hub: Hub) -> None:
    queue = _get(hub, "coordinator", "/suggestions?member_state=morocco")["items"]
    assert queue
    codes = set().union(*(_agree(s["evidence"], s["evidence_parts"]) for s in queue))
    assert "present" in codes
