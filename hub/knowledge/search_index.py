"""What search reads of the graph: which records are searchable, their text and facets.

`SEARCHABLE` is the one table of what search covers: a kind, its node label and the
properties holding its title and text. Adding a kind is one line. The graph store
indexes those properties for words; `SearchIndex` holds, per graph revision, every
searchable record's title, text, filters (objectives, principles, regions) and its
multilingual embedding. Embeddings are kept by a hash of the text they came from, so
a new revision embeds only records whose text changed; with a `VectorFile` they outlive
the process too, so only a hub's very first build embeds them all.
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


def build_index(
    store: Store,
    revision: str,
    model: TextEmbedder,
    before: SearchIndex | None,
    saved: VectorFile | None = None,
) -> SearchIndex:
    """Every searchable record as of `revision`; rows of unchanged texts come from `before`,
    then from `saved`, and only the rest are embedded (and saved)."""
    nodes: list[tuple[Searchable, Node]] = [
        (record, node) for record in SEARCHABLE for node in store.nodes(record.label)
    ]
    titles, texts, meanings, facet_rows = [], [], [], []
    for record, node in nodes:
        props = node.properties
        title = _title(props.get(record.title)) or node.id
        rest = " ".join(t for name in record.text for t in _strings(props.get(name)))
        titles.append(title)
        texts.append(fold_text(f"{' '.join(_strings(props.get(record.title)))} {rest}"))
        meanings.append(f"{title}. {rest}"[:MEANING_CHARS])
        facet_rows.append(_facets(record, props))
    hashes = [_key(text) for text in meanings]
    vectors = np.zeros((len(nodes), model.dim), dtype=np.float32)
    known = {key: j for j, key in enumerate(before.hashes)} if before is not None else {}
    missing = []
    for i, key in enumerate(hashes):
        if before is not None and key in known:
            vectors[i] = before.vectors[known[key]]
        else:
            missing.append(i)
    _embed_missing(vectors, missing, hashes, meanings, model, saved)
    facets: dict[tuple[str, object], npt.NDArray[np.bool_]] = {}
    for i, found in enumerate(facet_rows):
        for facet in found:
            facets.setdefault(facet, np.zeros(len(nodes), dtype=bool))[i] = True
    return SearchIndex(
        revision,
        [node.id for _, node in nodes],
        [record.kind for record, _ in nodes],
        titles,
        texts,
        hashes,
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
