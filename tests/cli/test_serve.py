"""`gcm-hub serve` as a process: the environment its server processes run with.

glibc reads `MALLOC_ARENA_MAX` only when a process starts, so what counts is the
environment of the process that answers calls (`/proc/<pid>/environ`), one server or
uvicorn's workers, not what the command set in itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.workers import answering
from tests.api.test_live_server import free_port, wait_until_up

pytestmark = pytest.mark.slow


@contextmanager
def serving(home: Path, *args: str, **env: str) -> Iterator[subprocess.Popen[bytes]]:
    base = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    quiet = {"HUB_REFIT_INTERVAL": "0", "HUB_NOTIFY_INTERVAL": "0"}
    port = free_port()
    log = home / "serve.log"
    command = [sys.executable, "-m", "cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as out:
        server = subprocess.Popen(
            [*command, *args],
            env=base | quiet | {"HUB_DATA_DIR": str(home / "data")} | env,
            cwd=Path(__file__).parents[2],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(server, f"http://127.0.0.1:{port}", log)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def environ(pid: int) -> dict[str, str]:
    entries = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(e.decode().partition("=")[::2] for e in entries if e)


@pytest.mark.parametrize(("workers", "arenas"), [(1, [None]), (2, ["2", "2"])])
def test_workers_run_with_two_malloc_arenas_and_no_call_is_logged(
    tmp_path: Path, workers: int, arenas: list[str | None]
) -> None:
    """Workers get two arenas; one process does not, nor the fit worker it starts."""
    with serving(tmp_path, "--workers", str(workers)) as server:
        processes = answering(server.pid)
        assert [environ(pid).get("MALLOC_ARENA_MAX") for pid in processes] == arenas
    assert "GET /api/v1/health" not in (tmp_path / "serve.log").read_text()


def test_an_operators_arena_count_and_call_log_are_kept(tmp_path: Path) -> None:
    with serving(tmp_path, "--workers", "2", "--access-log", MALLOC_ARENA_MAX="4") as server:
        assert {environ(pid)["MALLOC_ARENA_MAX"] for pid in answering(server.pid)} == {"4"}
    assert "GET /api/v1/health" in (tmp_path / "serve.log").read_text()
