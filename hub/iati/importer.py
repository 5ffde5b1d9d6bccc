"""Turn IATI activities into the stakeholder graph, one file per transaction.

Per activity: the activity node, its organisations (matched by ref, else by folded
name or alias), role edges, presence of its implementers in its countries,
funder→implementer edges and, when several organisations implement it together, a
co-implementation partnership. Ids are derived from what the file says, so importing
the same file twice writes the same nodes and edges again and changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from graph import Edge, GraphStore, GraphWriter
from hub import geography
from hub.iati.parse import ParsedActivity, ParsedOrg, read_activities
from hub.model import (
    Activity,
    ExternalId,
    Partnership,
    PartnershipSource,
    PartnershipStatus,
    Sector,
    Stakeholder,
    StakeholderKind,
)
from hub.records import NAME_SCHEME, country_id, ensure_places, fold_name, from_node, to_node

__all__ = [
    "REF_SCHEME",
    "ROLE_EDGES",
    "ImportReport",
    "activity_record",
    "find_organisation",
    "import_file",
]

REF_SCHEME = "iati-org"

ROLE_EDGES = {1: "FUNDED", 2: "ACCOUNTABLE_FOR", 3: "EXTENDED", 4: "IMPLEMENTED"}

# IATI OrganisationType codes -> our stakeholder kinds.
_KINDS = {
    "11": StakeholderKind.LOCAL_AUTHORITY,
    "21": StakeholderKind.NGO,
    "22": StakeholderKind.NGO,
    "23": StakeholderKind.NGO,
    "24": StakeholderKind.NGO,
    "40": StakeholderKind.UN_ENTITY,
    "60": StakeholderKind.DONOR,
    "70": StakeholderKind.PRIVATE_SECTOR,
    "71": StakeholderKind.PRIVATE_SECTOR,
    "72": StakeholderKind.PRIVATE_SECTOR,
    "73": StakeholderKind.PRIVATE_SECTOR,
    "80": StakeholderKind.ACADEMIA,
}

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

Tagger = Callable[[list[str]], list[list[int]]]
"""Gives each text of a batch its GCM objectives."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    file: str
    activities: int
    organisations: int
    edges: int
    nodes_added: int
    edges_added: int


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_name(text)).strip("-") or "org"


def _kind(org: ParsedOrg) -> StakeholderKind:
    if org.type in _KINDS:
        return _KINDS[org.type]
    return StakeholderKind.DONOR if org.role == 1 else StakeholderKind.OTHER


def organisation_keys(org: ParsedOrg) -> list[tuple[str, str]]:
    """External ids that identify an organisation, most trusted first."""
    keys = [(REF_SCHEME, org.ref)] if org.ref else []
    keys.append((NAME_SCHEME, fold_name(org.name)))
    return keys


def find_organisation(store: GraphStore, org: ParsedOrg) -> str | None:
    """The stakeholder an IATI organisation already is, without creating one."""
    for key in organisation_keys(org):
        node = store.node_by_external_id(*key)
        if node is not None:
            return node.id
    return None


class _Organisations:
    """Resolves an IATI organisation to a stakeholder id, creating it when new."""

    def __init__(self, store: GraphStore, writer: GraphWriter) -> None:
        self._store = store
        self._writer = writer
        self._seen: dict[tuple[str, str], str] = {}

    @property
    def resolved(self) -> set[str]:
        return set(self._seen.values())

    def _lookup(self, scheme: str, value: str) -> str | None:
        if (scheme, value) in self._seen:
            return self._seen[(scheme, value)]
        node = self._store.node_by_external_id(scheme, value)
        return node.id if node is not None else None

    def resolve(self, org: ParsedOrg) -> str:
        keys = organisation_keys(org)
        found = next((hit for key in keys if (hit := self._lookup(*key))), None)
        if found is None:
            found = self._create(org)
        else:
            self._learn(found, org)
        for key in keys:
            if key not in self._seen:
                self._seen[key] = self._writer.link_external_id(*key, found)
        return found

    def _create(self, org: ParsedOrg) -> str:
        base = _slug(org.name)
        candidate, suffix = base, 1
        while self._store.node(candidate) is not None:
            suffix += 1
            candidate = f"{base}-{suffix}"
        stakeholder = Stakeholder(
            id=candidate,
            name=org.name,
            kind=_kind(org),
            external_ids=[ExternalId(scheme=REF_SCHEME, value=org.ref)] if org.ref else [],
        )
        self._writer.upsert_node(to_node(stakeholder))
        return candidate

    def _learn(self, stakeholder_id: str, org: ParsedOrg) -> None:
        """Remember a new spelling or ref of a known organisation on its profile."""
        node = self._store.node(stakeholder_id)
        if node is None or node.label != "Stakeholder":
            return
        known = from_node(Stakeholder, node)
        names = {fold_name(n) for n in (known.name, *known.aliases)}
        refs = {e.value for e in known.external_ids if e.scheme == REF_SCHEME}
        new_alias = fold_name(org.name) not in names
        new_ref = org.ref is not None and org.ref not in refs
        if new_alias or new_ref:
            update = known.model_copy(
                update={
                    "aliases": [*known.aliases, org.name] if new_alias else known.aliases,
                    "external_ids": [
                        *known.external_ids,
                        ExternalId(scheme=REF_SCHEME, value=org.ref),
                    ]
                    if new_ref and org.ref
                    else known.external_ids,
                }
            )
            self._writer.upsert_node(to_node(update))


