"""Records' embeddings outlive the process: a new one embeds only texts it has not seen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from graph.sqlite import SqliteGraphStore
from hub.domain.records import Offer
from hub.knowledge.search import vector_file
from tests.hub.test_search import _hub
from tests.store_support import put

ROOT = Path(__file__).resolve().parents[2]

_PROCESS = """
import json, sys
from pathlib import Path
from graph.sqlite import SqliteGraphStore
from hub.access import PUBLIC
from hub.knowledge.search import search
from matching import embedding

passages = []
encode = embedding._Use.__call__

def counting(self, texts, kind):
    if kind is embedding.Kind.PASSAGE:
        passages.extend(texts)
    return encode(self, texts, kind)

embedding._Use.__call__ = counting
store = SqliteGraphStore(Path(sys.argv[1]))
hits = search(store, PUBLIC, "remittance fees", top=3, vectors=Path(sys.argv[2]))
print(json.dumps({"embedded": len(passages), "hits": [[h.id, h.score] for h in hits]}))
"""


def _search_in_a_new_process(hub: Path, vectors: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _PROCESS, str(hub), str(vectors)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=300,
    )
    answer: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return answer


def test_a_new_process_embeds_only_what_no_process_embedded_before(tmp_path: Path) -> None:
    hub, vectors = tmp_path / "hub.db", vector_file(tmp_path)
    store = SqliteGraphStore(hub)
    _hub(store)
    records = sum(1 for label in ("Offer", "Stakeholder") for _ in store.nodes(label))
    first = _search_in_a_new_process(hub, vectors)
    assert first["embedded"] == records
    second = _search_in_a_new_process(hub, vectors)
    assert second == {"embedded": 0, "hits": first["hits"]}
    renamed = Offer(id="offer-census", provider="iom", title="Diaspora bonds", text="Investing.")
    put(store, renamed)
    store.close()
    assert _search_in_a_new_process(hub, vectors)["embedded"] == 1
