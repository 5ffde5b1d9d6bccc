"""A hub killed mid-upload stores nothing of the file and, restarted, says the job failed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from graph.sqlite import SqliteGraphStore
from tests.api.test_live_server import free_port, hub_command, wait_until_up
from tests.hub.test_iati_import import activity, snapshot, write

pytestmark = pytest.mark.slow

DEADLINE = 300.0


def serve(env: dict[str, str], home: Path, port: int) -> subprocess.Popen[bytes]:
    with (home / "serve.log").open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=home,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def test_sigkill_during_an_upload_job(tmp_path: Path) -> None:
    env = {**os.environ, "HUB_DATA_DIR": str(tmp_path / "data"), "HUB_GRAPH_BACKEND": "embedded"}
    hub_command(env, tmp_path, "demo", "--json")
    token = json.loads(
        hub_command(env, tmp_path, "keys", "create", "--role", "coordinator", "--json")
    )["token"]
    store = SqliteGraphStore(tmp_path / "data" / "hub.db")
    before = snapshot(store)
    store.close()
    big = write(
        tmp_path / "big.xml",
        "".join(
            activity(f"BIG-{i}", (1, f"Donor {i % 50}"), (4, f"Partner {i}")) for i in range(60_000)
        ),
    )

    port = free_port()
    server = serve(env, tmp_path, port)
    url = f"http://127.0.0.1:{port}"
    headers = {"Authorization": f"Bearer {token}"}
    try:
        wait_until_up(server, url, tmp_path / "serve.log")
        with big.open("rb") as content:
            queued = httpx.post(
                f"{url}/api/v1/import/iati", headers=headers, files={"file": content}, timeout=120
            )
        assert queued.status_code == 202, queued.text
        location = url + queued.headers["Location"]
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:  # kill once half the file is read and written
            job = httpx.get(location, headers=headers, timeout=60).json()
            assert job["status"] in ("queued", "running"), job
            progress = job["progress"]
            if progress["bytes_read"] * 2 >= progress["bytes_total"]:
                break
            time.sleep(0.05)
    finally:
        server.send_signal(signal.SIGKILL)
        server.wait()

    restarted = serve(env, tmp_path, port)
    try:
        wait_until_up(restarted, url, tmp_path / "serve.log")
        job = httpx.get(location, headers=headers, timeout=60).json()
    finally:
        restarted.terminate()
        restarted.wait(timeout=60)
    assert job["status"] == "failed" and job["problem"]["title"] == "Interrupted"
    assert "nothing of the file was stored" in job["problem"]["detail"]
    reopened = SqliteGraphStore(tmp_path / "data" / "hub.db")
    assert snapshot(reopened) == before
    reopened.close()