def activity_text(parsed: ParsedActivity) -> str:
    """Title and descriptions in every language: what a tagger or a query reads."""
    return "\n".join([*parsed.title.values(), *parsed.description.values()])


def activity_record(parsed: ParsedActivity, objectives: Sequence[int] = ()) -> Activity:
    return Activity(
        id=parsed.identifier,
        title=parsed.title,
        description=parsed.description,
        status=parsed.status,
        start=parsed.start,
        end=parsed.end,
        countries=parsed.countries,
        regions=parsed.regions,
        locations=parsed.locations,
        sectors=[Sector(vocabulary=s.vocabulary, code=s.code, name=s.name) for s in parsed.sectors],
        objectives=list(objectives),
        reporting_org=parsed.reporting_org.name if parsed.reporting_org else None,
    )


def _write_activity(
    activity: Activity, parsed: ParsedActivity, writer: GraphWriter, organisations: _Organisations
) -> list[Edge]:
    places = [code for code in parsed.countries if code in geography.countries()]
    ensure_places(writer, places)
    writer.upsert_node(to_node(activity))
    roles: dict[int, list[str]] = {}
    for org in parsed.organisations:
        org_id = organisations.resolve(org)
        if org_id not in roles.setdefault(org.role, []):
            roles[org.role].append(org_id)
    edges = [Edge(activity.id, "IN_COUNTRY", country_id(code)) for code in places]
    for role, members in roles.items():
        edges += [Edge(member, ROLE_EDGES[role], activity.id) for member in members]
    present = {m for role in _PRESENT_ROLES for m in roles.get(role, [])}
    edges += [Edge(m, "PRESENT_IN", country_id(c), "iati") for m in sorted(present) for c in places]
    implementers = roles.get(4, [])
    edges += [
        Edge(funder, "FUNDS", implementer, activity.id)
        for funder in roles.get(1, [])
        for implementer in implementers
        if funder != implementer
    ]
    if len(implementers) > 1:
        partnership = Partnership(
            id=f"iati-partnership:{activity.id}",
            title=parsed.title.get("en") or next(iter(parsed.title.values()), activity.id),
            members=implementers,
            objectives=activity.objectives,
            countries=parsed.countries,
            source=PartnershipSource.IATI,
            status=_PARTNERSHIP_STATUS.get(parsed.status or "", PartnershipStatus.ACTIVE),
            activities=[activity.id],
            started=parsed.start,
            ended=parsed.end,
        )
        writer.upsert_node(to_node(partnership))
        edges += [Edge(member, "MEMBER_OF", partnership.id) for member in implementers]
    writer.upsert_edges(edges)
    return edges


def _chunks(activities: Iterable[ParsedActivity], size: int) -> Iterator[list[ParsedActivity]]:
    chunk: list[ParsedActivity] = []
    for activity in activities:
        chunk.append(activity)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def import_file(
    store: GraphStore,
    path: Path,
    on_progress: Callable[[int], None] | None = None,
    keep: Callable[[ParsedActivity], bool] | None = None,
    tag: Tagger | None = None,
) -> ImportReport:
    """Import one IATI file in one transaction; on any error nothing of it is stored.

    `on_progress` receives the number of bytes read since its last call; `keep`, when
    given, chooses the activities to import (e.g. those before a date); `tag` gives
    GCM objectives to a batch of activity texts.
    """
    before = store.counts()
    activities = 0
    edges: set[tuple[str, str, str, str]] = set()
    selected = (a for a in read_activities(path, on_progress) if keep is None or keep(a))
    with store.batch() as writer:
        organisations = _Organisations(store, writer)
        for chunk in _chunks(selected, 512):
            objectives = tag([activity_text(a) for a in chunk]) if tag else [[] for _ in chunk]
            for parsed, tags in zip(chunk, objectives, strict=True):
                activity = activity_record(parsed, tags)
                written = _write_activity(activity, parsed, writer, organisations)
                edges.update(edge.identity for edge in written)
            activities += len(chunk)
        resolved = organisations.resolved
    after = store.counts()
    return ImportReport(
        file=str(path),
        activities=activities,
        organisations=len(resolved),
        edges=len(edges),
        nodes_added=sum(after.nodes.values()) - sum(before.nodes.values()),
        edges_added=sum(after.edges.values()) - sum(before.edges.values()),
    )
