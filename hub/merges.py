"""The coordinators' merge-review list: organisations that may be one, decided by hand.

Sure identities are merged on import (`hub.imports.registry`); pairs whose names
are only alike wait here as proposals. Accepting one folds the second stakeholder into
the first (edges, identifiers, names), rejecting keeps them apart for good, and an
accepted merge can be reverted. Each decision is audited in its own transaction, and
what a merge changed is kept on the proposal so that reverting restores it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from enum import StrEnum

from pydantic import Field

from hub import audit
from hub.access import Principal, require
from hub.domain.errors import Conflict, NotFound
from hub.domain.keys import Role
from hub.domain.records import Record, Stakeholder, StakeholderKind
from hub.domain.vocabulary import REF_SCHEME, fold_name
from hub.store import Edge, Store, codec, repository
from matching.likeness import similar_names

__all__ = [
    "MergeProposal",
    "MergeStatus",
    "accept",
    "proposal_id",
    "proposals",
    "propose",
    "reject",
    "revert",
]

_MAX_ID = 300  # RecordId's max_length in hub.domain.records

REVIEW_FROM = 0.6
"""Name likeness from which a pair is worth a coordinator's look."""

IMPORT_ACTOR = "system:import"
"""Who proposes the pairs an import brings (the audit's actor, `merge.proposed`'s)."""


