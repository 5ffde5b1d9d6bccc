"""How fast IATI files go into the embedded store, phase by phase.

A synthetic file (`tools.synth`, one stakeholder per three activities) is read, tagged and
written; every measurement runs in a fresh process so that its peak RSS is its own:

- parse: `read_activities` over the whole file;
- tag: the import tagger (`import_tagger` on an empty hub) over every activity text;
- write: an untagged import minus the parse, i.e. resolving and storing;
- import: the CLI's path, tagging included, into a fresh store (large files are tagged
  in a worker process, whose CPU seconds are counted too);
- SQLite floor: the rows the import stored, inserted again into an empty store with
  one `executemany` per table; no importer can store this graph faster;
- retag: the background job (`hub.imports.retagging`) re-tagging the first `retag`
  activities of the tagged store with the multilingual tagger, in its batches; the
  tagger's fit (model load, descriptions) and the listing of what is pending are timed
  apart from the rate.

Run `python -m benchmarks.importer --activities 100000`; results go to
`benchmarks/results/importer-<scale>.json`. Wall times depend on what else the machine
runs, so CPU seconds are reported too.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sqlite3
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from pathlib import Path
from typing import Any

from graph.sqlite import SqliteGraphStore
from hub.imports.importer import activity_text, import_file
from hub.imports.parse import read_activities
from hub.imports.retagging import pending, retag
from hub.objectives import import_tagger, multilingual_tags
from tools.synth import synth_hub

__all__ = ["isolated", "main", "measure_import", "run"]

RESULTS = Path(__file__).parent / "results"
SOMALIA = Path(__file__).resolve().parents[2] / "shared" / "data" / "iati" / "somalia-3w-2021.xml"
_CHUNK = 512

Measurement = dict[str, Any]


def _clock() -> tuple[float, float]:
    """Wall and CPU seconds, the CPU of finished worker processes included."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter(), time.process_time() + children.ru_utime + children.ru_stime


def _since(start: tuple[float, float]) -> dict[str, float]:
    wall, cpu = _clock()
    return {"seconds": round(wall - start[0], 3), "cpu_seconds": round(cpu - start[1], 3)}


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _parse(path: Path) -> Measurement:
    start = _clock()
    activities = sum(1 for _ in read_activities(path))
    return {"activities": activities, **_since(start), "peak_rss_mb": _peak_mb()}


def _tag(path: Path) -> Measurement:
    texts = [activity_text(a) for a in read_activities(path)]
    start = _clock()
    with tempfile.TemporaryDirectory() as scratch:
        store = SqliteGraphStore(Path(scratch) / "hub.db")
        tag = import_tagger(store)
        store.close()
    for first in range(0, len(texts), _CHUNK):
        tag(texts[first : first + _CHUNK])
    return {"activities": len(texts), **_since(start), "peak_rss_mb": _peak_mb()}


def measure_import(path: Path, tagged: bool, keep: Path | None = None) -> Measurement:
    """Import `path` into a fresh embedded store; `keep` names a database to leave behind
    (for a later phase to serve), otherwise it goes with a temporary folder. The load
    average (1 minute) before and after says how much of the wall time others took."""
    with tempfile.TemporaryDirectory() as scratch:
        store = SqliteGraphStore(keep or Path(scratch) / "hub.db")
        load_before = os.getloadavg()[0]
        start = _clock()
        tag = import_tagger(store) if tagged else None
        report = import_file(store, path, tag=tag)
        timing = _since(start)
        load = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        counts = store.counts()
        store.close()
    return {
        "activities": report.activities,
        **timing,
        "activities_per_second": round(report.activities / timing["seconds"]),
        "activities_per_cpu_second": round(report.activities / timing["cpu_seconds"]),
        "load_average": load,
        "peak_rss_mb": _peak_mb(),
        "nodes": sum(counts.nodes.values()),
        "edges": sum(counts.edges.values()),
        "organisations": report.organisations,
    }


