"""API keys: random tokens shown once, of which the hub stores only the SHA-256 digest
(a password hash adds nothing for 256 random bits); creating and revoking one is
audited in the same transaction. A verified key is kept per store for its graph
revision: every call checks the revision, so a revocation, in any process, counts from
the next call."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from hub import audit
from hub.access.principals import PUBLIC, Principal
from hub.domain.errors import InvalidInput, Unauthorized
from hub.domain.keys import DIGEST_SCHEME, ApiKey, Role
from hub.domain.records import Stakeholder, StakeholderKind
from hub.memo import RevisionMemo
from hub.store import Store, codec, repository

__all__ = ["authenticate", "create_key", "revoke_key"]

_verified: RevisionMemo[Principal] = RevisionMemo(1024)
"""Principals of the keys verified at the store's current revision, by token digest;
unknown and revoked keys are never kept, so they are checked against the store again."""


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_key(
    store: Store, role: Role, stakeholder: str | None = None, note: str = ""
) -> tuple[ApiKey, str]:
    """A new key and its token; the token is not stored and cannot be shown again."""
    bound = role in (Role.MEMBER_STATE, Role.PARTNER)
    if bound != (stakeholder is not None) and role is not Role.REVIEWER:
        raise InvalidInput(f"role {role.value} {'needs' if bound else 'takes no'} --stakeholder")
    if role is Role.PUBLIC:
        raise InvalidInput("the public role needs no key")
    if stakeholder is not None:
        kind = repository.get(store, Stakeholder, stakeholder).kind
        if role is not Role.REVIEWER and (kind is StakeholderKind.MEMBER_STATE) != (
            role is Role.MEMBER_STATE
        ):
            raise InvalidInput(f"stakeholder {stakeholder!r} is a {kind.value}, not a {role.value}")
    key = ApiKey(
        id=f"key-{secrets.token_hex(6)}",
        role=role,
        stakeholder=stakeholder,
        note=note,
        created=datetime.now(UTC),
    )
    token = f"gcm_{key.id.removeprefix('key-')}_{secrets.token_urlsafe(32)}"
    with store.batch() as writer:
        writer.upsert_node(codec.to_node(key))
        writer.link_external_id(DIGEST_SCHEME, _digest(token), key.id)
        audit.log(writer, "admin", "key.created", key.id, f"{role.value} {stakeholder or ''}")
    return key, token


def revoke_key(store: Store, key_id: str) -> ApiKey:
    key = repository.get(store, ApiKey, key_id)
    revoked = key.model_copy(update={"revoked": key.revoked or datetime.now(UTC)})
    with store.batch() as writer:
        writer.upsert_node(codec.to_node(revoked))
        audit.log(writer, "admin", "key.revoked", key.id)
    return revoked


def authenticate(store: Store, token: str | None) -> Principal:
    """The principal a token stands for; no token is the public."""
    if not token:
        return PUBLIC
    digest = _digest(token)
    return _verified.get(store, digest, lambda: _verify(store, digest))


def _verify(store: Store, digest: str) -> Principal:
    node = store.node_by_external_id(DIGEST_SCHEME, digest)
    if node is None or node.label != "ApiKey":
        raise Unauthorized("unknown API key")
    key = codec.from_node(ApiKey, node)
    if key.revoked is not None:
        raise Unauthorized(f"API key {key.id} was revoked on {key.revoked:%Y-%m-%d}")
    return Principal(key.role, key.stakeholder, key.id)
