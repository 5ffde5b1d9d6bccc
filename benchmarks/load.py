"""The partners endpoint under concurrent load, served by uvicorn over an imported hub.

The server runs as its own process (`uvicorn api.app:create_app --factory`) on a free
loopback port, so the load generator neither shares its GIL nor hides its peak memory.
Support requests come from Member States created here (the synthetic file has none),
with the texts, countries and objectives of the file's last activities; a coordinator
key reads them. The first call fits the recommender (kept per store revision), so it is
timed apart as the warm-up; then a fixed number of calls is shared among a fixed number
of clients, each waiting for its answer before sending the next, within a deadline.
The same load on `GET /api/v1/health`, which does nothing, is the floor: what the HTTP
stack and the load generator cost on this machine before the hub does any work.

The load comes from `wrk` (C, a few microseconds per call) when it is installed
(`apt-get install wrk`), for as long as the asyncio client would need for the same
number of calls at the floor's rate; otherwise from the asyncio client (httpx), which
needs about 3 ms of CPU per call itself and so caps what it can measure on two cores.
"""

from __future__ import annotations

import asyncio
import collections
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from graph.sqlite import SqliteGraphStore
from hub import records
from hub.access import OPERATOR, create_key
from hub.domain.keys import Role
from hub.domain.records import Stakeholder, StakeholderKind
from hub.imports.importer import activity_text
from hub.imports.parse import read_activities
from hub.imports.parsed import ParsedActivity
from hub.store import repository

__all__ = ["api_phase"]

_STATES = ("MA", "SN", "ML", "NE", "TN")
_STARTUP_S, _WARMUP_S, _CALL_S = 60.0, 3600.0, 60.0


def _seed_requests(db: Path, xml: Path, count: int) -> tuple[list[str], str]:
    """Member States, their requests (from the file's last activities) and a coordinator key."""
    last: collections.deque[ParsedActivity] = collections.deque(read_activities(xml), count)
    store = SqliteGraphStore(db)
    try:
        states = [
            Stakeholder(
                id=f"ms-bench-{code.lower()}",
                name=f"Benchmark Member State {code}",
                kind=StakeholderKind.MEMBER_STATE,
                home_country=code,
            )
            for code in _STATES
        ]
        with store.batch() as writer:
            repository.save_many(store, writer, states)
        ids = []
        for i, activity in enumerate(last):
            node = store.node(activity.identifier)
            objectives = node.properties.get("objectives", []) if node else []
            title = next(iter(activity.title.values()), activity.identifier)
            request = records.create_request(
                store,
                OPERATOR,
                {
                    "requester": f"ms-bench-{_STATES[i % len(_STATES)].lower()}",
                    "title": title[:500],
                    "text": activity_text(activity)[:20_000],
                    "objectives": objectives,
                    "countries": activity.countries,
                },
            )
            ids.append(request.id)
        _, token = create_key(store, Role.COORDINATOR, note="benchmark load")
    finally:
        store.close()
    return ids, token


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _serve(
    db: Path,
    port: int,
    workers: int = 1,
    env: dict[str, str] | None = None,
    code: Path | None = None,
) -> subprocess.Popen[bytes]:
    """uvicorn over the hub in `db`'s folder: `workers` processes, as `gcm-hub serve
    --workers` runs them, or the one process itself; from the checkout `code` if given."""
    env = (
        os.environ | {"HUB_DATA_DIR": str(db.parent), "HUB_GRAPH_BACKEND": "embedded"} | (env or {})
    )
    command = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    if workers > 1:
        command += ["--workers", str(workers)]
    if code is not None:
        env["PYTHONPATH"] = str(code)
    return subprocess.Popen([*command, "--no-access-log"], env=env, cwd=code)


def _wait_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + _STARTUP_S
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"the API at {base} did not start within {_STARTUP_S:.0f} s")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM, then SIGKILL: a graceful uvicorn waits for every queued call to finish."""
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def _peak_rss_mb(pid: int) -> float | None:
    """Peak resident memory of another process (Linux VmHWM), before it exits."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


async def _load(
    base: str, paths: list[str], token: str, total: int, clients: int, deadline_s: float
) -> dict[str, Any]:
    took: list[float] = []
    errors: collections.Counter[str] = collections.Counter()
    sent = 0

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal sent
        while sent < total:
            path = paths[sent % len(paths)]
            sent += 1
            began = time.perf_counter()
            try:
                response = await http.get(path)
                if response.status_code != 200:
                    errors[str(response.status_code)] += 1
            except httpx.HTTPError as error:
                errors[type(error).__name__] += 1
            took.append((time.perf_counter() - began) * 1000)

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = {"X-API-Key": token}
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=_CALL_S
    ) as http:
        began = time.perf_counter()
        workers = asyncio.gather(*(client(http) for _ in range(clients)))
        try:
            await asyncio.wait_for(workers, deadline_s)
            finished = True
        except TimeoutError:
            finished = False
        seconds = time.perf_counter() - began
    return {
        "clients": clients,
        "requests": len(took),
        "finished_within_deadline": finished,
        "seconds": round(seconds, 2),
        "requests_per_s": round(len(took) / seconds, 1),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        **{f"p{q}_ms": round(float(np.percentile(took, q)), 1) for q in (50, 90, 99)},
    }


