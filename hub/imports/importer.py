"""Turn IATI activities into the stakeholder graph, one file per transaction.

Per activity: the activity node, its organisations (matched by ref, else by folded
name or alias), role edges, presence of its implementers in its countries,
funder→implementer edges and, when several organisations implement it together, a
co-implementation partnership. Ids are derived from what the file says, so importing
the same file twice writes the same nodes and edges again and changes nothing.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from hub.domain import geography
from hub.domain.activities import Activity, ObjectiveSource, PartnershipStatus
from hub.domain.errors import invalid_input
from hub.domain.records import ObjectiveOrigin
from hub.domain.vocabulary import ROLE_EDGES, IatiRole, country_id, fold_name
from hub.imports.organisations import OrganisationResolver
from hub.imports.parse import IatiError, read_activities
from hub.imports.parsed import ParsedActivity, ParsedOrg
from hub.imports.registry import OrganisationRegistry, load_registry
from hub.imports.tagging_worker import WORKER_FROM_BYTES, Tagger, spare_core, tag_beside
from hub.store import Edge, Node, Store, Writer
from hub.store.codec import ensure_places, from_node
from hub.store.iati_codec import activity_node, activity_record, partnership_node

__all__ = [
    "ImportReport",
    "Tagger",
    "activity_record",
    "activity_text",
    "import_file",
]

# IATI ActivityStatus codes -> where a co-implementation partnership stands.
_PARTNERSHIP_STATUS = {
    "1": PartnershipStatus.AGREED,
    "2": PartnershipStatus.ACTIVE,
    "3": PartnershipStatus.COMPLETED,
    "4": PartnershipStatus.COMPLETED,
    "5": PartnershipStatus.CLOSED,
    "6": PartnershipStatus.CLOSED,
}

_PRESENT_ROLES = (IatiRole.ACCOUNTABLE, IatiRole.IMPLEMENTING)

_CHUNK = 512
"""Activities tagged together and written together."""

_YOUNG_COLLECTION_EVERY = 100_000
"""Allocations between young-generation collections while importing (Python's default: 700)."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    file: str
    activities: int
    organisations: int
    edges: int
    nodes_added: int
    edges_added: int


def activity_text(parsed: ParsedActivity) -> str:
    """Title and descriptions in every language: what a tagger or a query reads."""
    return "\n".join([*parsed.title.values(), *parsed.description.values()])


_SUGGESTED = ObjectiveOrigin.SUGGESTED


class _Objectives(NamedTuple):
    objectives: list[int]
    source: ObjectiveSource | None
    origin: ObjectiveOrigin


class _Import:
    """The state of one file's import: caches that make each mention cheap."""

    def __init__(
        self,
        store: Store,
        registry: OrganisationRegistry | None,
        source: ObjectiveSource | None,
        reimport: bool,
    ) -> None:
        self.store = store
        self.organisations = OrganisationResolver(store, registry)
        self.source = source
        self.reimport = reimport
        """Whether the store held activities before: only then can one be stored already."""
        self.countries: set[str] = set()
        self.activities = 0
        self.current = ""
        """The identifier of the activity being written, for errors."""
        # Hashes, not identities: counting distinct edges must not keep them all alive.
        self.edges: set[int] = set()

    def write_chunk(
        self, writer: Writer, chunk: list[ParsedActivity], objectives: list[list[int]]
    ) -> None:
        """Resolve the chunk's organisations, then write it: nodes first, edges last."""
        organisations = self.organisations
        organisations.prefetch(org for parsed in chunk for org in parsed.organisations)
        kept = self._kept(chunk)
        table = geography.countries()
        nodes: list[Node] = []
        edges: list[Edge] = []
        new_places: list[str] = []
        for parsed, guessed in zip(chunk, objectives, strict=True):
            activity_id = self.current = parsed.identifier
            self.activities += 1
            places = [code for code in parsed.countries if code in table]
            new_places += [code for code in places if code not in self.countries]
            self.countries.update(places)
            if activity_id in kept:
                tags, source, origin = kept[activity_id]
            elif parsed.objectives:  # a hub export says them
                tags, source, origin = parsed.objectives, ObjectiveSource.PUBLISHER, _SUGGESTED
            else:  # a tagger guesses
                tags, source, origin = guessed, self.source, _SUGGESTED
            nodes.append(activity_node(parsed, tags, source, origin))
            organisations.take(activity_id)
            roles: dict[int, list[str]] = {}
            for org in parsed.organisations:
                org_id = organisations.resolve(_typed(org, parsed.reporting_org))
                if org_id not in roles.setdefault(org.role, []):
                    roles[org.role].append(org_id)
            edges += _activity_edges(activity_id, places, roles)
            implementers = roles.get(IatiRole.IMPLEMENTING, [])
            if len(implementers) > 1:
                partnership = _partnership(parsed, activity_id, implementers, tags)
                nodes.append(partnership)
                edges += [Edge(m, "MEMBER_OF", partnership.id) for m in implementers]
        organisations.write(writer)
        ensure_places(writer, new_places)
        writer.upsert_nodes(nodes)
        writer.upsert_edges(edges)
        self.edges.update(hash(edge.identity) for edge in edges)

    def _kept(self, chunk: list[ParsedActivity]) -> dict[str, _Objectives]:
        """Objectives of stored activities that are better than this import's keyword tags:
        a person's, or the multilingual tagger's for the same text when the file tags none.
        A re-import keeps them.
        Read before the chunk is written, so the reads cost one flush."""
        if not self.reimport:
            return {}
        kept = {}
        for parsed in chunk:
            node = self.store.node(parsed.identifier)
            if node is None or node.label != "Activity":
                continue
            stored = from_node(Activity, node)
            reworded = (stored.title, stored.description) != (parsed.title, parsed.description)
            if stored.objective_origin is ObjectiveOrigin.CONFIRMED or (
                stored.objective_source is ObjectiveSource.MULTILINGUAL
                and not reworded
                and not parsed.objectives
            ):
                kept[parsed.identifier] = _Objectives(
                    stored.objectives, stored.objective_source, stored.objective_origin
                )
        return kept


def _typed(org: ParsedOrg, reporter: ParsedOrg | None) -> ParsedOrg:
    """An organisation without @type takes the one it gives itself as the reporting org."""
    if org.type is not None or reporter is None or reporter.type is None:
        return org
    same = (org.ref is not None and org.ref == reporter.ref) or fold_name(org.name) == fold_name(
        reporter.name
    )
    return replace(org, type=reporter.type) if same else org


def _activity_edges(activity_id: str, places: list[str], roles: dict[int, list[str]]) -> list[Edge]:
    edges = [Edge(activity_id, "IN_COUNTRY", country_id(code)) for code in places]
    for role, members in roles.items():
        edges += [Edge(member, ROLE_EDGES[role], activity_id) for member in members]
    present = {m for role in _PRESENT_ROLES for m in roles.get(role, [])}
    edges += [Edge(m, "PRESENT_IN", country_id(c), "iati") for m in sorted(present) for c in places]
    edges += [
        Edge(funder, "FUNDS", implementer, activity_id)
        for funder in roles.get(IatiRole.FUNDING, [])
        for implementer in roles.get(IatiRole.IMPLEMENTING, [])
        if funder != implementer
    ]
    return edges


def _partnership(
    parsed: ParsedActivity, activity_id: str, implementers: list[str], objectives: list[int]
) -> Node:
    return partnership_node(
        f"iati-partnership:{activity_id}",
        parsed.title.get("en") or next(iter(parsed.title.values()), activity_id),
        implementers,
        sorted(set(objectives)),
        parsed,
        _PARTNERSHIP_STATUS.get(parsed.status or "", PartnershipStatus.ACTIVE),
    )


def _chunks(activities: Iterable[ParsedActivity], size: int) -> Iterator[list[ParsedActivity]]:
    chunk: list[ParsedActivity] = []
    for activity in activities:
        chunk.append(activity)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _tagged(
    chunks: Iterator[list[ParsedActivity]], tag: Tagger | None, beside: bool
) -> Iterator[tuple[list[ParsedActivity], list[list[int]]]]:
    """Each chunk with its activities' objectives (none without a tagger)."""
    if tag is None:
        return ((chunk, [[] for _ in chunk]) for chunk in chunks)
    batches = ((chunk, [activity_text(a) for a in chunk]) for chunk in chunks)
    if beside:
        return tag_beside(batches, tag)
    return ((chunk, tag(texts)) for chunk, texts in batches)


_collections_lock = threading.Lock()
_thresholds: list[tuple[int, int, int]] = []
"""What the collector's thresholds were before the running imports, once per import."""


@contextmanager
def _rare_collections() -> Iterator[None]:
    """Collect garbage less often while importing.

    An import allocates millions of objects that live until it ends (parsed activities,
    nodes, rows, caches); collecting the young generation every 700 of them spends a
    fifth of the import walking objects that are not garbage. Concurrent imports share
    the raised threshold, and the last one out restores the one from before.
    """
    with _collections_lock:
        _thresholds.append(_thresholds[0] if _thresholds else gc.get_threshold())
        young, *older = _thresholds[0]
        gc.set_threshold(max(young, _YOUNG_COLLECTION_EVERY), *older)
    try:
        yield
    finally:
        with _collections_lock:
            before = _thresholds.pop()
            if not _thresholds:
                gc.set_threshold(*before)


def import_file(
    store: Store,
    path: Path,
    on_progress: Callable[[int], None] | None = None,
    keep: Callable[[ParsedActivity], bool] | None = None,
    tag: Tagger | None = None,
    tag_in_worker: bool | None = None,
    registry: OrganisationRegistry | None = None,
    tag_source: ObjectiveSource = ObjectiveSource.KEYWORDS,
) -> ImportReport:
    """Import one IATI file in one transaction; on any error nothing of it is stored.

    `on_progress` receives the number of bytes read since its last call; `keep`, when
    given, chooses the activities to import (e.g. those before a date); `tag` gives
    GCM objectives to a batch of activity texts. `tag_in_worker` runs `tag` (which must
    then pickle) in a second process; by default, for large files when a core is spare.
    `registry` says who organisations are: names, identifiers, kinds (by default the
    hub's built-in table of UN and multilateral organisations). `tag_source` names the
    tagger `tag` is, stored with each activity's objectives; objectives a person confirmed
    or the multilingual tagger gave the same text are kept.
    """
    if tag_in_worker is None:
        tag_in_worker = spare_core() and _size(path) >= WORKER_FROM_BYTES
    before = store.counts()
    selected = (a for a in read_activities(path, on_progress) if keep is None or keep(a))
    state = _Import(
        store,
        registry if registry is not None else load_registry(),
        tag_source if tag is not None else None,
        reimport=before.nodes.get("Activity", 0) > 0,
    )
    try:
        with _rare_collections(), store.batch() as writer:
            for chunk, objectives in _tagged(_chunks(selected, _CHUNK), tag, tag_in_worker):
                state.write_chunk(writer, chunk, objectives)
    except ValidationError as error:  # a value the hub's records refuse, e.g. a 5,000-character id
        where = f"{path}: activity #{state.activities} {state.current[:40]!r}"
        raise invalid_input(where, error, IatiError) from None
    after = store.counts()
    return ImportReport(
        file=str(path),
        activities=state.activities,
        organisations=len(state.organisations.resolved),
        edges=len(state.edges),
        nodes_added=sum(after.nodes.values()) - sum(before.nodes.values()),
        edges_added=sum(after.edges.values()) - sum(before.edges.values()),
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # read_activities names the problem