class MergeStatus(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    REVERTED = "reverted"


class MergeProposal(Record):
    """`merge` may be the same organisation as `keep`; `undo` says what accepting changed."""

    keep: str
    """The stakeholder that stays: the one with more ties in the graph."""
    merge: str
    """The stakeholder folded into `keep` on acceptance."""
    confidence: float
    """In [0.6, 1]: how alike their best pair of names is, rare words weighing more; the
    list shows the likeliest first."""
    evidence: str
    """The two names found alike, in English."""
    names: list[str] = Field(default_factory=list)
    """Those names, `keep`'s then `merge`'s, for a reader's language to word; empty for a
    proposal made before they were kept."""
    status: MergeStatus = MergeStatus.PENDING
    decided_by: str | None = None
    """Who decided, as `role:key`; callers who are not staff read a staff member by role."""
    decided_at: datetime | None = None
    note: str = ""
    undo: str = ""
    """Once accepted, JSON of what the merge changed (the folded node, its edges,
    identifiers and names), which a revert restores; empty before."""


def _identifiers(store: Store, stakeholder: str) -> set[str]:
    return {value for scheme, value in store.external_ids(stakeholder) if scheme == REF_SCHEME}


def proposal_id(one: str, other: str) -> str:
    """One id per pair, whichever comes first; a digest when the ids are too long for one."""
    whole = f"merge:{min(one, other)}:{max(one, other)}"
    if len(whole) <= _MAX_ID:
        return whole
    return f"merge:{hashlib.sha256(whole.encode()).hexdigest()}"


def _weight(store: Store, stakeholder: str) -> int:
    return len(store.neighbours(stakeholder, direction="out"))


def propose(store: Store, actor: str) -> list[MergeProposal]:
    """Add the alike pairs not proposed before; never two of known, different kinds nor
    two with different registered identifiers. Each is audited as `actor`'s proposal in
    the same transaction, so coordinators hear of it (`merge.proposed`)."""
    people = list(repository.list_records(store, Stakeholder))
    found = similar_names([[s.name, *s.aliases] for s in people], REVIEW_FROM)
    added = []
    with store.batch() as writer:
        for i, j, confidence in found:
            a, b = people[i], people[j]
            if a.kind != b.kind and StakeholderKind.UNKNOWN not in (a.kind, b.kind):
                continue
            ids_a, ids_b = _identifiers(store, a.id), _identifiers(store, b.id)
            if ids_a and ids_b and not ids_a & ids_b:
                continue
            keep, merge = (a, b) if _weight(store, a.id) >= _weight(store, b.id) else (b, a)
            key = proposal_id(a.id, b.id)
            if store.node(key) is not None:
                continue
            proposal = MergeProposal(
                id=key,
                keep=keep.id,
                merge=merge.id,
                confidence=confidence,
                evidence=f"names alike: {keep.name!r} ~ {merge.name!r}",
                names=[keep.name, merge.name],
            )
            writer.upsert_node(codec.to_node(proposal))
            audit.log(writer, actor, "merge.propose", key, proposal.evidence)
            added.append(proposal)
    return added


def proposals(store: Store, status: MergeStatus | None = None) -> list[MergeProposal]:
    """The list, most likely merges first."""
    found = [p for p in repository.list_records(store, MergeProposal) if status in (None, p.status)]
    return sorted(found, key=lambda p: (-p.confidence, p.id))


def _decided(
    proposal: MergeProposal, principal: Principal, status: MergeStatus, note: str, undo: str
) -> MergeProposal:
    return proposal.model_copy(
        update={
            "status": status,
            "decided_by": principal.name,
            "decided_at": datetime.now(UTC),
            "note": note,
            "undo": undo,
        }
    )


def _open(
    store: Store, principal: Principal, proposal_id: str, status: MergeStatus
) -> MergeProposal:
    """The proposal, if a coordinator may decide it now."""
    require(principal, Role.COORDINATOR)
    proposal = repository.get(store, MergeProposal, proposal_id)
    if proposal.status is not status:
        raise Conflict(f"merge {proposal_id!r} is {proposal.status.value}, not {status.value}")
    return proposal


def reject(store: Store, principal: Principal, proposal_id: str, note: str = "") -> MergeProposal:
    """Keep the two apart; the pair is never proposed again."""
    proposal = _open(store, principal, proposal_id, MergeStatus.PENDING)
    decided = _decided(proposal, principal, MergeStatus.REJECTED, note, "")
    with store.batch() as writer:
        writer.upsert_node(codec.to_node(decided))
        audit.log(writer, principal.name, "merge.reject", proposal_id, note)
    return decided


def _stakeholder(store: Store, proposal_id: str, stakeholder_id: str, why: str) -> Stakeholder:
    try:
        return repository.get(store, Stakeholder, stakeholder_id)
    except NotFound:
        raise Conflict(f"merge {proposal_id!r}: {stakeholder_id!r} {why}") from None


def _edges(store: Store, node_id: str) -> Iterator[Edge]:
    seen = set()
    for edge, _ in store.neighbours(node_id):
        if edge.identity not in seen:
            seen.add(edge.identity)
            yield edge


def accept(store: Store, principal: Principal, proposal_id: str, note: str = "") -> MergeProposal:
    """Fold `merge` into `keep`: its edges, identifiers and names move; it goes."""
    proposal = _open(store, principal, proposal_id, MergeStatus.PENDING)
    keep = repository.get(store, Stakeholder, proposal.keep)
    merged = _stakeholder(store, proposal_id, proposal.merge, "is no longer a stakeholder")
    had = {edge.identity for edge in _edges(store, keep.id)}
    old_edges = list(_edges(store, merged.id))
    moved = [
        Edge(
            keep.id if e.source == merged.id else e.source,
            e.type,
            keep.id if e.target == merged.id else e.target,
            e.key,
            e.properties,
        )
        for e in old_edges
    ]
    moved = [e for e in moved if e.source != e.target and e.identity not in had]
    known = {fold_name(n) for n in (keep.name, *keep.aliases)}
    added = [n for n in dict.fromkeys((merged.name, *merged.aliases)) if fold_name(n) not in known]
    ids = store.external_ids(merged.id)
    undo = {
        "node": codec.properties_of(merged),
        "edges": codec.edge_rows(old_edges),
        "ids": ids,
        "moved": codec.edge_rows(moved),
        "aliases": added,
    }
    decided = _decided(proposal, principal, MergeStatus.ACCEPTED, note, json.dumps(undo))
    with store.batch() as writer:
        writer.delete_node(merged.id)
        codec.write(writer, keep.model_copy(update={"aliases": [*keep.aliases, *added]}))
        writer.upsert_edges(moved)
        for scheme, value in ids:
            writer.link_external_id(scheme, value, keep.id)
        writer.upsert_node(codec.to_node(decided))
        audit.log(
            writer, principal.name, "merge.accept", proposal_id, f"{merged.id} into {keep.id}"
        )
    return decided


def revert(store: Store, principal: Principal, proposal_id: str, note: str = "") -> MergeProposal:
    """Undo an accepted merge: both stakeholders stand apart again as they were."""
    proposal = _open(store, principal, proposal_id, MergeStatus.ACCEPTED)
    undo = json.loads(proposal.undo)
    keep = _stakeholder(store, proposal_id, proposal.keep, "is gone; revert later merges first")
    taken = {fold_name(n) for n in undo["aliases"]}
    kept = keep.model_copy(
        update={"aliases": [a for a in keep.aliases if fold_name(a) not in taken]}
    )
    restored = codec.from_properties(Stakeholder, proposal.merge, undo["node"])
    decided = _decided(proposal, principal, MergeStatus.REVERTED, note, "")
    with store.batch() as writer:
        for scheme, value in undo["ids"]:
            writer.unlink_external_id(scheme, value, keep.id)
        for edge in codec.edges_from_rows(undo["moved"]):
            writer.delete_edge(*edge.identity)
        writer.upsert_node(codec.to_node(kept))
        writer.upsert_node(codec.to_node(restored))
        writer.upsert_edges(codec.edges_from_rows(undo["edges"]))
        for scheme, value in undo["ids"]:
            writer.link_external_id(scheme, value, proposal.merge)
        writer.upsert_node(codec.to_node(decided))
        audit.log(writer, principal.name, "merge.revert", proposal_id, note)
    return decided
