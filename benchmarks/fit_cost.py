"""What the multilingual signals add to fitting on a real history, with and without them.

Imports the activities before the split date, then times, in this process: loading the
embedding model, embedding the history and profile parts with a cold cache
(`matching.dense.DenseIndex`), and `PartnerRecommender(dense=...).fit` for both settings
(the second and third fits find the embeddings cached, as a refit in the hub does).

    python -m benchmarks.fit_cost ../shared/data/iati/somalia-3w-2021.xml --split-date 2020-01-01
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from pathlib import Path

from graph.sqlite import SqliteGraphStore
from hub.imports.importer import import_file
from hub.matchmaking.inputs import build_history
from hub.matchmaking.provider import eligible_candidates
from matching.dense import DenseIndex
from matching.embedding import embedder
from matching.recommender import PartnerRecommender

__all__ = ["main"]


def _seconds(began: float) -> float:
    return round(time.perf_counter() - began, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--split-date", type=date.fromisoformat, required=True)
    args = parser.parse_args()
    split: date = args.split_date
    with tempfile.TemporaryDirectory(prefix="gcm-hub-fit-cost-") as folder:
        store = SqliteGraphStore(Path(folder) / "history.db")
        for path in args.files:
            import_file(store, path, keep=lambda a: a.start is not None and a.start < split)
        history = build_history(store)
        candidates = eligible_candidates(store, history)
        store.close()
    began = time.perf_counter()
    embedder().embed(["load"])
    print(f"model load {_seconds(began)} s")
    began = time.perf_counter()
    DenseIndex([a.text for a in history], [c.text for c in candidates])
    print(f"embed {len(history)} activities and {len(candidates)} profiles {_seconds(began)} s")
    for dense in (True, False):
        began = time.perf_counter()
        PartnerRecommender(dense=dense).fit(candidates, history)
        print(f"fit dense={dense} {_seconds(began)} s")


if __name__ == "__main__":
    main()
