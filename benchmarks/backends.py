"""The Somalia file on both backends: same counts, import time, exploration latency.

    HUB_TEST_NEO4J_URI=bolt://127.0.0.1:7687 python -m benchmarks.backends

The Neo4j database named by the URI is wiped first: point it at a scratch server.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from neo4j import GraphDatabase

from graph import GraphStore
from graph.neo4j import Neo4jGraphStore
from graph.sqlite import SqliteGraphStore
from hub.imports.importer import import_file

SOMALIA = Path(__file__).resolve().parents[2] / "shared" / "data" / "iati" / "somalia-3w-2021.xml"
RESULTS = Path(__file__).resolve().parent / "results"


def _latency_ms(call: Callable[[], object], repeat: int) -> dict[str, float]:
    call()  # warm caches and connections first
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median_ms": statistics.median(times), "p99_ms": times[int(0.99 * (len(times) - 1))]}


def measure(store: GraphStore, path: Path, repeat: int) -> dict[str, Any]:
    start = time.perf_counter()
    report = import_file(store, path)
    seconds = time.perf_counter() - start
    counts = store.counts()
    busiest = max(
        (n for n in store.nodes("Stakeholder")),
        key=lambda n: len(store.neighbours(n.id, edge_types=["IMPLEMENTED"])),
    )
    return {
        "import_seconds": round(seconds, 2),
        "activities_per_second": round(report.activities / seconds),
        "nodes": counts.nodes,
        "edges": counts.edges,
        "neighbourhood_depth_2": _latency_ms(
            lambda: store.neighbourhood(busiest.id, 2, edge_types={"IMPLEMENTED", "FUNDED"}),
            repeat,
        ),
        "shortest_paths": _latency_ms(
            lambda: store.shortest_paths(busiest.id, "country:SO"), repeat
        ),
        "from": busiest.id,
    }


def run(path: Path = SOMALIA, repeat: int = 30) -> dict[str, Any]:
    uri = os.environ["HUB_TEST_NEO4J_URI"]
    password = os.environ.get("HUB_TEST_NEO4J_PASSWORD", "hub-test-password")
    with tempfile.TemporaryDirectory() as folder:
        embedded = SqliteGraphStore(Path(folder) / "hub.db")
        results = {"embedded": measure(embedded, path, repeat)}
        embedded.close()
    user = os.environ.get("HUB_TEST_NEO4J_USER", "neo4j")
    with GraphDatabase.driver(uri, auth=(user, password)) as admin:
        admin.execute_query("MATCH (n) DETACH DELETE n")
    neo4j = Neo4jGraphStore(uri, user, password)
    try:
        results["neo4j"] = measure(neo4j, path, repeat)
    finally:
        neo4j.close()
    same = all(results["embedded"][key] == results["neo4j"][key] for key in ("nodes", "edges"))
    return {"file": path.name, "same_counts": same, **results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--file", type=Path, default=SOMALIA)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    results = run(args.file, args.repeat)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "backends.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
