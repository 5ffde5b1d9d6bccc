"""Claims: the one way a stakeholder's identity changes, reviewed by a coordinator.

A stakeholder's name, aliases, kind, home country and refs decide which IATI
activities imports credit to it and when a request names it. So a partner or Member
State files a claim, a coordinator accepts or rejects it, and only an accepted claim
changes the record, in the same transaction as its audit entry.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from hub import audit
from hub.access import Principal, require, require_self_or_staff
from hub.domain.errors import Conflict, InvalidInput, invalid_input
from hub.domain.keys import Role
from hub.domain.records import Claim, ClaimStatus, Identity, Stakeholder, StakeholderKind
from hub.records import reading
from hub.store import Store, codec, repository
from hub.store.ids import new_id

__all__ = ["accept", "claims", "file_claim", "reject", "require_free_identity"]


def require_free_identity(
    store: Store, stakeholder: Stakeholder, was: Stakeholder | None = None
) -> None:
    """Refuse names and refs, new since `was`, by which imports already find another one."""
    kept = set(codec.identity_keys(was)) if was else set()
    for scheme, value in codec.identity_keys(stakeholder):
        if (scheme, value) in kept:
            continue
        holder = store.node_by_external_id(scheme, value)
        if holder is not None and holder.id != stakeholder.id:
            raise Conflict(f"{value!r} ({scheme}) already identifies stakeholder {holder.id!r}")


def _fields(claimed: Identity) -> set[str]:
    """The fields a claim is about: those it gives a value."""
    return set(claimed.model_dump(exclude_none=True))


def _identity(stakeholder: Stakeholder, fields: set[str]) -> Identity:
    return Identity.model_validate(stakeholder.model_dump(include=fields))


def file_claim(
    store: Store,
    principal: Principal,
    stakeholder_id: str,
    changes: dict[str, Any],
    reason: str = "",
) -> Claim:
    """A partner or Member State claims for itself; staff may file for any stakeholder."""
    require(principal, Role.COORDINATOR, Role.PARTNER, Role.MEMBER_STATE)
    current = repository.get(store, Stakeholder, stakeholder_id)
    require_self_or_staff(principal, stakeholder_id)
    try:
        claimed = Identity.model_validate(changes)
    except ValidationError as error:
        raise invalid_input("claim", error) from None
    before = _identity(current, _fields(claimed))
    if claimed == before:
        raise InvalidInput(f"the claim changes nothing of stakeholder {stakeholder_id!r}")
    if StakeholderKind.MEMBER_STATE in (claimed.kind, before.kind) and claimed.kind != before.kind:
        raise InvalidInput("coordinators register Member States; no claim makes or unmakes one")
    claim = Claim(
        id=new_id(store, Claim),
        stakeholder=stakeholder_id,
        changes=claimed,
        before=before,
        reason=reason,
        filed_by=principal.name,
        filed_at=datetime.now(UTC),
    )
    with store.batch() as writer:
        codec.write(writer, claim)
        audit.log(writer, principal.name, "claim.filed", claim.id, _summary(claim))
    return claim


def _summary(claim: Claim) -> str:
    return f"{claim.stakeholder}: {', '.join(sorted(_fields(claim.changes)))}"


def _pending(store: Store, principal: Principal, claim_id: str) -> Claim:
    require(principal, Role.COORDINATOR)
    claim = repository.get(store, Claim, claim_id)
    if claim.status is not ClaimStatus.PENDING:
        raise Conflict(f"claim {claim_id!r} was already {claim.status.value} by {claim.decided_by}")
    return claim


def _decided(claim: Claim, principal: Principal, status: ClaimStatus, note: str) -> Claim:
    return claim.model_copy(
        update={
            "status": status,
            "decided_by": principal.name,
            "decided_at": datetime.now(UTC),
            "note": note,
        }
    )


def accept(store: Store, principal: Principal, claim_id: str, note: str = "") -> Claim:
    """Apply a pending claim, unless its stakeholder moved on or the names are taken."""
    claim = _pending(store, principal, claim_id)
    current = repository.get(store, Stakeholder, claim.stakeholder)
    if _identity(current, _fields(claim.changes)) != claim.before:
        raise Conflict(
            f"stakeholder {current.id!r} changed since claim {claim_id!r} was filed;"
            " reject it and file it again"
        )
    # the claim's values passed the same field types when it was filed
    changed = Stakeholder.model_validate(
        {**current.model_dump(), **claim.changes.model_dump(exclude_none=True)}
    )
    require_free_identity(store, changed, current)
    decided = _decided(claim, principal, ClaimStatus.ACCEPTED, note)
    dropped = set(codec.identity_keys(current)) - set(codec.identity_keys(changed))
    with store.batch() as writer:
        for key in sorted(dropped):  # imports stop finding it by a name it gave up
            writer.unlink_external_id(*key, current.id)
        codec.write(writer, changed, codec.edges_of(current))
        codec.write(writer, decided)
        audit.log(writer, principal.name, "claim.accepted", claim.id, _summary(claim))
    return decided


def reject(store: Store, principal: Principal, claim_id: str, note: str) -> Claim:
    """Refuse a pending claim; the claimant is told why, so a note is needed."""
    claim = _pending(store, principal, claim_id)
    if not note.strip():
        raise InvalidInput(f"rejecting claim {claim_id!r} needs a note saying why")
    decided = _decided(claim, principal, ClaimStatus.REJECTED, note)
    with store.batch() as writer:
        codec.write(writer, decided)
        audit.log(writer, principal.name, "claim.rejected", claim.id, f"{_summary(claim)}: {note}")
    return decided


def claims(
    store: Store,
    principal: Principal,
    *,
    status: ClaimStatus | None = None,
    stakeholder: str | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> reading.Page[Claim]:
    """Claims as this caller may see them: coordinators all, a stakeholder its own."""

    def wanted(claim: Claim) -> bool:
        return status in (None, claim.status) and stakeholder in (None, claim.stakeholder)

    return reading.page(store, principal, Claim, where=wanted, cursor=cursor, limit=limit)
