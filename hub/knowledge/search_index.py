"""What search reads of the graph: which records are searchable, their text and facets.

`SEARCHABLE` is the one table of what search covers: a kind, its node label and the
properties holding its title and text. Adding a kind is one line. The graph store
indexes those properties for words; `SearchIndex` holds, per graph revision, every
searchable record's title, text, filters (objectives, principles, regions) and its
multilingual embedding. A new revision reads only the nodes whose digest changed
(`GraphStore.node_digests`) and keeps every other row. Embeddings are kept by a hash of
the text they came from, so it embeds only records whose text changed; with a
`VectorFile` they outlive the process too, so only a hub's very first build embeds them
all.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from hub.domain import geography
from hub.domain.vocabulary import fold_text
from hub.store import Node, Store
from matching.embedding import Kind, Model, TextEmbedder
from matching.vector_file import VectorFile

__all__ = [
    "SEARCHABLE",
    "TEXT_FIELDS",
    "SearchIndex",
    "Searchable",
    "build_index",
    "words",
]


@dataclass(frozen=True, slots=True)
class Searchable:
    kind: str
    label: str
    title: str
    text: tuple[str, ...]


SEARCHABLE: tuple[Searchable, ...] = (
    Searchable("practice", "Practice", "title", ("summary", "results", "lessons")),
    Searchable("request", "SupportRequest", "title", ("text",)),
    Searchable("offer", "Offer", "title", ("text",)),
    Searchable("activity", "Activity", "title_json", ("description_json",)),
    Searchable("stakeholder", "Stakeholder", "name", ("aliases", "description")),
)
KINDS = {s.kind: s for s in SEARCHABLE}
BY_LABEL = {s.label: s for s in SEARCHABLE}
TEXT_FIELDS: Mapping[str, list[str]] = {s.label: [s.title, *s.text] for s in SEARCHABLE}
"""What the graph store indexes for words: label -> text properties."""

MEANING_CHARS = 400
"""Text embedded per record: the title and the first sentences, as `matching.dense` does,
so the one-off embedding of a large hub costs one short text per record."""

ONE_BY_ONE = 1000
"""Changed nodes a build reads one by one (about 0.1 ms each); more, label by label."""
EMBED_CHUNK = 1024
"""Texts embedded, then saved, at a time."""

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> set[str]:
    return set(_WORD.findall(fold_text(text)))


def _strings(value: object) -> list[str]:
    """A property's text: a string, a list's strings, or a `_json` language map's values."""
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    if not isinstance(value, str):
        return []
    if value.startswith("{"):
        try:
            decoded = json.loads(value)
        except ValueError:
            return [value]
        if isinstance(decoded, dict):
            return [text for text in decoded.values() if isinstance(text, str)]
    return [value]


def _title(value: object) -> str:
    if isinstance(value, str) and value.startswith("{"):
        try:
            by_language = json.loads(value)
        except ValueError:
            return value
        if isinstance(by_language, dict) and by_language:
            return str(by_language.get("en") or next(iter(by_language.values())))
    return " ".join(_strings(value))


def _places(props: Mapping[str, object]) -> set[str]:
    """The M49 regions and subregions a record is in, by its countries and regions."""
    found: set[str] = set()
    codes = [*_strings(props.get("countries")), *_strings(props.get("home_country"))]
    known = geography.countries()
    for code in codes:
        if code in known:
            found |= {known[code].region, known[code].subregion}
    for region in _strings(props.get("regions")):
        if region in geography.SUBREGIONS:
            found |= {region, geography.SUBREGIONS[region]}
        elif region in geography.REGIONS:
            found.add(region)
    return found


@dataclass(eq=False)
class SearchIndex:
    """Searchable records of one revision, row by row, with their embeddings."""

    revision: str
    ids: list[str]
    kinds: list[str]
    titles: list[str]
    texts: list[str]
    """Folded (`fold_text`) once here, so a query only splits the texts of its candidates."""
    hashes: list[bytes]
    """Of the text embedded, to reuse its row."""
    digests: list[bytes]
    """Of the node (`GraphStore.node_digests`), to reuse the whole row."""
    vectors: npt.NDArray[np.float32]
    facets: dict[tuple[str, object], npt.NDArray[np.bool_]]
    row: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.row = {node_id: i for i, node_id in enumerate(self.ids)}

    def allowed(self, wanted: Iterable[tuple[str, object]]) -> npt.NDArray[np.bool_]:
        """Rows with every wanted facet, e.g. ("kind", "offer") and ("objective", 7)."""
        mask = np.ones(len(self.ids), dtype=bool)
        for facet in wanted:
            mask &= self.facets.get(facet, np.zeros(len(self.ids), dtype=bool))
        return mask

    def words_of(self, row: int) -> set[str]:
        return set(_WORD.findall(self.texts[row]))

    def rows_of(self, node_ids: Iterable[str]) -> npt.NDArray[np.bool_]:
        mask = np.zeros(len(self.ids), dtype=bool)
        rows = [self.row[i] for i in node_ids if i in self.row]
        mask[rows] = True
        return mask


def _facets(record: Searchable, props: Mapping[str, object]) -> set[tuple[str, object]]:
    objectives = props.get("objectives")
    found: set[tuple[str, object]] = {("kind", record.kind)}
    if isinstance(objectives, list):
        found |= {("objective", n) for n in objectives if isinstance(n, int)}
    found |= {("principle", slug) for slug in _strings(props.get("principles"))}
    found |= {("region", place) for place in _places(props)}
    return found


