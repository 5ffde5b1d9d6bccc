"""Filing an untagged request over HTTP: `POST /api/v1/requests` with tagging, timed end to end.

`python -m benchmarks.intake [--rounds N]` serves the demo hub with uvicorn (own process,
one worker, as `benchmarks.load` does), registers each request's requester as
`benchmarks.translations` does, and files the four-language requests of
`benchmarks/data/requests-4lang.json` that a Member State makes (27, 108 texts) one
after another as a coordinator would, with no
objectives: each call parses, tags (the multilingual tagger embeds the text), checks and
writes the request, and audits it. Every text is new to the server, so no embedding is
served from a cache. The first call of a round also loads the embedding model and fits
the tagger; it is reported apart (`cold_ms`), the others per language. After each, the
same request is filed again with its objectives given (`objectives_given`): the write's
cost without tagging, under the same load (each write also wakes the background fit).
Each round is a fresh server. The issue's budget is a p99 of 150 ms. Results go to
`benchmarks/results/intake.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from benchmarks.load import _free_port, _serve, _stop, _wait_ready
from benchmarks.translations import DATA, requests, with_requesters
from graph.sqlite import SqliteGraphStore
from hub.access import create_key
from hub.demo import load_demo
from hub.domain.keys import Role

__all__ = ["file_round", "main"]

_RESULTS = Path(__file__).parent / "results"


def _summary(took: list[float]) -> dict[str, float]:
    return {
        "calls": len(took),
        "p50_ms": round(float(np.percentile(took, 50)), 1),
        "p90_ms": round(float(np.percentile(took, 90)), 1),
        "p99_ms": round(float(np.percentile(took, 99)), 1),
        "max_ms": round(max(took), 1),
    }


def _by_states() -> set[str]:
    """Only Member States file support requests; the file's others are left out."""
    items = json.loads(DATA.read_text(encoding="utf-8"))["items"]
    return {i["id"] for i in items if i["requester"] == "Member State"}


def file_round() -> dict[str, Any]:
    """One fresh server; every translation filed once. Latency in ms per language."""
    with tempfile.TemporaryDirectory(prefix="gcm-hub-intake-") as folder:
        db = Path(folder) / "hub.db"
        store = SqliteGraphStore(db)
        load_demo(store)
        asked = with_requesters(store, [r for r in requests() if r.id in _by_states()])
        token = create_key(store, Role.COORDINATOR, note="intake benchmark")[1]
        store.close()
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = _serve(db, port)
        try:
            _wait_ready(base, server)
            took: dict[str, list[float]] = {}
            given: list[float] = []
            untagged = 0
            cold = None
            with httpx.Client(base_url=base, headers={"X-API-Key": token}, timeout=60) as http:
                for request in asked:
                    for lang, (title, text) in request.texts.items():
                        body: dict[str, Any] = {"requester": request.requester, "title": title}
                        body |= {"text": text, "languages": [lang]}
                        ms, answer = _filed(http, body, f"{request.id} ({lang})")
                        untagged += not answer["objectives"]
                        if cold is None:
                            cold = ms
                        else:
                            took.setdefault(lang, []).append(ms)
                        # The same write with its objectives given: the floor without tagging.
                        given.append(_filed(http, body | {"objectives": [1]}, request.id)[0])
            load = os.getloadavg()[0]
        finally:
            _stop(server)
    return {
        "cold_ms": round(cold or 0.0, 1),
        "took": took,
        "given": given,
        "untagged": untagged,
        "load": load,
    }


def _filed(http: httpx.Client, body: dict[str, Any], what: str) -> tuple[float, dict[str, Any]]:
    began = time.perf_counter()
    answer = http.post("/api/v1/requests", json=body)
    ms = (time.perf_counter() - began) * 1000
    if answer.status_code != 201:
        raise RuntimeError(f"{what}: {answer.status_code} {answer.text}")
    filed: dict[str, Any] = answer.json()
    return ms, filed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="fresh servers, each filing all")
    args = parser.parse_args()
    rounds = [file_round() for _ in range(args.rounds)]
    every: dict[str, list[float]] = {}
    for one in rounds:
        for lang, took in one["took"].items():
            every.setdefault(lang, []).extend(took)
    results = {
        "rounds": args.rounds,
        "cold_ms": [one["cold_ms"] for one in rounds],
        "load_average": [round(one["load"], 2) for one in rounds],
        "left_untagged": sum(one["untagged"] for one in rounds),
        "all": _summary([ms for took in every.values() for ms in took]),
        "per_language": {lang: _summary(took) for lang, took in every.items()},
        "objectives_given": _summary([ms for one in rounds for ms in one["given"]]),
    }
    _RESULTS.mkdir(exist_ok=True)
    out = _RESULTS / "intake.json"
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
