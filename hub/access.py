"""Who may see and do what: API keys, roles and the visibility of records.

Keys are random tokens shown once; the hub stores only their SHA-256 digest (a
password hash adds nothing for 256 random bits). Visibility is decided here, once,
for every node kind, so lists, counts, searches and graph edges all hide the same
things: a Member State never learns that another state's confidential request exists.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from graph import GraphStore, Node
from hub import audit, records
from hub.errors import Forbidden, InvalidInput, NotFound, Unauthorized
from hub.model import Record, Stakeholder, StakeholderKind

__all__ = [
    "OPERATOR",
    "PUBLIC",
    "ApiKey",
    "Principal",
    "Role",
    "authenticate",
    "can_see",
    "create_key",
    "get_visible",
    "hidden_ids",
    "require",
    "require_self_or_staff",
    "revoke_key",
]

DIGEST_SCHEME = "api-key-sha256"


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    MEMBER_STATE = "member_state"
    PARTNER = "partner"
    PUBLIC = "public"


class ApiKey(Record):
    role: Role
    stakeholder: str | None = None
    note: str = ""
    created: datetime
    revoked: datetime | None = None


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller: a role, bound to a stakeholder for Member States and partners."""

    role: Role
    stakeholder: str | None = None
    key: str | None = None

    @property
    def name(self) -> str:
        return f"{self.role.value}:{self.stakeholder or self.key or 'anonymous'}"

    @property
    def sees_all(self) -> bool:
        return self.role in (Role.ADMIN, Role.COORDINATOR)


PUBLIC = Principal(Role.PUBLIC)
OPERATOR = Principal(Role.ADMIN, key="local-operator")
"""Whoever runs the CLI on the hub's own machine: they hold the database anyway."""

_STAFF_ONLY = {"Suggestion", "AuditEntry"}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_key(
    store: GraphStore, role: Role, stakeholder: str | None = None, note: str = ""
) -> tuple[ApiKey, str]:
    """A new key and its token; the token is not stored and cannot be shown again."""
    bound = role in (Role.MEMBER_STATE, Role.PARTNER)
    if bound != (stakeholder is not None):
        raise InvalidInput(f"role {role.value} {'needs' if bound else 'takes no'} --stakeholder")
    if role is Role.PUBLIC:
        raise InvalidInput("the public role needs no key")
    if stakeholder is not None:
        kind = records.get(store, Stakeholder, stakeholder).kind
        if (kind is StakeholderKind.MEMBER_STATE) != (role is Role.MEMBER_STATE):
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
        writer.upsert_node(records.to_node(key))
        writer.link_external_id(DIGEST_SCHEME, _digest(token), key.id)
        audit.log(writer, "admin", "key.created", key.id, f"{role.value} {stakeholder or ''}")
    return key, token


def revoke_key(store: GraphStore, key_id: str) -> ApiKey:
    key = records.get(store, ApiKey, key_id)
    revoked = key.model_copy(update={"revoked": key.revoked or datetime.now(UTC)})
    with store.batch() as writer:
        writer.upsert_node(records.to_node(revoked))
        audit.log(writer, "admin", "key.revoked", key.id)
    return revoked


def authenticate(store: GraphStore, token: str | None) -> Principal:
    """The principal a token stands for; no token is the public."""
    if not token:
        return PUBLIC
    node = store.node_by_external_id(DIGEST_SCHEME, _digest(token))
    if node is None or node.label != "ApiKey":
        raise Unauthorized("unknown API key")
    key = records.from_node(ApiKey, node)
    if key.revoked is not None:
        raise Unauthorized(f"API key {key.id} was revoked on {key.revoked:%Y-%m-%d}")
    return Principal(key.role, key.stakeholder, key.id)


def can_see(principal: Principal, node: Node) -> bool:
    """Whether a node, and so every edge that touches it, exists for this caller."""
    if principal.sees_all:
        return principal.role is Role.ADMIN or node.label != "ApiKey"
    if node.label == "ApiKey" or (
        node.label in _STAFF_ONLY and principal.role is not Role.MEMBER_STATE
    ):
        return False
    props = node.properties
    if node.label == "Claim":  # a stakeholder follows its own claims
        claimant = props.get("stakeholder")
        return claimant is not None and claimant == principal.stakeholder
    if node.label == "SupportRequest":
        own = (
            principal.role is Role.MEMBER_STATE and props.get("requester") == principal.stakeholder
        )
        shared = props.get("confidentiality") == "open_to_partners"
        return own or (shared and principal.role in (Role.PARTNER, Role.MEMBER_STATE))
    if node.label in _STAFF_ONLY:  # a Member State sees the review of its own requests
        return props.get("requester") == principal.stakeholder
    if node.label == "Partnership" and props.get("confidential"):
        members = props.get("members")
        return isinstance(members, list) and principal.stakeholder in members
    return True


_GUARDED = ("SupportRequest", "Partnership", "ApiKey", "Claim", *_STAFF_ONLY)
"""The only labels `can_see` ever hides."""


def hidden_ids(store: GraphStore, principal: Principal) -> set[str]:
    """Ids of every node this caller may not see, for stores that filter natively."""
    return {
        node.id for label in _GUARDED for node in store.nodes(label) if not can_see(principal, node)
    }


def get_visible(store: GraphStore, principal: Principal, node_id: str) -> Node:
    node = store.node(node_id)
    if node is None or not can_see(principal, node):
        raise NotFound(f"no record with id {node_id!r}")
    return node


def require(principal: Principal, *roles: Role) -> None:
    """Raise Forbidden unless the caller has one of the roles (admin always does)."""
    if principal.role is Role.PUBLIC and Role.PUBLIC not in roles:
        raise Unauthorized("this needs an API key")
    if principal.role is not Role.ADMIN and principal.role not in roles:
        wanted = ", ".join(role.value for role in (Role.ADMIN, *roles))
        raise Forbidden(f"role {principal.role.value} may not do this (needs {wanted})")


def require_self_or_staff(principal: Principal, stakeholder: str) -> None:
    """Staff act for anyone; a Member State or partner only for itself."""
    if principal.sees_all:
        return
    if principal.stakeholder != stakeholder:
        raise Forbidden(f"{principal.name} may only act for itself, not for {stakeholder!r}")
