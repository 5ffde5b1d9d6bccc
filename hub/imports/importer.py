"""Turn IATI activities into the stakeholder graph, one file per transaction.

Per activity: the activity node, its organisations (matched by ref, else by folded
name or alias), role edges, presence of its implementers in its countries,
funder→implementer edges and, when several organisations implement it together, a
co-implementation partnership. Ids are derived from what the file says, so importing
the same file twice writes the same nodes and edges again and changes nothing.
"""

from __future__ import annotations

import gc
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import ValidationError

from hub.domain import geography
from hub.domain.activities import PartnershipStatus
from hub.domain.errors import invalid_input
from hub.domain.records import StakeholderKind
from hub.domain.vocabulary import (
    NAME_SCHEME,
    REF_SCHEME,
    REGISTRY_SCHEME,
    ROLE_EDGES,
    country_id,
    fold_name,
    slug,
)
from hub.imports.parse import IatiError, ParsedActivity, ParsedOrg, read_activities
from hub.imports.registry import Identity, OrganisationRegistry, kind_of, load_registry
from hub.imports.tagging_worker import WORKER_FROM_BYTES, Tagger, spare_core, tag_beside
from hub.store import Edge, Node, PropertyValue, Store, Writer
from hub.store.codec import ensure_places
from hub.store.iati_codec import activity_node, activity_record, partnership_node, stakeholder_node

