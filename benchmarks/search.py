"""Search latency at scale: word, meaning and combined queries over a synthetic hub.

    python -m benchmarks.search [--records 100000]

Builds an embedded store of synthetic activities (nine in ten records) and
organisations (`benchmarks.synthetic`), then reports the one-off costs (writing the
nodes with their word index in step, the migration that builds the word index of a
file that has none, embedding every record for meaning) and the p50/p99 of distinct
queries of each mode, a fresh query set per mode so that no query embedding is cached:

- word: `GraphStore.search_text` alone (FTS5, best 200);
- meaning: embedding the query and the nearest rows of the index;
- combined: `hub.knowledge.search.search` as the public, both fused.

The goal is p99 <= 100 ms at 100k records; the report goes to stdout as JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.synthetic import synthetic_hub
from graph import Node
from graph.sqlite import SqliteGraphStore
from hub.access import PUBLIC
from hub.knowledge.search import search, search_index
from hub.knowledge.search_index import TEXT_FIELDS
from matching.embedding import Kind, embedder
from matching.retrieval import nearest

QUERIES = 200
WRITTEN = [
    "border management training",
    "مكافحة الاتجار بالبشر",
    "données sur la migration",
    "reintegración de retornados",
    "remittance costs",
    "إدارة الحدود",
    "protection des enfants migrants",
    "trabajadores migrantes y contratación justa",
]
"""A few queries written as people would, beside the ones drawn from the texts."""


def _nodes(records: int) -> list[Node]:
    organisations = max(records // 10, 100)
    hub = synthetic_hub(organisations, records - organisations, 10)
    nodes = [
        Node(
            a.id,
            "Activity",
            {
                "title_json": json.dumps({"en": a.text[:90]}),
                "description_json": json.dumps({"en": a.text}),
                "objectives": list(a.objectives),
                "countries": list(a.countries),
            },
        )
        for a in hub.history
    ]
    nodes += [Node(c.id, "Stakeholder", {"name": c.name, "kind": c.kind}) for c in hub.candidates]
    return nodes


def _queries(nodes: list[Node], seed: int) -> list[str]:
    """Three words from a record's text, and the written ones, all distinct."""
    rng = random.Random(seed)
    drawn = []
    for node in rng.sample(nodes, QUERIES):
        words = " ".join(str(v) for v in node.properties.values() if isinstance(v, str)).split()
        words = [w.strip('",.:{}') for w in words if len(w) > 3 and w.isalpha()]
        drawn.append(" ".join(rng.sample(words, min(3, len(words)))) + f" {seed}")
    return [f"{q} {seed}" for q in WRITTEN] + drawn


def _timed(queries: list[str], run: Callable[[str], object]) -> dict[str, float]:
    took = []
    for query in queries:
        start = time.perf_counter()
        run(query)
        took.append((time.perf_counter() - start) * 1000)
    return {
        "queries": len(took),
        "p50_ms": round(float(np.percentile(took, 50)), 2),
        "p99_ms": round(float(np.percentile(took, 99)), 2),
    }


def run(records: int) -> dict[str, Any]:
    report: dict[str, Any] = {"records": records}
    start = time.perf_counter()
    nodes = _nodes(records)
    report["generate_s"] = round(time.perf_counter() - start, 1)
    with tempfile.TemporaryDirectory(prefix="gcm-search-") as folder:
        store = SqliteGraphStore(Path(folder) / "hub.db")
        start = time.perf_counter()
        store.search_text("warm", TEXT_FIELDS)  # an empty file: the index exists from now on
        store.upsert_nodes(nodes)
        report["write_with_word_index_s"] = round(time.perf_counter() - start, 1)
        store.search_text("warm", {**TEXT_FIELDS, "Region": ["name"]})  # another declaration
        start = time.perf_counter()
        store.search_text("warm", TEXT_FIELDS)  # rebuilds the word index from the nodes
        report["word_index_migration_s"] = round(time.perf_counter() - start, 1)
        start = time.perf_counter()
        index = search_index(store)
        report["meaning_index_s"] = round(time.perf_counter() - start, 1)
        report["meaning_index_mb"] = round(index.vectors.nbytes / 2**20)
        allowed = np.ones(len(index.ids), dtype=bool)

        def meaning(query: str) -> object:
            row = embedder().embed([query], Kind.QUERY)[0]
            return nearest(index.vectors, row, allowed, 100, 0.15)

        report["word"] = _timed(
            _queries(nodes, 1), lambda q: store.search_text(q, TEXT_FIELDS, limit=200)
        )
        report["meaning"] = _timed(_queries(nodes, 2), meaning)
        report["combined"] = _timed(_queries(nodes, 3), lambda q: search(store, PUBLIC, q))
        store.close()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    print(json.dumps(run(parser.parse_args().records), indent=2))


if __name__ == "__main__":
    main()