_WRK_SECONDS = 20
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _wrk_script(paths: list[str], token: str, close: bool = False) -> str:
    """A wrk script that asks for `paths` in turn with the API key (JSON strings are Lua);
    with `close`, each call on a new connection."""
    listed = ", ".join(json.dumps(path) for path in paths)
    closing = ', ["Connection"] = "close"' if close else ""
    return (
        f"local paths = {{{listed}}}\nlocal key = {json.dumps(token)}\nlocal sent = 0\n"
        "request = function()\n  sent = sent + 1\n"
        f'  return wrk.format("GET", paths[(sent % #paths) + 1], {{["X-API-Key"] = key{closing}}})'
        "\nend\n"
    )


def _wrk(
    base: str, paths: list[str], token: str, clients: int, seconds: int, close: bool = False
) -> dict[str, Any]:
    """`clients` connections, each waiting for its answer, for `seconds`, from two threads
    (with `close`, a new connection per call)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(_wrk_script(paths, token, close))
        script.flush()
        command = ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "--latency", "-s", script.name]
        out = subprocess.run(
            [*command, base], capture_output=True, text=True, check=True, timeout=seconds + 60
        ).stdout
    percentiles = {
        int(q): round(float(value) * _UNITS[unit], 1)
        for q, value, unit in re.findall(
            r"^\s*(\d+)%\s+([\d.]+)(us|ms|s|m|h)\s*$", out, re.MULTILINE
        )
    }
    done = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m|h)", out)
    if done is None or not {50, 90, 99} <= percentiles.keys():
        raise RuntimeError(f"cannot read wrk's output:\n{out}")
    failed = re.search(r"Socket errors: (.*)$", out, re.MULTILINE)
    kinds = {
        kind: int(n) for kind, n in re.findall(r"(\w+) (\d+)", failed.group(1) if failed else "")
    }
    if status := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        kinds["non-2xx"] = int(status.group(1))
    kinds = {kind: count for kind, count in kinds.items() if count}
    seconds_taken = float(done.group(2)) * _UNITS[done.group(3)] / 1000
    calls = int(done.group(1))
    return {
        "generator": "wrk",
        "clients": clients,
        "requests": calls,
        "finished_within_deadline": True,
        "seconds": round(seconds_taken, 2),
        "requests_per_s": round(calls / seconds_taken, 1),
        "errors": sum(kinds.values()),
        "error_kinds": kinds,
        **{f"p{q}_ms": percentiles[q] for q in (50, 90, 99)},
    }


def _loaded(
    base: str, paths: list[str], token: str, total: int, clients: int, deadline_s: float
) -> dict[str, Any]:
    if shutil.which("wrk"):
        return _wrk(base, paths, token, clients, _WRK_SECONDS)
    result = asyncio.run(_load(base, paths, token, total, clients, deadline_s))
    return {"generator": "httpx", **result}


def api_phase(
    db: Path, xml: Path, total: int = 2000, clients: int = 50, deadline_s: float = 600.0
) -> dict[str, Any]:
    """Seed requests into the imported hub at `db`, serve it, warm up, then load it."""
    ids, token = _seed_requests(db, xml, 20)
    paths = [f"/api/v1/requests/{i}/partners" for i in ids]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(db, port)
    try:
        _wait_ready(base, server)
        with httpx.Client(base_url=base, headers={"X-API-Key": token}) as http:
            began = time.perf_counter()
            http.get(paths[0], timeout=_WARMUP_S).raise_for_status()
            warm_up_s = time.perf_counter() - began
            sequential = []
            for path in paths:
                began = time.perf_counter()
                http.get(path, timeout=_CALL_S).raise_for_status()
                sequential.append((time.perf_counter() - began) * 1000)
        loaded = _loaded(base, paths, token, total, clients, deadline_s)
        try:
            floor = _loaded(base, ["/api/v1/health"], token, total, clients, deadline_s)
        except (RuntimeError, subprocess.SubprocessError) as error:  # a reference, not the result
            floor = {"failed": f"{type(error).__name__}: {error}"}
        peak = _peak_rss_mb(server.pid)
    finally:
        _stop(server)
    return {
        "support_requests": len(ids),
        "first_call_s": round(warm_up_s, 2),
        "one_client": {
            "calls": len(sequential),
            **{f"p{q}_ms": round(float(np.percentile(sequential, q)), 1) for q in (50, 99)},
        },
        "concurrent": loaded,
        "health_floor": floor,
        "server_peak_rss_mb": peak,
    }