__all__ = [
    "ImportReport",
    "Tagger",
    "activity_record",
    "activity_text",
    "find_organisation",
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

_PRESENT_ROLES = (2, 4)

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


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")


def _display_name(name: str) -> str:
    """A slug ("save-the-children") spelled as words: the best name a file gives."""
    return (
        " ".join(word.capitalize() for word in name.split("-")) if _SLUG.fullmatch(name) else name
    )


def organisation_keys(org: ParsedOrg, identity: Identity | None = None) -> list[tuple[str, str]]:
    """External ids that identify an organisation, most trusted first."""
    keys = [(REF_SCHEME, org.ref)] if org.ref else []
    if identity is not None:
        known = identity.organisation
        keys += [(REF_SCHEME, i) for i in known.identifiers if (REF_SCHEME, i) not in keys]
        keys.append((REGISTRY_SCHEME, known.key))
    keys.append((NAME_SCHEME, fold_name(org.name)))
    return keys


def find_organisation(
    store: Store, org: ParsedOrg, registry: OrganisationRegistry | None = None
) -> str | None:
    """The stakeholder an IATI organisation already is, without creating one."""
    identity = (registry if registry is not None else load_registry()).find(org.name, org.ref)
    for key in organisation_keys(org, identity):
        node = store.node_by_external_id(*key)
        if node is not None:
            return node.id
    return None


def _profile(node: Node) -> _Profile | None:
    """What learning new spellings needs of a stored stakeholder."""
    if node.label != "Stakeholder":
        return None
    properties = dict(node.properties)
    aliases = properties.get("aliases")
    spellings = [properties.get("name"), *(aliases if isinstance(aliases, list) else [])]
    names = {fold_name(n) for n in spellings if isinstance(n, str)}
    encoded = properties.get("external_ids_json")
    external = json.loads(encoded) if isinstance(encoded, str) else []
    refs = {e["value"] for e in external if e.get("scheme") == REF_SCHEME}
    return _Profile(properties, names, refs)


@dataclass(slots=True)
class _Profile:
    properties: dict[str, PropertyValue]
    names: set[str]
    refs: set[str]


class _Organisations:
    """Resolves IATI organisations to stakeholder ids, creating those that are new.

    Everything the store says about a key is cached for the whole import: a key only
    changes when this import links it, and from then on `_seen` answers for it. So a
    chunk's lookups all happen before its writes, and writes leave in bulk.
    """

    def __init__(self, store: Store, registry: OrganisationRegistry | None) -> None:
        self._store = store
        self._registry = registry
        self._identities: dict[tuple[str, str | None], Identity | None] = {}
        self._seen: dict[tuple[str, str], str] = {}
        self._stored: dict[tuple[str, str], str | None] = {}
        self._profiles: dict[str, _Profile | None] = {}
        self._taken: set[str] = set()
        self._links: list[tuple[tuple[str, str], str]] = []
        self._dirty: dict[str, None] = {}

    @property
    def resolved(self) -> set[str]:
        return set(self._seen.values())

    def take(self, node_id: str) -> None:
        """Keep new stakeholders off an id this import has written."""
        self._taken.add(node_id)

    def identity(self, org: ParsedOrg) -> Identity | None:
        """The registry entry an organisation is, looked up once per spelling."""
        if self._registry is None:
            return None
        mention = (org.name, org.ref)
        if mention not in self._identities:
            self._identities[mention] = self._registry.find(org.name, org.ref)
        return self._identities[mention]

    def prefetch(self, orgs: Iterable[ParsedOrg]) -> None:
        """Ask the store about every key of a chunk at once, before it is written."""
        for org in orgs:
            for key in organisation_keys(org, self.identity(org)):
                if key not in self._seen and key not in self._stored:
                    self._remember(key, self._store.node_by_external_id(*key))

    def _remember(self, key: tuple[str, str], node: Node | None) -> str | None:
        self._stored[key] = node.id if node is not None else None
        if node is not None and node.id not in self._profiles:
            self._profiles[node.id] = _profile(node)
        return self._stored[key]

    def _lookup(self, key: tuple[str, str]) -> str | None:
        if key in self._seen:
            return self._seen[key]
        if key in self._stored:
            return self._stored[key]
        return self._remember(key, self._store.node_by_external_id(*key))

    def resolve(self, org: ParsedOrg) -> str:
        identity = self.identity(org)
        keys = organisation_keys(org, identity)
        found = next((hit for key in keys if (hit := self._lookup(key))), None)
        if found is None:
            found = self._create(org, identity)
        else:
            self._learn(found, org, identity)
        for key in keys:
            if key not in self._seen:
                # Linking keeps an earlier claim, so the key ends up where the store says.
                claimed = self._lookup(key)
                if claimed is None:
                    self._links.append((key, found))
                self._seen[key] = claimed or found
        return found

    def _create(self, org: ParsedOrg, identity: Identity | None) -> str:
        known = identity.organisation if identity is not None else None
        base = slug(known.key if known is not None else org.name)
        candidate, suffix = base, 1
        while candidate in self._taken or self._store.node(candidate) is not None:
            suffix += 1
            candidate = f"{base}-{suffix}"
        self._taken.add(candidate)
        name = known.name if known is not None else _display_name(org.name)
        spellings = (known.acronym, org.name, *known.synonyms) if known is not None else (org.name,)
        firsts: dict[str, str] = {}
        for spelling in spellings:
            firsts.setdefault(fold_name(spelling), spelling)
        firsts.pop(fold_name(name), None)
        aliases = list(firsts.values())
        refs = list(
            dict.fromkeys([*(known.identifiers if known else ()), *([org.ref] if org.ref else [])])
        )
        node = stakeholder_node(
            candidate, name, kind_of(known, org.type, org.ref), aliases=aliases, refs=refs
        )
        self._profiles[candidate] = _Profile(
            dict(node.properties), {fold_name(n) for n in (name, *aliases)}, set(refs)
        )
        self._dirty[candidate] = None
        return candidate

    def _learn(self, stakeholder_id: str, org: ParsedOrg, identity: Identity | None) -> None:
        """Remember a new spelling or ref of a known organisation on its profile.

        A spelling that already names another stakeholder is not learnt: an
        organisation's own file calling it "IOM" must not earn it IOM's name.
        """
        if stakeholder_id not in self._profiles:  # claimed elsewhere, not seen yet
            node = self._store.node(stakeholder_id)
            self._profiles[stakeholder_id] = _profile(node) if node is not None else None
        profile = self._profiles[stakeholder_id]
        if profile is None:
            return
        properties = profile.properties
        if properties.get("kind") == StakeholderKind.UNKNOWN:
            kind = kind_of(identity.organisation if identity else None, org.type, org.ref)
            if kind is not StakeholderKind.UNKNOWN:
                properties["kind"] = kind.value
                self._dirty[stakeholder_id] = None
        folded = fold_name(org.name)
        holder = self._lookup((NAME_SCHEME, folded))
        new_alias = folded not in profile.names and holder in (None, stakeholder_id)
        new_ref = org.ref is not None and org.ref not in profile.refs
        if not (new_alias or new_ref):
            return
        if new_alias:
            aliases = properties.get("aliases")
            known = [a for a in aliases if isinstance(a, str)] if isinstance(aliases, list) else []
            properties["aliases"] = [*known, org.name]
            profile.names.add(folded)
        if new_ref and org.ref:
            encoded = properties.pop("external_ids_json", None)
            properties.pop("external_ids", None)
            external = json.loads(encoded) if isinstance(encoded, str) else []
            external.append({"scheme": REF_SCHEME, "value": org.ref})
            properties["external_ids_json"] = json.dumps(
                external, sort_keys=True, ensure_ascii=False
            )
            profile.refs.add(org.ref)
        self._dirty[stakeholder_id] = None

    def write(self, writer: Writer) -> None:
        """Store the stakeholders created or changed since the last call, then their keys."""
        profiles = self._profiles
        writer.upsert_nodes(
            Node(sid, "Stakeholder", dict(profile.properties))
            for sid in self._dirty
            if (profile := profiles[sid]) is not None
        )
        self._dirty.clear()
        for key, stakeholder_id in self._links:
            writer.link_external_id(*key, stakeholder_id)
        self._links.clear()


def activity_text(parsed: ParsedActivity) -> str:
    """Title and descriptions in every language: what a tagger or a query reads."""
    return "\n".join([*parsed.title.values(), *parsed.description.values()])


class _Import:
    """The state of one file's import: caches that make each mention cheap."""

    def __init__(self, store: Store, registry: OrganisationRegistry | None) -> None:
        self.organisations = _Organisations(store, registry)
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
        table = geography.countries()
        nodes: list[Node] = []
        edges: list[Edge] = []
        new_places: list[str] = []
        for parsed, tags in zip(chunk, objectives, strict=True):
            activity_id = self.current = parsed.identifier
            self.activities += 1
            places = [code for code in parsed.countries if code in table]
            new_places += [code for code in places if code not in self.countries]
            self.countries.update(places)
            nodes.append(activity_node(parsed, tags))
            organisations.take(activity_id)
            roles: dict[int, list[str]] = {}
            for org in parsed.organisations:
                org_id = organisations.resolve(_typed(org, parsed.reporting_org))
                if org_id not in roles.setdefault(org.role, []):
                    roles[org.role].append(org_id)
            edges += _activity_edges(activity_id, places, roles)
            implementers = roles.get(4, [])
            if len(implementers) > 1:
                partnership = _partnership(parsed, activity_id, implementers, tags)
                nodes.append(partnership)
                edges += [Edge(m, "MEMBER_OF", partnership.id) for m in implementers]
        organisations.write(writer)
        ensure_places(writer, new_places)
        writer.upsert_nodes(nodes)
        writer.upsert_edges(edges)
        self.edges.update(hash(edge.identity) for edge in edges)


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
        for funder in roles.get(1, [])
        for implementer in roles.get(4, [])
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
) -> ImportReport:
    """Import one IATI file in one transaction; on any error nothing of it is stored.

    `on_progress` receives the number of bytes read since its last call; `keep`, when
    given, chooses the activities to import (e.g. those before a date); `tag` gives
    GCM objectives to a batch of activity texts. `tag_in_worker` runs `tag` (which must
    then pickle) in a second process; by default, for large files when a core is spare.
    `registry` says who organisations are: names, identifiers, kinds (by default the
    hub's built-in table of UN and multilateral organisations).
    """
    if tag_in_worker is None:
        tag_in_worker = spare_core() and _size(path) >= WORKER_FROM_BYTES
    before = store.counts()
    selected = (a for a in read_activities(path, on_progress) if keep is None or keep(a))
    state = _Import(store, registry if registry is not None else load_registry())
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
