"""`python -m benchmarks.security [--activities N] [--kills K] [--seed S]`.

Writes benchmarks/results/security.json and prints the review table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from benchmarks.security.hostile import measure_hostile
from benchmarks.security.leaks import count_snapshot, get_urls, measure_leaks
from benchmarks.security.live import crash_safety, stalls
from benchmarks.security.planted import API, build_hub, plant
from benchmarks.security.writes import measure_writes
from hub.domain.settings import Settings
from tools.synth import synth_hub

_RESULTS = Path(__file__).parent.parent / "results" / "security.json"


def _in_process(data: Path) -> dict[str, Any]:
    """Leaks, wrong-role writes and hostile input, through the app on the on-disk hub."""
    headers = build_hub(data)
    with TestClient(create_app(Settings(data_dir=data))) as client:
        before = count_snapshot(client, headers)
        planted = plant(client, headers)
        openapi = client.get("/openapi.json").json()
        urls = get_urls(openapi, planted)
        leaks = measure_leaks(client, headers, planted, urls, before)
        claim = client.post(
            f"{API}/stakeholders/iom/claims",
            headers=headers["iom"],
            json={"aliases": ["IOM Claimed"], "reason": "review"},
        ).json()["id"]
        writes = measure_writes(client, openapi, headers, planted, claim)
        hostile = measure_hostile(client, headers)
    coordinator = headers["coordinator"]["Authorization"].removeprefix("Bearer ")
    return {"leaks": leaks, "writes": writes, "hostile": hostile, "token": coordinator}


def _table(results: dict[str, Any]) -> str:
    leaks, writes, hostile = results["leaks"], results["writes"], results["hostile"]
    crash, stall = results["crash_safety"], results["stalls"]
    upload, cli = stall["during_upload"], stall["during_cli_import"]
    rows = [
        ("area", "tried", "failed", "lost", "leaked"),
        ("GETs x 9 callers", leaks["tried"], f"{leaks['server_errors']} 5xx", "-", leaks["leaked"]),
        ("wrong-role writes", writes["tried"], f"{writes['succeeded_wrongly']} done", "-", "-"),
        (
            "hostile input",
            hostile["tried"],
            f"{hostile['server_errors']} 5xx, {hostile['not_problem_json']} not problem",
            "-",
            f"{hostile['entities_resolved']} resolved",
        ),
        (
            f"kill -9 (server {crash['server_kills']}, CLI {crash['cli_kills']})",
            f"{crash['acknowledged_writes']} acked",
            f"{crash['half_imports']} half imports",
            crash["lost_writes"],
            "-",
        ),
        (
            f"reads during {stall['upload_mb']} MB upload",
            upload["reads"],
            f"{upload['reads_over_1s']} > 1 s (max {upload['max_s']} s, p99 {upload['p99_s']} s)",
            "-",
            "-",
        ),
        (
            f"reads during {stall['cli_mb']} MB CLI import",
            cli["reads"],
            f"{cli['reads_over_1s']} > 1 s (max {cli['max_s']} s, p99 {cli['p99_s']} s)",
            "-",
            "-",
        ),
        (
            "API writes during upload + CLI import",
            sum(upload["writes"].values()) + sum(cli["writes"].values()),
            f"{upload['write_server_errors'] + cli['write_server_errors']} 500s",
            "-",
            "-",
        ),
    ]
    widths = [max(len(str(row[i])) for row in rows) for i in range(5)]
    return "\n".join(
        " | ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activities", type=int, default=8000, help="per file (8000: ~10 MB)")
    parser.add_argument("--kills", type=int, default=3, help="of the server, and of the CLI")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hub-security-") as folder:
        work = Path(folder)
        template = work / "template"
        results: dict[str, Any] = _in_process(template)
        token = results.pop("token")
        files = []
        for seed in (1, 2):
            xml = work / f"synth-{seed}.xml"
            synth_hub(
                xml,
                stakeholders=max(10, args.activities // 10),
                activities=args.activities,
                requests=0,
                seed=seed,
            )
            files.append(xml)
        results["crash_safety"] = crash_safety(
            template, work, files[1], args.activities, token, args.kills, rng
        )
        results["stalls"] = stalls(template, work, files[0], files[1], token)
        shutil.rmtree(template)
    results["run"] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cores": os.cpu_count(),
        "activities_per_file": args.activities,
        "seconds": round(time.perf_counter() - began, 1),
    }
    _RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(_table(results))
    print(f"written to {_RESULTS}")


if __name__ == "__main__":
    main()
