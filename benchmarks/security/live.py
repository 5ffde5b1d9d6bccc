"""A real served hub: `kill -9` during acknowledged writes and CLI imports, and stalls.

The server is uvicorn in its own process (`benchmarks.load`), on a copy of the planted
hub, on a free loopback port. Crash safety: a client files stakeholders one after the
other and notes every 201; the server is killed with SIGKILL at a random moment,
restarted, and every acknowledged stakeholder must be there. A CLI import is killed the
same way on a fresh copy; the file's activities must then be all there or none.
Stalls: readers GET in a loop while a synthetic file is uploaded (its job followed to
the end) and while `gcm-hub import iati` imports another; a writer files a stakeholder
every half second meanwhile, and a 500 to it is a failure (a 503 means it waited).
"""

from __future__ import annotations

import collections
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from benchmarks.load import _free_port, _serve, _stop, _wait_ready
from benchmarks.security.planted import API, finish
from graph.sqlite import SqliteGraphStore

__all__ = ["crash_safety", "stalls"]

_READS = ("/stakeholders/iom", "/requests?limit=20", "/activities?limit=20", "/ready")
_WRITES_PER_RUN = 50_000
"""More than a run can send before its kill: the kill always meets a write in flight."""


@contextmanager
def _served(data_dir: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = _free_port()
    server = _serve(data_dir / "hub.db", port)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, server)
        yield base, server
    finally:
        if server.poll() is None:
            _stop(server)


def _activities(data_dir: Path) -> int:
    store = SqliteGraphStore(data_dir / "hub.db")
    try:
        return store.counts().nodes.get("Activity", 0)
    finally:
        store.close()


def _cli_import(data_dir: Path, xml: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {"HUB_DATA_DIR": str(data_dir), "HUB_GRAPH_BACKEND": "embedded"}
    command = [sys.executable, "-m", "hub", "import", "iati", str(xml), "--json"]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def crash_safety(
    template: Path,
    work: Path,
    xml: Path,
    activities: int,
    token: str,
    kills: int,
    rng: random.Random,
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    data = work / "crash"
    shutil.copytree(template, data)
    acknowledged: list[str] = []
    for run in range(kills):
        with _served(data) as (base, server):
            killer = threading.Timer(rng.uniform(1.0, 3.0), server.kill)
            killer.start()
            with httpx.Client(base_url=base + API, headers=headers, timeout=30) as client:
                for i in range(_WRITES_PER_RUN):
                    body = {"name": f"Crash test NGO {run}-{i}", "kind": "ngo"}
                    try:
                        answer = client.post("/stakeholders", json=body)
                    except httpx.TransportError:
                        break
                    if answer.status_code == 201:
                        acknowledged.append(answer.json()["id"])
            killer.join()
            server.wait(timeout=30)
    with _served(data) as (base, _), httpx.Client(base_url=base + API, headers=headers) as client:
        lost = [i for i in acknowledged if client.get(f"/stakeholders/{i}").status_code != 200]
    before, half, completed = _activities(template), [], 0
    for trial in range(kills):
        fresh = work / f"cli-{trial}"
        shutil.copytree(template, fresh)
        process = _cli_import(fresh, xml)
        time.sleep(rng.uniform(0.5, 4.0))
        process.kill()
        process.wait(timeout=30)
        after = _activities(fresh)
        completed += after == before + activities
        if after not in (before, before + activities):
            half.append(f"trial {trial}: {after - before} of {activities} activities")
    return {
        "server_kills": kills,
        "acknowledged_writes": len(acknowledged),
        "lost_writes": len(lost),
        "lost_examples": lost[:10],
        "cli_kills": kills,
        "cli_imports_completed_before_the_kill": completed,
        "half_imports": len(half),
        "half_import_examples": half,
    }


class _Traffic:
    """One reader back to back (20 ms apart) and one writer every 0.5 s, until stopped."""

    def __init__(self, base: str, headers: dict[str, str]) -> None:
        self._client = httpx.Client(base_url=base + API, headers=headers, timeout=120)
        self._stop = threading.Event()
        self.reads: list[tuple[float, float, str]] = []
        self.writes: collections.Counter[str] = collections.Counter()
        self._threads = [threading.Thread(target=self._read), threading.Thread(target=self._write)]
        for thread in self._threads:
            thread.start()

    def _read(self) -> None:
        for n in range(1_000_000):
            if self._stop.is_set():
                return
            path, began = _READS[n % len(_READS)], time.perf_counter()
            with suppress(httpx.HTTPError):
                self._client.get(path)
            self.reads.append((began, time.perf_counter() - began, path))
            time.sleep(0.02)

    def _write(self) -> None:
        for n in range(100_000):
            if self._stop.wait(0.5):
                return
            body = {"name": f"Stall test NGO {time.time_ns()}-{n}", "kind": "ngo"}
            try:
                self.writes[str(self._client.post("/stakeholders", json=body).status_code)] += 1
            except httpx.HTTPError as error:
                self.writes[type(error).__name__] += 1

    def window(self, began: float, ended: float) -> dict[str, Any]:
        within = [(s, path) for t, s, path in self.reads if began <= t <= ended]
        took = [s for s, _ in within] or [0.0]
        return {
            "slow_reads": [f"{path} {s:.2f} s" for s, path in within if s > 1.0][:10],
            "reads": len(took),
            "max_s": round(max(took), 3),
            "p99_s": round(float(np.percentile(took, 99)), 3),
            "reads_over_1s": sum(s > 1.0 for s in took),
        }

    def close(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=180)
        self._client.close()


def _phase(traffic: _Traffic, work: Any) -> dict[str, Any]:
    written = traffic.writes.copy()
    began = time.perf_counter()
    outcome = work()
    ended = time.perf_counter()
    writes = traffic.writes - written
    return {
        "seconds": round(ended - began, 1),
        "outcome": outcome,
        **traffic.window(began, ended),
        "writes": dict(writes),
        "write_server_errors": sum(
            n for s, n in writes.items() if s.startswith("5") and s != "503"
        ),
    }


def stalls(template: Path, work: Path, upload: Path, cli: Path, token: str) -> dict[str, Any]:
    data = work / "stalls"
    shutil.copytree(template, data)
    headers = {"Authorization": f"Bearer {token}"}
    with _served(data) as (base, _):
        traffic = _Traffic(base, headers)
        try:

            def send() -> str:
                with httpx.Client(base_url=base, headers=headers, timeout=600) as client:
                    with upload.open("rb") as body:
                        files = {"file": (upload.name, body, "application/xml")}
                        posted = client.post(f"{API}/import/iati", files=files)
                    done = finish(client, posted)
                    return f"{posted.status_code} then {done.status_code}: {done.text[:160]}"

            def cli_import() -> str:
                process = _cli_import(data, cli)
                _, err = process.communicate(timeout=600)
                return f"exit {process.returncode} {err.decode()[-160:]}"

            time.sleep(2.0)
            idle = traffic.window(0.0, time.perf_counter())
            during_upload = _phase(traffic, send)
            during_cli = _phase(traffic, cli_import)
        finally:
            traffic.close()
    return {
        "upload_mb": round(upload.stat().st_size / 2**20, 1),
        "cli_mb": round(cli.stat().st_size / 2**20, 1),
        "idle": idle,
        "during_upload": during_upload,
        "during_cli_import": during_cli,
    }
