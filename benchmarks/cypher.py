"""Neo4j as the reference a graph user would reach for: import rate and a plain Cypher match.

The same synthetic file goes through the hub's importer into a Neo4j server (tagged,
as the CLI does, so activities carry objectives), then the match a Neo4j user would
write for a request is timed on the same requests the recommender answers:
organisations that IMPLEMENTED activities IN_COUNTRY the request's countries, ranked
by how many such activities they have plus how many objectives those share with the
request. It ranks by counting, without text, learning or explanations, so it is a
floor for a graph query rather than a rival.

The server must be one this benchmark may wipe: by default the one started with
`HUB_NEO4J_PORT=7688 HUB_NEO4J_HOME=/tmp/neo4j-bench scripts/neo4j-local start`.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any, LiteralString

import numpy as np
from neo4j import GraphDatabase, RoutingControl

from benchmarks.synthetic import synthetic_hub
from graph.neo4j import Neo4jGraphStore
from hub.imports.importer import import_file
from hub.objectives import import_tagger
from tools.synth import synth_hub

__all__ = ["MATCH", "neo4j_phase"]

MATCH: LiteralString = """
MATCH (c:Entity)<-[:IN_COUNTRY]-(a:Activity)<-[:IMPLEMENTED]-(o:Stakeholder)
WHERE c.id IN $countries AND o.id <> $requester
WITH o, count(DISTINCT a) AS here,
     sum(size([x IN a.objectives WHERE x IN $objectives])) AS shared
RETURN o.id AS id, here + shared AS score
ORDER BY score DESC, id
LIMIT 10
"""
_WIPE: LiteralString = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
_SHARED_SERVER = ":7687"  # the tests' and CI's server: never wiped from here


def _import(uri: str, password: str, path: Path) -> dict[str, Any]:
    store = Neo4jGraphStore(uri, "neo4j", password)
    try:
        began = time.perf_counter()
        report = import_file(store, path, tag=import_tagger(store))
        seconds = time.perf_counter() - began
        counts = store.counts()
    finally:
        store.close()
    return {
        "activities": report.activities,
        "seconds": round(seconds, 2),
        "activities_per_second": round(report.activities / seconds),
        "nodes": sum(counts.nodes.values()),
        "edges": sum(counts.edges.values()),
    }


def neo4j_phase(
    uri: str, password: str, n: int, requests: int, singles: int, seed: int
) -> dict[str, Any]:
    """Wipe the server at `uri`, import N activities, time the Cypher match per request."""
    if _SHARED_SERVER in uri:
        raise ValueError(f"{uri} is the shared test server; start a benchmark server on 7688")
    with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver, driver.session() as session:
        session.run(_WIPE).consume()  # batched deletes need an auto-commit transaction
    with tempfile.TemporaryDirectory(prefix="gcm-bench-") as scratch:
        path = Path(scratch) / "hub.xml"
        synth_hub(path, n, n + requests, requests, seed)
        imported = _import(uri, password, path)
    queries = synthetic_hub(n, n, requests, seed).queries[:singles]
    took = []
    with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        for warm, query in enumerate([*queries[:5], *queries]):
            params = {
                "countries": [f"country:{c}" for c in query.countries],
                "objectives": list(query.objectives),
                "requester": query.requester or "",
            }
            began = time.perf_counter()
            driver.execute_query(MATCH, params, routing_=RoutingControl.READ)
            if warm >= 5:  # the first few compile and cache the plan
                took.append((time.perf_counter() - began) * 1000)
    return {
        "activities": n,
        "import": imported,
        "cypher_match": {
            "requests": len(took),
            **{f"p{q}_ms": round(float(np.percentile(took, q)), 2) for q in (50, 90, 99)},
        },
    }
