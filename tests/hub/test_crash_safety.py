"""A hub process killed mid-import leaves the embedded store as it was before the file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from graph.sqlite import SqliteGraphStore
from hub.imports.importer import import_file
from tests.hub.test_iati_import import activity, snapshot, write


def test_sigkill_during_import_loses_nothing_and_adds_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    store = SqliteGraphStore(data_dir / "hub.db")
    import_file(store, write(tmp_path / "first.xml", activity("FIRST-1", (4, "IOM"), (1, "EU"))))
    before = snapshot(store)
    store.close()

    big = "".join(
        activity(f"BIG-{i}", (1, f"Donor {i % 50}"), (4, f"Partner {i}"), (4, f"Partner {i + 1}"))
        for i in range(60_000)
    )
    path = write(tmp_path / "big.xml", big)
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "import", "iati", str(path), "--json"],
        env={**os.environ, "HUB_DATA_DIR": str(data_dir), "HUB_GRAPH_BACKEND": "embedded"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    wal = data_dir / "hub.db-wal"
    deadline = time.monotonic() + 120
    # Kill once the open transaction has spilled well into the write-ahead log.
    while process.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > 4_000_000:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL, "the import finished before it could be killed"

    reopened = SqliteGraphStore(data_dir / "hub.db")
    assert snapshot(reopened) == before
    assert reopened.counts().nodes["Activity"] == 1
    reopened.close()
