"""Latency of each matchmaking mechanism on the demo hub and on a larger synthetic one.

`python -m benchmarks.mechanisms [--stakeholders 2000 --activities 6000]` times every
mechanism as a coordinator asks for it, once per demo request (or region): first the
demo hub alone, then a synthetic IATI history imported under it. The first call of a
mechanism at a revision fits what it needs (`first_s`); p50/p99 are over the calls after
it. The partner ranking is kept per revision, so each request is asked once.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from graph.sqlite import SqliteGraphStore
from hub.access import Principal
from hub.demo import load_demo
from hub.domain.geography import REGIONS
from hub.domain.keys import Role
from hub.domain.records import SupportRequest
from hub.imports.importer import import_file
from hub.matchmaking.allocation import allocate_open_requests
from hub.matchmaking.consortium import propose_consortium
from hub.matchmaking.funding import find_funders
from hub.matchmaking.partners import partners_for
from hub.matchmaking.similar import find_similar
from hub.matchmaking.synergies import gap_report, supply_demand_gaps, synergies_in
from hub.store import Store, repository
from tools.synth import synth_hub

__all__ = ["main", "mechanism_latency"]

_RESULTS = Path(__file__).parent / "results"
COORDINATOR = Principal(Role.COORDINATOR, key="key-benchmark")

Call = Callable[[Store, str], object]

MECHANISMS: dict[str, tuple[str, Call]] = {
    "partners": ("request", lambda s, r: partners_for(s, COORDINATOR, r, 10)),
    "similar": ("request", lambda s, r: find_similar(s, COORDINATOR, r, 10)),
    "funders": ("request", lambda s, r: find_funders(s, COORDINATOR, r, 10)),
    "consortium": ("request", lambda s, r: propose_consortium(s, COORDINATOR, r)),
    "synergies": ("region", lambda s, r: synergies_in(s, COORDINATOR, r)),
    "gaps": ("once", lambda s, _: gap_report(supply_demand_gaps(s, COORDINATOR))),
    "allocation": ("once", lambda s, _: allocate_open_requests(s, COORDINATOR)),
}
"""What each mechanism is asked about, and how it is asked."""


def _timed(call: Call, store: Store, subjects: Sequence[str]) -> dict[str, float]:
    took = []
    for subject in subjects:
        began = time.perf_counter()
        call(store, subject)
        took.append(time.perf_counter() - began)
    first, rest = took[0], took[1:] or took
    return {
        "first_s": round(first, 3),
        "calls": len(rest),
        "p50_ms": round(float(np.percentile(rest, 50)) * 1000, 1),
        "p99_ms": round(float(np.percentile(rest, 99)) * 1000, 1),
    }


def mechanism_latency(store: Store, repeats: int = 3) -> dict[str, dict[str, float]]:
    """Each mechanism timed over every demo request (regions; or `repeats` times)."""
    requests = sorted(r.id for r in repository.list_records(store, SupportRequest))
    subjects = {"request": requests, "region": list(REGIONS), "once": [""] * repeats}
    return {
        name: _timed(call, store, subjects[asked]) for name, (asked, call) in MECHANISMS.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stakeholders", type=int, default=2000)
    parser.add_argument("--activities", type=int, default=6000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=_RESULTS / "mechanisms.json")
    args = parser.parse_args()
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="gcm-hub-mechanisms-") as folder:
        demo = SqliteGraphStore(Path(folder) / "demo.db")
        load_demo(demo)
        found["demo"] = mechanism_latency(demo)
        demo.close()
        xml = Path(folder) / "synthetic.xml"
        synth_hub(xml, args.stakeholders, args.activities, 0, args.seed)
        large = SqliteGraphStore(Path(folder) / "large.db")
        import_file(large, xml)
        load_demo(large)
        found[f"synthetic {args.stakeholders}x{args.activities}"] = mechanism_latency(large)
        large.close()
    text = json.dumps(found, indent=2)
    args.out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
