"""Issue 16: more workers over one artifact. API p99 and memory at 1, 2 and 4 workers.

    python -m benchmarks.workers --hub FOLDER [--workers 1 2 4] [--clients 50]
                                 [--seconds 20] [--out FILE]

FOLDER is a hub built before (`hub.db`, the `synthetic.xml` it was imported from, and
its fitted artifact in `models/`, e.g. a copy of /work/bench/100k refitted by this
checkout); the benchmark writes into it (20 support requests and a key), so pass a copy.
`--server-code` serves it from another checkout (main before this change: its own
artifact format, so a hub fitted by it).
For each worker count, `gcm-hub serve --workers N` serves it, with
`HUB_REFIT_INTERVAL=0` so that no fit runs during the measurement (the requests are
ranked by the artifact's model, as new requests are). Every worker is warmed up (it
loads the artifact and ranks each request once), then measured: each worker's
`/proc/<pid>/smaps_rollup` (Pss counts a page shared by k processes as 1/k in each,
so the workers' Pss add up to what they hold together), then the partners endpoint
under `clients` `wrk` connections for `seconds` (`benchmarks.load`), and
the same load on `GET /api/v1/health` as the floor.

Each load reports the CPU the server processes spent per call (`/proc/<pid>/stat`,
whatever else the machine runs) and its closed-loop bound: every client sends its next
call when the last is answered, so the mean latency is clients / throughput (Little's
law) however fast the server is; a p99 can be no better than the mean the machine's
throughput allows, and the floor's bound says what that is before the hub does any work.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.load import _free_port, _seed_requests, _stop, _wait_ready, _wrk

__all__ = ["answering", "main", "run"]

RESULTS = Path(__file__).parent / "results"
_QUIET = {"HUB_REFIT_INTERVAL": "0", "HUB_NOTIFY_INTERVAL": "0"}
_FIRST_S = 1800.0
_WARM_S, _WARM_RUNS, _WARM_P99_MS = 10, 12, 500.0
"""Warm-up runs of the full load until the p99 is under 500 ms: a worker still loading
the artifact or ranking a request for the first time answers in seconds."""


def answering(master: int) -> list[int]:
    """The processes answering calls: uvicorn's children when it has any, else itself."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    found = [
        int(pid)
        for pid in children
        if "resource_tracker" not in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    ]
    return found or [master]


def _serve(hub: Path, port: int, workers: int, code: Path | None) -> subprocess.Popen[bytes]:
    """`gcm-hub serve --workers N` over the hub, from the checkout `code` if given."""
    env = os.environ | {"HUB_DATA_DIR": str(hub), "HUB_GRAPH_BACKEND": "embedded"} | _QUIET
    if code is not None:
        env["PYTHONPATH"] = str(code)
    command = [sys.executable, "-m", "cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen([*command, "--workers", str(workers)], env=env, cwd=code)


def _cpu_s(pids: list[int]) -> float:
    """User and system CPU seconds the processes have spent (`/proc/<pid>/stat`)."""
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15
    return ticks / os.sysconf("SC_CLK_TCK")


def _measured(
    base: str, paths: list[str], token: str, clients: int, seconds: int, pids: list[int]
) -> dict[str, Any]:
    """One `wrk` load with the server's CPU per call and the closed-loop bound."""
    began = _cpu_s(pids)
    load = _wrk(base, paths, token, clients, seconds)
    cpu_ms = (_cpu_s(pids) - began) * 1000
    return {
        **load,
        "server_cpu_ms_per_call": round(cpu_ms / max(load["requests"], 1), 3),
        "closed_loop_mean_ms": round(clients / load["requests_per_s"] * 1000, 1),
    }


def _memory(pid: int) -> dict[str, float]:
    """Rss, Pss and private MB of one process (`smaps_rollup`)."""
    fields = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value, *_ = line.split()
        fields[name.rstrip(":")] = int(value) / 1024
    private = fields["Private_Clean"] + fields["Private_Dirty"]
    return {
        "rss_mb": round(fields["Rss"], 1),
        "pss_mb": round(fields["Pss"], 1),
        "private_mb": round(private, 1),
    }


def _warm(base: str, paths: list[str], token: str, clients: int) -> float:
    """Seconds until every worker has loaded the artifact and ranked every request: one
    call waits for the first load, then the load runs, a new connection per call so
    that every worker gets calls, until its p99 is a kept answer's."""
    began = time.perf_counter()
    httpx.get(base + paths[0], headers={"X-API-Key": token}, timeout=_FIRST_S).raise_for_status()
    for _ in range(_WARM_RUNS):
        if _wrk(base, paths, token, clients, _WARM_S, close=True)["p99_ms"] < _WARM_P99_MS:
            break
    return round(time.perf_counter() - began, 1)


def _one(
    hub: Path,
    paths: list[str],
    token: str,
    workers: int,
    clients: int,
    seconds: int,
    code: Path | None,
) -> dict[str, Any]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(hub, port, workers, code)
    try:
        _wait_ready(base, server)
        warm_s = _warm(base, paths, token, clients)
        pids = answering(server.pid)
        memory = {pid: _memory(pid) for pid in pids}
        load_before = os.getloadavg()[0]
        partners = _measured(base, paths, token, clients, seconds, pids)
        floor = _measured(base, ["/api/v1/health"], token, clients, seconds, pids)
        load_after = os.getloadavg()[0]
    finally:
        _stop(server)
    return {
        "workers": workers,
        "partners_p99_ms": partners["p99_ms"],
        "partners_closed_loop_mean_ms": partners["closed_loop_mean_ms"],
        "floor_calls_per_s": floor["requests_per_s"],
        "floor_closed_loop_mean_ms": floor["closed_loop_mean_ms"],
        "warm_up_s": warm_s,
        "memory_per_worker": list(memory.values()),
        "pss_sum_mb": round(sum(m["pss_mb"] for m in memory.values()), 1),
        "rss_sum_mb": round(sum(m["rss_mb"] for m in memory.values()), 1),
        "partners": partners,
        "health_floor": floor,
        "load_average_before_after": [round(load_before, 1), round(load_after, 1)],
    }


def run(
    hub: Path, counts: list[int], clients: int, seconds: int, code: Path | None = None
) -> dict[str, Any]:
    ids, token = _seed_requests(hub / "hub.db", hub / "synthetic.xml", 20)
    paths = [f"/api/v1/requests/{i}/partners" for i in ids]
    return {
        "hub": str(hub),
        "support_requests": len(ids),
        "clients": clients,
        "seconds": seconds,
        "server_code": str(code) if code else "this checkout",
        "runs": [_one(hub, paths, token, n, clients, seconds, code) for n in counts],
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hub", type=Path, required=True)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--server-code", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=RESULTS / "workers-100k.json")
    args = parser.parse_args()
    report = run(args.hub, args.workers, args.clients, args.seconds, args.server_code)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
