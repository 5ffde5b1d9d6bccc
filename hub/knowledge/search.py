"""Search across languages over practices, requests, offers, activities and stakeholders.

Two rankings are fused by reciprocal rank (`matching.retrieval.fuse`):

- words: the graph store's full-text index (FTS5 or Neo4j's Lucene) finds records
  holding any word of the query; they are ranked by the share of the query's words
  (function words aside) each one holds, then by meaning;
- meaning: the query's multilingual embedding against every record's, so an Arabic,
  French or Spanish query finds the English record that says the same thing.

Only what the caller may see is ever ranked: hidden records are left out before either
ranking is cut or numbered, and neither ranking's order depends on them (word shares
and cosines are properties of one record), so no rank, score or count reflects a record
the caller may not see. The store leaves them out inside its own query: they never take
a place among the `WORD_POOL` word matches looked at, nor make a word common. One residue:
bm25's word weights count every record, and pick which matches are looked at where more
than `WORD_POOL` visible records hold the query's words.

Records' embeddings are kept in the hub's `vector_file`, so a new process loads them
instead of embedding every record again.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from hub.access import Principal, Sight
from hub.domain import geography
from hub.domain.answers import Answer
from hub.domain.errors import InvalidInput
from hub.domain.taxonomy import PRINCIPLES
from hub.knowledge.search_index import (
    KINDS,
    TEXT_FIELDS,
    SearchIndex,
    build_index,
    record_embedder,
    words,
)
from hub.store import Store
from matching.embedding import Kind, embedder
from matching.retrieval import fuse, nearest
from matching.stopwords import STOP_WORDS
from matching.vector_file import VectorFile

__all__ = ["MAX_TOP", "SearchFilters", "SearchHit", "search", "search_index", "vector_file"]

MAX_TOP = 100
WORD_POOL = 200
"""Word matches looked at per query, best bm25 first; more only cost time."""
MEANING_POOL = 100
MEANING_FLOOR = 0.15
"""Cosine below which a record is not taken to mean what the query does. With USE
multilingual a short query against a record's title and first sentences scores about
0.25 where they say the same thing in two languages, and about 0.03 (the median) else."""

_STOP = frozenset(STOP_WORDS)


class SearchHit(Answer):
    """One record found: its kind (practice, request, offer, activity, stakeholder)."""

    kind: str
    id: str
    title: str
    score: float
    """Rank fusion of the word and meaning rankings, 0 to 1; 1 is first in both."""


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Every given filter must hold; a region is an M49 region or subregion."""

    objective: int | None = None
    principle: str | None = None
    region: str | None = None
    kind: str | None = None

    def facets(self) -> list[tuple[str, object]]:
        """The filters as index facets, each checked, naming what was wrong."""
        found: list[tuple[str, object]] = []
        if self.kind is not None:
            if self.kind not in KINDS:
                raise InvalidInput(f"kind {self.kind!r}: expected one of {sorted(KINDS)}")
            found.append(("kind", self.kind))
        if self.objective is not None:
            if not 1 <= self.objective <= 23:
                raise InvalidInput(f"objective {self.objective}: GCM objectives run 1 to 23")
            found.append(("objective", self.objective))
        if self.principle is not None:
            slugs = [p.slug for p in PRINCIPLES]
            if self.principle not in slugs:
                raise InvalidInput(f"principle {self.principle!r}: expected one of {slugs}")
            found.append(("principle", self.principle))
        if self.region is not None:
            try:
                found.append(("region", geography.region_of(self.region)))
            except ValueError as error:
                raise InvalidInput(str(error)) from None
        return found


_indexes: weakref.WeakKeyDictionary[Store, SearchIndex] = weakref.WeakKeyDictionary()
_building: weakref.WeakKeyDictionary[Store, threading.Lock] = weakref.WeakKeyDictionary()
_hidden_rows: weakref.WeakKeyDictionary[SearchIndex, dict[object, npt.NDArray[np.bool_]]] = (
    weakref.WeakKeyDictionary()
)
_registry = threading.Lock()


