"""Issue 8's scale benchmark: every figure at one N, each beside a same-run reference.

    python -m benchmarks [--scale 10k|100k|1m]

At N stakeholders and N activities (plus 1,000 later activities used as requests) it
runs, each phase in a fresh process so that every peak RSS is the phase's own:

1. import: the synthetic IATI file into an embedded store, tagged as the CLI does;
   the database is kept for the API phase;
2. recommend: fit, one request at a time, a batch, the short list's recall against
   exact scoring, beside the brute-force floor (`benchmarks.brute_force`);
3. api: uvicorn over the imported store, 50 clients against the partners endpoint;
4. mechanisms: N stakeholders and N activities under the demo hub, each matchmaking
   mechanism timed beside its same-run floor (`benchmarks.mechanisms`);
5. neo4j: import into a Neo4j server this benchmark may wipe, and the plain Cypher
   match on the same requests. Neo4j imports 3-4x slower than SQLite here (~500
   activities/s), so above 10k it runs at 10k unless `--neo4j-full`.

The report goes to `benchmarks/results/<scale>.json`, a table to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.cypher import neo4j_phase
from benchmarks.importer import isolated, measure_import
from benchmarks.latency import recommend_phase
from benchmarks.load import api_phase
from benchmarks.mechanisms import mechanisms_phase
from benchmarks.report import table, targets
from tools.synth import synth_hub

__all__ = ["SCALES", "main", "run"]

RESULTS = Path(__file__).parent / "results"
SCALES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
_REQUESTS, _SINGLES, _NEO4J_DEFAULT_MAX = 1000, 200, 10_000


def _neo4j(args: argparse.Namespace, n: int) -> dict[str, Any]:
    if args.no_neo4j:
        return {"skipped": "--no-neo4j"}
    at = n if args.neo4j_full else min(n, _NEO4J_DEFAULT_MAX)
    try:
        result: dict[str, Any] = isolated(
            neo4j_phase, args.neo4j_uri, args.neo4j_password, at, _REQUESTS, _SINGLES, args.seed
        )
    except Exception as error:  # an absent server skips the phase, it does not end the run
        return {"skipped": f"{type(error).__name__}: {error}"}
    if at < n:
        result["note"] = f"run at {at:,} activities by default; --neo4j-full for {n:,}"
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    """All phases at `args.scale`; returns the report with its targets checked."""
    n = SCALES[args.scale]
    began = time.perf_counter()
    phases: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="gcm-bench-") as scratch:
        xml, db = Path(scratch) / "hub.xml", Path(scratch) / "hub.db"
        synth_hub(xml, n, n + _REQUESTS, _REQUESTS, args.seed)
        phases["import_embedded"] = isolated(measure_import, xml, True, db)
        phases["recommend"] = isolated(recommend_phase, n, _REQUESTS, _SINGLES, args.seed)
        phases["api"] = isolated(
            api_phase, db, xml, args.api_requests, args.clients, args.api_deadline
        )
    phases["mechanisms"] = isolated(mechanisms_phase, n, args.seed)
    phases["neo4j"] = _neo4j(args, n)
    report: dict[str, Any] = {
        "scale": args.scale,
        "n": n,
        "stakeholders": n,
        "activities": n + _REQUESTS,
        "seed": args.seed,
        "machine": {
            "python": platform.python_version(),
            "cpus": len(os.sched_getaffinity(0)),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "phases": phases,
        "wall_s": round(time.perf_counter() - began, 1),
    }
    report["targets"] = targets(report)
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--scale", choices=SCALES, default="10k")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--clients", type=int, default=50, help="concurrent API clients")
    parser.add_argument("--api-requests", type=int, default=2000, help="API calls in all")
    parser.add_argument(
        "--api-deadline", type=float, default=300.0, help="seconds before the load stops"
    )
    parser.add_argument("--no-neo4j", action="store_true", help="skip the Neo4j phase")
    parser.add_argument("--neo4j-full", action="store_true", help="Neo4j at N even above 10k")
    parser.add_argument(
        "--neo4j-uri",
        default=os.environ.get("HUB_BENCH_NEO4J_URI", "bolt://127.0.0.1:7688"),
        help="a server this benchmark may wipe (never the shared one on 7687)",
    )
    parser.add_argument(
        "--neo4j-password",
        default=os.environ.get("HUB_BENCH_NEO4J_PASSWORD", "hub-test-password"),
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    report = run(args)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"{args.scale}.json"
    path.write_text(json.dumps(report, indent=2) + "\n")
    print(table(report))
    print(f"\nwritten to {path}")
