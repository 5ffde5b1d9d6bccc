"""Issue 16: does a write make anyone wait? Partners latency before and after a write.

    python -m benchmarks.refit [--stakeholders 10000] [--clients 8] [--window 60]
                               [--server-code PATH] [--out FILE]

A synthetic hub (N stakeholders, N activities, 20 support requests from Member States,
as `benchmarks.load` seeds them) is imported and served by uvicorn in its own process.
After a warm-up (the first fit, and every request ranked once), `clients` clients,
each waiting for its answer before asking again, call the partners endpoint for
`window` seconds; then one stakeholder is created through the API and the same load
runs for another `window` seconds. Reported per window: p50/p99/max, calls over 1 s,
calls per second; and the time from the write to the first answer whose
`X-Hub-Model` names a newer fit (the fit worker's start, fit and write, and the
server's load of the new version), asked on by one client after the window if need be.

`--server-code` serves the hub from another checkout (e.g. main before this change,
which fits in the request path on the first call after a write); that hub has no
`X-Hub-Model` header, so only the latencies compare.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from benchmarks.importer import isolated, measure_import
from benchmarks.load import _free_port, _seed_requests, _stop, _wait_ready
from tools.synth import synth_hub

__all__ = ["main", "run"]

RESULTS = Path(__file__).parent / "results"
_WARMUP_S, _CALL_S = 3600.0, 600.0


def _serve(data_dir: Path, port: int, code: Path | None) -> subprocess.Popen[bytes]:
    env = os.environ | {"HUB_DATA_DIR": str(data_dir), "HUB_NOTIFY_INTERVAL": "0"}
    if code is not None:
        env["PYTHONPATH"] = str(code)
    command = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    return subprocess.Popen(
        [*command, "--no-access-log"], env=env, cwd=code or Path(__file__).parents[1]
    )


async def _window(
    http: httpx.AsyncClient, paths: list[str], clients: int, seconds: float
) -> list[tuple[float, float, str]]:
    """(start, ms, X-Hub-Model) of every call made by `clients` closed-loop clients."""
    calls: list[tuple[float, float, str]] = []
    until = time.monotonic() + seconds
    sent = 0

    async def client() -> None:
        nonlocal sent
        while time.monotonic() < until:
            path = paths[sent % len(paths)]
            sent += 1
            began = time.monotonic()
            try:
                response = await http.get(path)
                seen = response.headers.get("X-Hub-Model", "") if response.is_success else "error"
            except httpx.TimeoutException:
                seen = "timeout"  # counted at the timeout: it waited at least that long
            calls.append((began, (time.monotonic() - began) * 1000, seen))

    await asyncio.gather(*(client() for _ in range(clients)))
    return calls


async def _first_newer(http: httpx.AsyncClient, path: str, model: str) -> float:
    """When a call on `path` first answers with a model other than `model`."""
    deadline = time.monotonic() + _WARMUP_S
    while time.monotonic() < deadline:
        began = time.monotonic()
        response = await http.get(path)
        if response.headers.get("X-Hub-Model", model) != model:
            return began
        await asyncio.sleep(1.0)
    raise RuntimeError(f"no model newer than {model!r} within {_WARMUP_S:.0f} s")


def _summary(calls: list[tuple[float, float, str]], seconds: float) -> dict[str, Any]:
    took = np.array([ms for _, ms, _ in calls])
    return {
        "calls": int(took.size),
        "calls_per_s": round(took.size / seconds, 1),
        **{f"p{q}_ms": round(float(np.percentile(took, q)), 1) for q in (50, 90, 99)},
        "max_ms": round(float(took.max()), 1),
        "over_1s": int((took > 1000).sum()),
        "failed": sum(1 for _, _, seen in calls if seen in ("error", "timeout")),
    }


async def _measure(
    base: str, token: str, paths: list[str], clients: int, seconds: float
) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=clients + 1)
    headers = {"X-API-Key": token}
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=_CALL_S
    ) as http:
        began = time.monotonic()
        first = await http.get(paths[0], timeout=_WARMUP_S)
        first.raise_for_status()
        first_call_s = time.monotonic() - began
        for path in paths:
            (await http.get(path)).raise_for_status()
        model = first.headers.get("X-Hub-Model", "")
        before = await _window(http, paths, clients, seconds)
        wrote = time.monotonic()
        created = await http.post(
            "/api/v1/stakeholders",
            json={"name": "Benchmark NGO", "kind": "ngo", "countries": ["MA"]},
        )
        created.raise_for_status()
        write_ms = (time.monotonic() - wrote) * 1000
        after = await _window(http, paths, clients, seconds)
        newer = [s for s, _, seen in after if seen not in ("", model, "error", "timeout")]
        if not newer and model:  # not within the window: one client asks until it is
            newer = [await _first_newer(http, paths[0], model)]
    return {
        "first_call_s": round(first_call_s, 2),
        "model_before": model,
        "write_ms": round(write_ms, 1),
        "before_write": _summary(before, seconds),
        "after_write": _summary(after, seconds),
        "write_to_new_model_s": round(newer[0] - wrote, 2) if newer else None,
        "new_model_within_window": bool(newer) and newer[0] - wrote <= seconds,
        "models_seen_after": sorted({seen for _, _, seen in after}),
    }


def run(stakeholders: int, clients: int, window: float, code: Path | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="gcm-refit-") as scratch:
        folder = Path(scratch)
        xml, db = folder / "hub.xml", folder / "hub.db"
        synth_hub(xml, stakeholders, stakeholders + 1000, 1000, 0)
        imported = isolated(measure_import, xml, True, db)
        ids, token = _seed_requests(db, xml, 20)
        paths = [f"/api/v1/requests/{i}/partners" for i in ids]
        port = _free_port()
        server = _serve(folder, port, code)
        try:
            _wait_ready(f"http://127.0.0.1:{port}", server)
            measured = asyncio.run(
                _measure(f"http://127.0.0.1:{port}", token, paths, clients, window)
            )
        finally:
            _stop(server)
    before, after = measured["before_write"], measured["after_write"]
    return {
        "stakeholders": stakeholders,
        "activities": stakeholders + 1000,
        "support_requests": len(ids),
        "clients": clients,
        "window_s": window,
        "server_code": str(code) if code else "this checkout",
        "import_s": imported.get("seconds"),
        **measured,
        "p99_after_over_before": round(after["p99_ms"] / before["p99_ms"], 2),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average": [round(x, 1) for x in os.getloadavg()],
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stakeholders", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--window", type=float, default=60.0)
    parser.add_argument("--server-code", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=RESULTS / "refit-10k.json")
    args = parser.parse_args()
    report = run(args.stakeholders, args.clients, args.window, args.server_code)
    args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