def measure_retag(path: Path, sample: int) -> Measurement:
    """Re-tag the first `sample` pending activities of the store at `path`, as the job does."""
    store = SqliteGraphStore(path)
    start = _clock()
    tag = multilingual_tags(store)
    fit = _since(start)
    start = _clock()
    ids = pending(store)
    listing = {"pending": len(ids), **_since(start)}
    start = _clock()
    report = retag(store, tag, ids[:sample])
    timing = _since(start)
    store.close()
    return {
        "tagger_fit": fit,
        "listing": listing,
        "activities": report.retagged,
        **timing,
        "activities_per_second": round(report.retagged / timing["seconds"], 1),
        "peak_rss_mb": _peak_mb(),
    }


_TABLES = {"nodes": 3, "edges": 5, "external_ids": 3}


def sqlite_floor(path: Path) -> Measurement:
    """Insert the rows of an imported store into an empty one, in one transaction,
    with the store's durability settings (WAL, synchronous FULL, foreign keys)."""
    with closing(sqlite3.connect(path)) as source:
        rows = {table: source.execute(f"SELECT * FROM {table}").fetchall() for table in _TABLES}
    with tempfile.TemporaryDirectory() as scratch:
        empty = Path(scratch) / "floor.db"
        SqliteGraphStore(empty).close()  # creates the schema
        with closing(sqlite3.connect(empty, isolation_level=None)) as database:
            for pragma in ("journal_mode = WAL", "synchronous = FULL", "foreign_keys = ON"):
                database.execute(f"PRAGMA {pragma}")
            start = _clock()
            database.execute("BEGIN")
            for table, width in _TABLES.items():
                marks = ", ".join("?" * width)
                database.executemany(f"INSERT INTO {table} VALUES ({marks})", rows[table])
            database.execute("COMMIT")
            timing = _since(start)
    return {"rows": sum(map(len, rows.values())), **timing, "peak_rss_mb": _peak_mb()}


def isolated(task: Callable[..., Measurement], *args: object) -> Measurement:
    """Run one measurement in a fresh interpreter, so peak RSS is the task's own.

    Not a `multiprocessing.Pool`: its daemonic workers could not start the importer's
    tagging worker."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(task, *args).result()


def run(
    activities: int, seed: int = 0, somalia: bool = True, retag_sample: int = 2000
) -> dict[str, Any]:
    """Benchmark one synthetic scale (and the Somalia file); returns the results."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / f"synth-{activities}.xml"
        stakeholders = max(10, activities // 3)
        synth_hub(path, stakeholders, activities, activities // 10, seed)
        parse = isolated(_parse, path)
        tag = isolated(_tag, path)
        stored = Path(scratch) / "untagged.db"
        untagged = isolated(measure_import, path, False, stored)
        floor = isolated(sqlite_floor, stored)
        kept = Path(scratch) / "tagged.db"
        tagged = isolated(measure_import, path, True, kept)
        retagged = isolated(measure_retag, kept, retag_sample) if retag_sample else None
        size_mb = round(path.stat().st_size / 1e6, 1)
    write = {key: round(untagged[key] - parse[key], 3) for key in ("seconds", "cpu_seconds")}
    result: dict[str, Any] = {
        "activities": activities,
        "stakeholders": stakeholders,
        "file_mb": size_mb,
        "phases": {"parse": parse, "tag": tag, "write": write, "sqlite_floor": floor},
        "import_untagged": untagged,
        "import_tagged": tagged,
        "retag": retagged,
        "floor_activities_per_second": round(activities / max(floor["seconds"], 1e-9)),
        "tagged_over_floor": round(tagged["seconds"] / max(floor["seconds"], 1e-9), 2),
    }
    if somalia and SOMALIA.is_file():
        result["somalia"] = {
            "untagged": isolated(measure_import, SOMALIA, False),
            "tagged": isolated(measure_import, SOMALIA, True),
        }
    return result


def _scale(activities: int) -> str:
    return f"{activities // 1000}k" if activities % 1000 == 0 else str(activities)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-somalia", action="store_true", help="skip the real Somalia file")
    parser.add_argument(
        "--retag", type=int, default=2000, help="activities the background re-tag is timed on"
    )
    args = parser.parse_args(argv)
    result = run(args.activities, args.seed, not args.no_somalia, args.retag)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"importer-{_scale(args.activities)}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
