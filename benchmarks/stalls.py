"""Do reads and writes stall while a large IATI file is imported? Upload and CLI, measured.

`python -m benchmarks.stalls [--activities N]` serves the demo hub with uvicorn (own
process, one worker) on a free loopback port, then, while readers send GETs back to back
and a writer files a stakeholder every half second, imports a synthetic file twice:
once uploaded through the API (a background job, followed to its end) and once with
`gcm-hub import iati` in a third process. Readers pause `--pause` seconds between GETs,
so that they look often without taking the cores the import needs. Each phase reports
the GETs' p50, p99 and max latency and how many took longer than a second, and what the
writes were answered.
The idle phase is the same load with no import: the machine's own floor. A thread of the
client that sleeps 10 ms at a time notes when it wakes more than 250 ms late: a read
that stalls then stalled with the whole machine, not in the hub.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from benchmarks.load import _free_port, _serve, _stop, _wait_ready
from graph.sqlite import SqliteGraphStore
from hub.access import create_key
from hub.demo import load_demo
from hub.domain.keys import Role
from tools.synth import synth_hub

__all__ = ["main", "stall_phases"]

_READS = (
    "/api/v1/stakeholders/iom",
    "/api/v1/stakeholders?limit=20",
    "/api/v1/activities?limit=20",
    "/api/v1/requests?limit=20",
    "/api/v1/ready",
)
_STALL_MS = 1000.0
_WRITE_EVERY_S = 0.5
_IDLE_S = 3.0
_RESULTS = Path(__file__).parent / "results"


class _Traffic:
    """Readers back to back and one writer, on their own threads, until stopped."""

    def __init__(self, base: str, token: str, readers: int, pause: float) -> None:
        self._base, self._headers = base, {"X-API-Key": token}
        self._pause = pause
        self._stop = threading.Event()
        self._run = time.time_ns()  # names differ from phase to phase
        self.reads: list[float] = []
        self.slowest: dict[str, float] = {}
        self.stalls: list[tuple[float, str, float]] = []
        self._began = time.perf_counter()
        self.read_errors: collections.Counter[str] = collections.Counter()
        self.writes: list[float] = []
        self.write_status: collections.Counter[str] = collections.Counter()
        self._threads = [threading.Thread(target=self._read, args=(i,)) for i in range(readers)]
        self._threads.append(threading.Thread(target=self._write))
        self._threads.append(threading.Thread(target=self._oversleep))
        self.oversleeps: list[tuple[float, float]] = []

    def _timed(self, call: Callable[[], httpx.Response]) -> tuple[float, str]:
        began = time.perf_counter()
        try:
            status = str(call().status_code)
        except httpx.HTTPError as error:
            status = type(error).__name__
        return (time.perf_counter() - began) * 1000, status

    def _read(self, offset: int) -> None:
        with httpx.Client(base_url=self._base, headers=self._headers, timeout=120) as http:
            sent = offset
            while not self._stop.wait(self._pause):
                path = _READS[sent % len(_READS)]
                sent += 1
                at = time.perf_counter() - self._began
                took, status = self._timed(partial(http.get, path))
                self.reads.append(took)
                if took > _STALL_MS:
                    self.stalls.append((round(at, 1), path, round(took, 1)))
                self.slowest[path] = max(took, self.slowest.get(path, 0.0))
                if status != "200":
                    self.read_errors[status] += 1

    def _oversleep(self) -> None:
        """The machine's own stalls: how late a 10 ms sleep in this process wakes up."""
        while not self._stop.is_set():
            began = time.perf_counter()
            time.sleep(0.01)
            late = (time.perf_counter() - began - 0.01) * 1000
            if late > _STALL_MS / 4:
                self.oversleeps.append((round(began - self._began, 1), round(late, 1)))

    def _write(self) -> None:
        with httpx.Client(base_url=self._base, headers=self._headers, timeout=120) as http:
            sent = 0
            while not self._stop.wait(_WRITE_EVERY_S):
                sent += 1
                body = {"name": f"Bench NGO {self._run}-{sent}", "kind": "ngo"}
                took, status = self._timed(partial(http.post, "/api/v1/stakeholders", json=body))
                self.writes.append(took)
                self.write_status[status] += 1

    def __enter__(self) -> _Traffic:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def report(self, seconds: float) -> dict[str, Any]:
        reads = np.array(self.reads or [0.0])
        return {
            "seconds": round(seconds, 1),
            "gets": len(self.reads),
            "get_errors": dict(self.read_errors),
            "get_p50_ms": round(float(np.percentile(reads, 50)), 1),
            "get_p99_ms": round(float(np.percentile(reads, 99)), 1),
            "get_max_ms": round(float(reads.max()), 1),
            "gets_over_1s": int((reads > _STALL_MS).sum()),
            "slowest_get_ms_by_path": {p: round(ms, 1) for p, ms in self.slowest.items()},
            "stalls_at_s_path_ms": sorted(self.stalls),
            "client_oversleeps_over_250ms_at_s_ms": self.oversleeps,
            "writes": dict(self.write_status),
            "write_max_ms": round(max(self.writes, default=0.0), 1),
        }