def _key(text: str) -> bytes:
    return hashlib.blake2b(text.encode(), digest_size=16).digest()


@dataclass(frozen=True, slots=True)
class _Record:
    """What the index keeps of one node."""

    title: str
    text: str
    meaning: str
    facets: set[tuple[str, object]]


def _record(record: Searchable, node: Node) -> _Record:
    props = node.properties
    title = _title(props.get(record.title)) or node.id
    rest = " ".join(t for name in record.text for t in _strings(props.get(name)))
    text = fold_text(f"{' '.join(_strings(props.get(record.title)))} {rest}")
    return _Record(title, text, f"{title}. {rest}"[:MEANING_CHARS], _facets(record, props))


def _read(store: Store, wanted: list[tuple[Searchable, str]]) -> dict[str, _Record]:
    """The wanted nodes' records: one by one when they are few, else label by label."""
    if len(wanted) <= ONE_BY_ONE:
        nodes = [(record, store.node(node_id)) for record, node_id in wanted]
        return {node.id: _record(record, node) for record, node in nodes if node is not None}
    ids = {node_id for _, node_id in wanted}
    labels = dict.fromkeys(record for record, _ in wanted)
    return {
        node.id: _record(record, node)
        for record in labels
        for node in store.nodes(record.label)
        if node.id in ids
    }


def build_index(
    store: Store,
    revision: str,
    model: TextEmbedder,
    before: SearchIndex | None,
    saved: VectorFile | None = None,
) -> SearchIndex:
    """Every searchable record as of `revision`. Nodes whose digest `before` holds keep
    their row; only the others are read, and of those only texts neither `before` nor
    `saved` holds are embedded (and saved)."""
    listed = [(r, node_id, d) for r in SEARCHABLE for node_id, d in store.node_digests(r.label)]
    old = before.row if before is not None else {}
    reuse: dict[str, int] = {}
    for _, node_id, digest in listed:
        j = old.get(node_id)
        if before is not None and j is not None and before.digests[j] == digest:
            reuse[node_id] = j
    wanted = [(r, node_id) for r, node_id, _ in listed if node_id not in reuse]
    fresh = _read(store, wanted)
    listed = [row for row in listed if row[1] in reuse or row[1] in fresh]  # none deleted since
    n = len(listed)
    ids = [node_id for _, node_id, _ in listed]
    kept = np.array([reuse.get(node_id, -1) for node_id in ids], dtype=np.int64)
    rows = np.flatnonzero(kept >= 0)
    vectors = np.zeros((n, model.dim), dtype=np.float32)
    facets: dict[tuple[str, object], npt.NDArray[np.bool_]] = {}
    if before is not None and n == len(before.ids) and np.array_equal(kept[rows], rows):
        vectors = before.vectors.copy()  # rows stay put: a copy, not a gather, of them all
        facets = {facet: mask.copy() for facet, mask in before.facets.items()}
        for i in np.flatnonzero(kept < 0).tolist():
            for mask in facets.values():
                mask[i] = False
    elif before is not None:
        vectors[rows] = before.vectors[kept[rows]]
        for facet, mask in before.facets.items():
            facets[facet] = np.zeros(n, dtype=bool)
            facets[facet][rows] = mask[kept[rows]]

    titles, texts, hashes, meanings = [], [], [], []
    for node_id, j in zip(ids, kept.tolist(), strict=True):
        if before is not None and j >= 0:
            titles.append(before.titles[j])
            texts.append(before.texts[j])
            hashes.append(before.hashes[j])
            meanings.append("")  # its row is kept: never embedded
        else:
            record = fresh[node_id]
            titles.append(record.title)
            texts.append(record.text)
            hashes.append(_key(record.meaning))
            meanings.append(record.meaning)
    known = {key: j for j, key in enumerate(before.hashes)} if before is not None else {}
    missing = []
    for i in np.flatnonzero(kept < 0).tolist():
        for facet in fresh[ids[i]].facets:
            facets.setdefault(facet, np.zeros(n, dtype=bool))[i] = True
        if before is not None and hashes[i] in known:
            vectors[i] = before.vectors[known[hashes[i]]]
        else:
            missing.append(i)
    _embed_missing(vectors, missing, hashes, meanings, model, saved)
    return SearchIndex(
        revision,
        ids,
        [record.kind for record, _, _ in listed],
        titles,
        texts,
        hashes,
        [digest for _, _, digest in listed],
        vectors,
        facets,
    )


def _embed_missing(
    vectors: npt.NDArray[np.float32],
    missing: list[int],
    keys: list[bytes],
    texts: list[str],
    model: TextEmbedder,
    saved: VectorFile | None,
) -> None:
    """Fill rows `missing` from the file where it has them, else by embedding, a chunk at
    a time saved as it goes, so a long first embedding that stops keeps what it did."""
    if saved is not None and missing:
        kept = saved.get([keys[i] for i in missing])
        for i in missing:
            if keys[i] in kept:
                vectors[i] = kept[keys[i]]
        missing = [i for i in missing if keys[i] not in kept]
    for start in range(0, len(missing), EMBED_CHUNK):
        chunk = missing[start : start + EMBED_CHUNK]
        vectors[chunk] = model.embed([texts[i] for i in chunk], Kind.PASSAGE)
        if saved is not None:
            saved.put({keys[i]: vectors[i] for i in chunk})


def record_embedder() -> TextEmbedder:
    """An embedder of its own for records: the index keeps their rows, so a small cache
    spares the shared one from being flushed by a whole hub's records."""
    return TextEmbedder(Model.USE, max_chars=MEANING_CHARS, cache_size=256)
