"""Which stakeholder an IATI organisation is: found by ref, registry key or folded name,
created when new, and its new spellings learnt as aliases, all within one import."""

from __future__ import annotations

from collections.abc import Iterable

from hub.domain.records import StakeholderKind
from hub.domain.vocabulary import (
    NAME_SCHEME,
    REF_SCHEME,
    REGISTRY_SCHEME,
    fold_name,
    slug,
    slug_words,
)
from hub.imports.parsed import ParsedOrg
from hub.imports.registry import Identity, OrganisationRegistry, kind_of, load_registry
from hub.store import Node, Store, Writer
from hub.store.iati_codec import KnownStakeholder

__all__ = ["OrganisationResolver", "find_organisation", "organisation_keys"]


_KINDS = frozenset(kind.value for kind in StakeholderKind)


def _declared(org: ParsedOrg) -> bool:
    """Whether a hub export says who this organisation is (its kind, in the hub's terms)."""
    return org.kind is not None and org.kind in _KINDS


def _kind(org: ParsedOrg, identity: Identity | None) -> StakeholderKind:
    """The kind a hub export declares, else what the registry and IATI codes say."""
    if _declared(org):
        return StakeholderKind(str(org.kind))
    return kind_of(identity.organisation if identity else None, org.type, org.ref)


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


class OrganisationResolver:
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
        self._profiles: dict[str, KnownStakeholder | None] = {}
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
            self._profiles[node.id] = KnownStakeholder.stored(node)
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
        if _declared(org) or known is None:  # a hub export names it as its hub does
            # Else a slug ("save-the-children") spelled as words is the best name a file gives.
            name = org.name if _declared(org) else slug_words(org.name)
        else:
            name = known.name
        spellings = (
            (known.name, known.acronym, org.name, *known.synonyms)
            if known is not None
            else (org.name,)
        )
        firsts: dict[str, str] = {}
        for spelling in spellings:
            firsts.setdefault(fold_name(spelling), spelling)
        firsts.pop(fold_name(name), None)
        aliases = list(firsts.values())
        refs = list(
            dict.fromkeys([*(known.identifiers if known else ()), *([org.ref] if org.ref else [])])
        )
        self._profiles[candidate] = KnownStakeholder.new(
            candidate, name, _kind(org, identity), aliases=aliases, refs=refs
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
            self._profiles[stakeholder_id] = (
                KnownStakeholder.stored(node) if node is not None else None
            )
        profile = self._profiles[stakeholder_id]
        if profile is None:
            return
        if profile.kind is StakeholderKind.UNKNOWN:
            kind = _kind(org, identity)
            if kind is not StakeholderKind.UNKNOWN:
                profile.kind = kind
                self._dirty[stakeholder_id] = None
        folded = fold_name(org.name)
        holder = self._lookup((NAME_SCHEME, folded))
        new_alias = folded not in profile.names and holder in (None, stakeholder_id)
        new_ref = org.ref is not None and org.ref not in profile.refs
        if not (new_alias or new_ref):
            return
        if new_alias:
            profile.add_alias(org.name)
        if new_ref and org.ref:
            profile.add_ref(org.ref)
        self._dirty[stakeholder_id] = None

    def write(self, writer: Writer) -> None:
        """Store the stakeholders created or changed since the last call, then their keys."""
        profiles = self._profiles
        writer.upsert_nodes(
            profile.node() for sid in self._dirty if (profile := profiles[sid]) is not None
        )
        self._dirty.clear()
        for key, stakeholder_id in self._links:
            writer.link_external_id(*key, stakeholder_id)
        self._links.clear()
