"""A fit worker that stops in the middle of writing its artifact, to be SIGKILLed from
outside: run by tests/hub/test_artifact.py.

    HUB_DATA_DIR=... [HUB_GRAPH_BACKEND=neo4j ...] python -m tests.hub.artifact_crash_child

It fits the store its settings name as the hub's fit worker does, and after the
artifact's first array file prints `writing` and waits to be killed.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

from hub.domain.settings import Settings
from hub.matchmaking import artifact, provider, refit


def main() -> None:
    save = np.save
    saved: list[str] = []

    def save_then_stall(file: Any, array: Any, **options: Any) -> None:
        save(file, array, **options)
        saved.append(str(file))
        if len(saved) == 1:
            print("writing", flush=True)
            threading.Event().wait()

    artifact.np.save = save_then_stall  # type: ignore[attr-defined]
    settings = Settings(refit_interval=0)
    refit.fit_once(settings, settings.model_dir, provider.learn)
    raise SystemExit("the fit finished before it was killed")


if __name__ == "__main__":
    main()
