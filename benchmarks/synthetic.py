"""The recommender's inputs for a synthetic hub, built without a store.

`tools.synth` writes IATI XML; the texts, places and sectors are read back with the hub's
own parser, and the organisations come straight from the plan (row i of the plan is the
file's i-th activity), the way the importer and `hub.matchmaking.inputs` would resolve them. A
temporary store import would give the same inputs far more slowly.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from hub.domain.geography import places
from hub.imports.importer import activity_text
from hub.imports.parse import read_activities
from hub.imports.parsed import ParsedActivity
from matching.profiles import Candidate, PastActivity, Query
from tools.synth import SynthPlan, plan_hub, synth_hub

__all__ = ["SyntheticHub", "synthetic_hub"]


@dataclass(frozen=True, slots=True)
class SyntheticHub:
    """Candidates and history as the service would fit on, requests with their answers."""

    candidates: list[Candidate]
    history: list[PastActivity]
    graph: nx.Graph
    queries: list[Query]
    golds: list[set[str]]


def _members(row: list[int], refs: list[str]) -> tuple[str, ...]:
    return tuple(refs[i] for i in dict.fromkeys(row) if i >= 0)


def _profiles(plan: SynthPlan, parsed: list[ParsedActivity], history_size: int) -> SyntheticHub:
    refs = plan.refs
    implementers = plan.implementers.tolist()
    funders = plan.funders.tolist()
    objectives = plan.objectives.tolist()
    history, queries, golds = [], [], []
    present: dict[str, set[str]] = {}
    graph = nx.Graph()
    for row, activity in enumerate(parsed):
        where = places(activity.countries)
        doing, paying = _members(implementers[row], refs), _members(funders[row], refs)
        wanted = tuple(o for o in objectives[row] if o)
        sectors = tuple(f"{s.vocabulary}:{s.code}" for s in activity.sectors)
        if row >= history_size:
            # A request says what and where, and comes from someone: here its funder.
            queries.append(
                Query(
                    activity.identifier,
                    activity_text(activity),
                    *where,
                    locations=tuple(activity.locations),
                    sectors=sectors,
                    objectives=wanted,
                    requester=paying[0] if paying else None,
                    when=activity.start,
                )
            )
            golds.append(set(doing))
            continue
        history.append(
            PastActivity(
                activity.identifier,
                activity_text(activity),
                *where,
                locations=tuple(activity.locations),
                sectors=sectors,
                objectives=wanted,
                start=activity.start,
                implementers=doing,
                funders=paying,
            )
        )
        # The store's projection: role edges, funding ties, presence in countries.
        graph.add_edges_from((activity.identifier, f"country:{c}") for c in where[0])
        for org in doing:
            present.setdefault(org, set()).update(where[0])
            graph.add_edge(org, activity.identifier)
            graph.add_edges_from((org, f"country:{c}") for c in where[0])
        for org in paying:
            graph.add_edge(org, activity.identifier)
            graph.add_edges_from((org, other) for other in doing if other != org)
    candidates = []
    for ref, name, kind in zip(refs, plan.names, plan.kinds, strict=True):
        countries, subregions, regions = places(sorted(present.get(ref, ())))
        candidates.append(
            Candidate(
                ref,
                name,
                kind=kind.value,
                countries=countries,
                subregions=subregions,
                regions=regions,
            )
        )
    return SyntheticHub(candidates, history, graph, queries, golds)


def synthetic_hub(candidates: int, activities: int, requests: int, seed: int = 0) -> SyntheticHub:
    """A hub of `candidates` organisations with `activities` past activities and `requests`
    later ones as requests (the file is written to a temporary folder and read back)."""
    total = activities + requests
    plan = plan_hub(candidates, total, requests, seed)
    with tempfile.TemporaryDirectory(prefix="gcm-bench-") as folder:
        path = Path(folder) / "hub.xml"
        synth_hub(path, candidates, total, requests, seed)
        parsed = list(read_activities(path))
    return _profiles(plan, parsed, activities)
