"""The demo hub: a small, realistic hub written by the project, loaded in one go.

`hub.json` holds the hub; `fund.json` a closed start-up fund call with its concept
notes (funded, declined, ineligible), their reviews, the partnerships behind them and
the requests those answer (in progress while a partnership works on them);
`practices.json` a practice library in Arabic, English, French and Spanish, drawn from
those partnerships (illustrative: the figures in it are the project's, not reported).
It comes with the working groups the hub ships (`hub/data/groups.json`); `queue_demo`
then fills the review queue as a coordinator would (`gcm-hub demo --suggest N`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pydantic import ValidationError

from hub.access import Principal
from hub.domain.activities import Partnership, Suggestion
from hub.domain.errors import InvalidInput, invalid_input
from hub.domain.keys import Role
from hub.domain.records import Offer, Record, RequestStatus, Stakeholder, SupportRequest
from hub.fund.records import ConceptNote, FundCall, FundReview
from hub.groups.working_groups import shipped_groups
from hub.knowledge.records import Practice
from hub.review import queue_suggestions
from hub.store import Store, codec, repository

__all__ = ["DemoReport", "load_demo", "queue_demo"]

_SECTIONS: dict[str, type[Record]] = {
    "stakeholders": Stakeholder,
    "requests": SupportRequest,
    "offers": Offer,
    "partnerships": Partnership,
    "calls": FundCall,
    "notes": ConceptNote,
    "reviews": FundReview,
    "practices": Practice,
}


@dataclass(frozen=True, slots=True)
class DemoReport:
    stakeholders: int
    requests: int
    offers: int
    partnerships: int
    calls: int
    notes: int
    reviews: int
    practices: int
    groups: int


def _parse(data: dict[str, list[dict[str, Any]]]) -> dict[str, list[Record]]:
    parsed: dict[str, list[Record]] = {}
    for section, model in _SECTIONS.items():
        items = []
        for position, item in enumerate(data.get(section, [])):
            try:
                items.append(model.model_validate(item))
            except ValidationError as error:
                raise invalid_input(f"demo {section}[{position}]", error) from None
        parsed[section] = items
    return parsed


def load_demo(store: Store) -> DemoReport:
    """Write the demo hub in one transaction; loading it again changes nothing."""
    data: dict[str, list[dict[str, Any]]] = {}
    for name in ("hub.json", "fund.json", "practices.json"):
        text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
        for section, items in json.loads(text).items():
            data.setdefault(section, []).extend(items)
    parsed = _parse(data)
    known = {record.id for section in ("stakeholders", "requests") for record in parsed[section]}
    known |= {record.id for record in parsed["partnerships"]}  # what practices come from
    for section in ("requests", "offers", "partnerships", "practices"):
        for record in parsed[section]:
            missing = set(repository.references(record)) - known
            if missing:
                raise InvalidInput(
                    f"demo {section} {record.id!r} refers to unknown {sorted(missing)}"
                )
    groups = shipped_groups()
    for group in groups:
        if set(group.partners) - known:
            raise InvalidInput(f"working group {group.slug!r} names partners not in the demo")
    with store.batch() as writer:
        for section in _SECTIONS:
            for record in parsed[section]:
                previous = store.node(record.id)
                stale = codec.edges_of(codec.from_node(type(record), previous)) if previous else []
                codec.write(writer, record, stale)
        for group in groups:
            codec.write(writer, group)
    counts = {section: len(items) for section, items in parsed.items()}
    return DemoReport(**counts, groups=len(groups))


def queue_demo(store: Store, n: int) -> int:
    """Queue the top `n` partners of every open request that has never had a suggestion,
    as a coordinator would, so that a new hub's review queue has something to review;
    returns how many requests were queued. A request decided on is left alone."""
    staff = Principal(Role.COORDINATOR, key="demo")
    queued = 0
    for request in repository.walk(store, SupportRequest, match={"status": RequestStatus.OPEN}):
        if next(repository.walk(store, Suggestion, match={"request": request.id}), None):
            continue
        queue_suggestions(store, staff, request.id, n)
        queued += 1
    return queued