def _upload(base: str, token: str, xml: Path) -> dict[str, Any]:
    headers = {"X-API-Key": token}
    with httpx.Client(base_url=base, headers=headers, timeout=600) as http:
        with xml.open("rb") as content:
            queued = http.post("/api/v1/import/iati", files={"file": (xml.name, content)})
        queued.raise_for_status()
        if queued.status_code == 201:  # before uploads were jobs: imported during the call
            return {"status": "done", "result": queued.json()}
        while True:
            job: dict[str, Any] = http.get(queued.headers["Location"]).json()
            if job["status"] in ("done", "failed"):
                return job
            time.sleep(0.25)


def _cli_import(data_dir: Path, xml: Path) -> dict[str, Any]:
    env = os.environ | {"HUB_DATA_DIR": str(data_dir), "HUB_GRAPH_BACKEND": "embedded"}
    done = subprocess.run(
        [sys.executable, "-m", "hub", "import", "iati", str(xml), "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    report: dict[str, Any] = json.loads(done.stdout)[0]
    return report


def _phase(
    base: str, token: str, readers: int, pause: float, work: Callable[[], Any]
) -> dict[str, Any]:
    load = os.getloadavg()[0]
    began = time.perf_counter()
    with _Traffic(base, token, readers, pause) as traffic:
        outcome = work()
    return {
        **traffic.report(time.perf_counter() - began),
        "load_average_before": round(load, 1),
        "import": outcome,
    }


def _warm_up(base: str, token: str) -> None:
    """Each read once: the server's first answers pay for lazy imports and cold caches."""
    with httpx.Client(base_url=base, headers={"X-API-Key": token}, timeout=120) as http:
        for path in _READS:
            http.get(path).raise_for_status()


def stall_phases(activities: int, readers: int, pause: float, seed: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="gcm-hub-stalls-") as folder:
        data = Path(folder) / "data"
        files = []
        for n in (1, 2):  # two different files, so that the second import writes as much
            xml = Path(folder) / f"synthetic-{n}.xml"
            synth_hub(xml, max(10, activities // 3), activities, 0, seed + n)
            files.append(xml)
        store = SqliteGraphStore(data / "hub.db")
        load_demo(store)
        token = create_key(store, Role.COORDINATOR, note="stall benchmark")[1]
        store.close()
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = _serve(data / "hub.db", port)
        try:
            _wait_ready(base, server)
            _warm_up(base, token)
            phase = partial(_phase, base, token, readers, pause)
            idle = phase(lambda: time.sleep(_IDLE_S))
            upload = phase(lambda: _upload(base, token, files[0]))
            cli = phase(lambda: _cli_import(data, files[1]))
        finally:
            _stop(server)
        return {
            "activities_per_file": activities,
            "file_mb": round(files[0].stat().st_size / 1e6, 1),
            "readers": readers,
            "pause_between_gets_s": pause,
            "idle": idle,
            "upload": upload,
            "cli": cli,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=20_000)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument(
        "--pause", type=float, default=0.02, help="Seconds between a reader's GETs."
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=_RESULTS / "stalls.json")
    args = parser.parse_args()
    result = stall_phases(args.activities, args.readers, args.pause, args.seed)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    for phase in ("idle", "upload", "cli"):
        row = result[phase]
        print(
            f"{phase:>6}: {row['gets']:>6} GETs p50 {row['get_p50_ms']} ms"
            f" p99 {row['get_p99_ms']} ms max {row['get_max_ms']} ms,"
            f" {row['gets_over_1s']} over 1 s; writes {row['writes']}"
            f" (slowest {row['write_max_ms']} ms) in {row['seconds']} s"
        )


if __name__ == "__main__":
    main()