def vector_file(data_dir: Path) -> Path:
    """Where a hub keeps its records' embeddings, whichever graph backend it runs on."""
    return data_dir / "search-vectors.db"


def search_index(store: Store, vectors: Path | None = None) -> SearchIndex:
    """The store's search index at its current revision, built once per revision.

    A build embeds only texts neither the previous one nor the `vectors` file had seen;
    one runs at a time per store, and callers arriving meanwhile share it.
    """
    with _registry:
        lock = _building.setdefault(store, threading.Lock())
    with lock:
        revision = store.revision()
        kept = _indexes.get(store)
        if kept is not None and kept.revision == revision:
            return kept
        saved = VectorFile(vectors, _records.model.value) if vectors is not None else None
        built = build_index(store, revision, _records, kept, saved)
        _indexes[store] = built
        return built


_records = record_embedder()


def _hidden(index: SearchIndex, sight: Sight) -> tuple[frozenset[str], npt.NDArray[np.bool_]]:
    """What the caller may not see, as ids for the store and as rows of the index."""
    hidden = sight.hidden()
    audience = (sight.principal.role, sight.principal.stakeholder)
    with _registry:
        masks = _hidden_rows.setdefault(index, {})
        mask = masks.get(audience)
    if mask is None:
        mask = index.rows_of(hidden)
        with _registry:
            masks[audience] = mask
    return hidden, mask


def search(
    store: Store,
    principal: Principal,
    query: str,
    *,
    top: int = 10,
    filters: SearchFilters | None = None,
    vectors: Path | None = None,
) -> list[SearchHit]:
    """The `top` records best matching the query among those the caller may see; records'
    embeddings are kept in the `vectors` file (`vector_file`) when one is given."""
    filters = filters or SearchFilters()
    if not query.strip():
        raise InvalidInput("search needs words: the query is blank")
    if not 1 <= top <= MAX_TOP:
        raise InvalidInput(f"top {top}: expected 1 to {MAX_TOP}")
    wanted = filters.facets()
    index = search_index(store, vectors)
    hidden, hidden_rows = _hidden(index, Sight(store, principal))
    allowed = index.allowed(wanted) & ~hidden_rows
    asked = embedder().embed([query], Kind.QUERY)[0]
    by_meaning = nearest(index.vectors, asked, allowed, MEANING_POOL, MEANING_FLOOR)
    by_words = _word_ranking(store, index, query, asked, allowed, hidden, filters.kind)
    fused = fuse([[index.ids[r] for r in by_words], [index.ids[r] for r, _ in by_meaning]])
    return [
        SearchHit(kind=index.kinds[row], id=node_id, title=index.titles[row], score=round(score, 6))
        for node_id, score in fused[:top]
        for row in (index.row[node_id],)
    ]


def _word_ranking(
    store: Store,
    index: SearchIndex,
    query: str,
    asked: npt.NDArray[np.float32],
    allowed: npt.NDArray[np.bool_],
    hidden: frozenset[str],
    kind: str | None,
) -> list[int]:
    """Rows holding the query's words: most of its words first, then closest in meaning."""
    labels = [KINDS[kind].label] if kind is not None else None
    found = store.search_text(query, TEXT_FIELDS, labels=labels, exclude=hidden, limit=WORD_POOL)
    rows = [index.row[i] for i, _ in found if i in index.row and allowed[index.row[i]]]
    query_words = words(query)
    meaningful = (query_words - _STOP) or query_words
    if not rows or not meaningful:
        return []
    share = {row: len(meaningful & index.words_of(row)) / len(meaningful) for row in rows}
    cosines = dict(zip(rows, (index.vectors[rows] @ asked).tolist(), strict=True))
    held = [row for row in rows if share[row] > 0]
    return sorted(held, key=lambda row: (-share[row], -cosines[row], index.ids[row]))
