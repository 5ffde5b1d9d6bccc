"""Search latency at scale: word, meaning and combined queries over a synthetic hub.

    python -m benchmarks.search [--records 100000] [--sample 1000]

Builds an embedded store of synthetic activities (nine in ten records) and
organisations (`benchmarks.synthetic`), then reports the one-off costs (writing the
nodes with their word index in step, the migration that builds the word index of a
file that has none) and the p50/p99 of distinct queries of each mode, a fresh query
set per mode so that no query embedding is cached:

- word: `GraphStore.search_text` alone (FTS5, best 200);
- meaning: embedding the query and the nearest rows of the index;
- combined: `hub.knowledge.search.search` as the public, both fused.

Embedding every record for real takes about half an hour at 100k on this machine, so
the records' embedding is measured on `--sample` of them and extrapolated, and the
index is filled with stand-ins: unit vectors drawn from a hash of each record's text
(the report says so under "vectors"). Queries are embedded for real. The stand-ins go
through the vector file as real rows would, so a second store object on the same file
(as a new process) shows the cost of loading them, and one more write shows the cost
of a new revision. The goal is p99 <= 100 ms at 100k records; the report goes to
stdout as JSON.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from benchmarks.synthetic import synthetic_hub
from graph import Node
from graph.sqlite import SqliteGraphStore
from hub.access import PUBLIC
from hub.knowledge.search import search, search_index, vector_file
from hub.knowledge.search_index import TEXT_FIELDS, build_index, record_embedder
from matching.embedding import Kind, Model, TextEmbedder, embedder
from matching.retrieval import nearest
from matching.vector_file import VectorFile

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


class StandIn(TextEmbedder):
    """Unit vectors drawn from a hash of each text: the shape of USE's, none of its sense.
    Keeps the texts it was given, so that a sample of them can be embedded for real."""

    seen: list[str]

    def embed(self, texts: Sequence[str], kind: Kind = Kind.PASSAGE) -> npt.NDArray[np.float32]:
        self.seen = [*getattr(self, "seen", []), *texts]
        rows = np.empty((len(texts), 512), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest())
            rows[i] = np.random.default_rng(seed).standard_normal(512)
        unit: npt.NDArray[np.float32] = rows / np.linalg.norm(rows, axis=1, keepdims=True)
        return unit


def _embedding_cost(texts: list[str], sample: int) -> dict[str, float]:
    """Real embedding of `sample` of the records' texts (as the index cuts them), extrapolated."""
    picked = random.Random(0).sample(texts, min(sample, len(texts)))
    model = record_embedder()
    model.embed(picked[:1])  # the model loads once per process: not a per-record cost
    start = time.perf_counter()
    model.embed(picked)
    each = (time.perf_counter() - start) / len(picked)
    return {
        "sampled": len(picked),
        "per_record_ms": round(each * 1000, 1),
        "all_records_estimated_s": round(each * len(texts)),
    }


def run(records: int, sample: int) -> dict[str, Any]:
    report: dict[str, Any] = {"records": records, "load_average_at_start": os.getloadavg()}
    start = time.perf_counter()
    nodes = _nodes(records)
    report["generate_s"] = round(time.perf_counter() - start, 1)
    report["vectors"] = "stand-ins: hash-seeded unit vectors (StandIn), not USE's"
    with tempfile.TemporaryDirectory(prefix="gcm-search-") as folder:
        path, vectors = Path(folder) / "hub.db", vector_file(Path(folder))
        store = SqliteGraphStore(path)
        start = time.perf_counter()
        store.search_text("warm", TEXT_FIELDS)  # an empty file: the index exists from now on
        store.upsert_nodes(nodes)
        report["write_with_word_index_s"] = round(time.perf_counter() - start, 1)
        store.search_text("warm", {**TEXT_FIELDS, "Region": ["name"]})  # another declaration
        start = time.perf_counter()
        store.search_text("warm", TEXT_FIELDS)  # rebuilds the word index from the nodes
        report["word_index_migration_s"] = round(time.perf_counter() - start, 1)
        stand_in = StandIn()
        build_index(store, store.revision(), stand_in, None, VectorFile(vectors, Model.USE.value))
        report["embedding"] = _embedding_cost(stand_in.seen, sample)
        store.close()
        store = SqliteGraphStore(path)  # as a new process would: nothing in memory
        start = time.perf_counter()
        index = search_index(store, vectors)
        report["index_from_vector_file_s"] = round(time.perf_counter() - start, 1)
        report["meaning_index_mb"] = round(index.vectors.nbytes / 2**20)
        store.upsert_node(nodes[0])
        start = time.perf_counter()
        search_index(store, vectors)
        report["index_at_a_new_revision_s"] = round(time.perf_counter() - start, 1)
        allowed = np.ones(len(index.ids), dtype=bool)

        def meaning(query: str) -> object:
            row = embedder().embed([query], Kind.QUERY)[0]
            return nearest(index.vectors, row, allowed, 100, 0.15)

        report["word"] = _timed(
            _queries(nodes, 1), lambda q: store.search_text(q, TEXT_FIELDS, limit=200)
        )
        report["meaning"] = _timed(_queries(nodes, 2), meaning)
        report["combined"] = _timed(
            _queries(nodes, 3), lambda q: search(store, PUBLIC, q, vectors=vectors)
        )
        store.close()
    report["load_average_at_end"] = os.getloadavg()
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=1000, help="records embedded for real")
    arguments = parser.parse_args()
    print(json.dumps(run(arguments.records, arguments.sample), indent=2))


if __name__ == "__main__":
    main()
