"""A new revision's search index reads only the records that changed, and equals a fresh one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

import numpy as np

from graph import GraphStore, Node
from hub.domain.records import Offer
from hub.knowledge.search_index import SearchIndex, build_index, record_embedder
from hub.store import Store
from tests.hub.test_search import _hub
from tests.store_support import put


class Reads:
    """A real store that notes the nodes read one by one and the labels read whole."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.one: list[str] = []
        self.labels: list[str | None] = []

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)

    def node(self, node_id: str) -> Node | None:
        self.one.append(node_id)
        return self.store.node(node_id)

    def nodes(self, label: str | None = None) -> Iterator[Node]:
        self.labels.append(label)
        return self.store.nodes(label)


def _same(built: SearchIndex, fresh: SearchIndex) -> None:
    assert built.ids == fresh.ids
    assert (built.kinds, built.titles, built.texts) == (fresh.kinds, fresh.titles, fresh.texts)
    assert (built.hashes, built.digests) == (fresh.hashes, fresh.digests)
    assert np.allclose(built.vectors, fresh.vectors, atol=1e-6)
    facets = {f for f, mask in built.facets.items() if mask.any()}
    assert facets == {f for f, mask in fresh.facets.items() if mask.any()}
    assert all(np.array_equal(built.facets[f], fresh.facets[f]) for f in facets)


def test_a_new_revision_reads_only_changed_records(store: GraphStore) -> None:
    _hub(store)
    model = record_embedder()
    before = build_index(store, store.revision(), model, None)
    offer = Offer(
        id="offer-census", provider="iom", title="Diaspora bonds", text="Investing.", objectives=[9]
    )
    put(store, offer)
    reads = Reads(store)
    built = build_index(cast(Store, reads), store.revision(), model, before)
    assert reads.one == ["offer-census"] and reads.labels == []
    assert built.titles[built.row["offer-census"]] == "Diaspora bonds"
    _same(built, build_index(store, store.revision(), model, None))
    store.delete_node("offer-skills")  # rows move up: kept rows are gathered, not copied
    again = build_index(cast(Store, reads), store.revision(), model, built)
    assert "offer-skills" not in again.row and reads.labels == []
    _same(again, build_index(store, store.revision(), model, None))
