"""How people read who did something: an audit entry's or a decision's actor is stored
as `role:who` (`coordinator:key-…`, `member_state:morocco`, `admin:local-operator`);
a person reads the holder's name instead, and callers who may not see key ids read
staff by their role alone."""

from __future__ import annotations

from hub.domain.keys import Role
from hub.store import Store
from hub.titles import Titles

__all__ = ["LOCAL_OPERATOR", "display_name", "role_name"]

_STAFF_NAMES = {Role.ADMIN.value: "hub administrator", Role.COORDINATOR.value: "hub coordinator"}
"""What callers who may not see key ids are told of staff actors (`coordinator:key-…`)."""
LOCAL_OPERATOR = "Local operator"
"""Whoever runs the CLI on the hub's machine (`admin:local-operator`)."""
_OPERATOR_KEY = "local-operator"
_BOUND = (Role.MEMBER_STATE.value, Role.PARTNER.value)


def role_name(actor: str) -> str:
    """An actor as callers who may not see key ids read it: Member States and partners
    as stored (their stakeholder ids), anyone else by their role."""
    role, _, who = actor.partition(":")
    if role in _BOUND and who:
        return actor
    return _STAFF_NAMES.get(role, "hub staff")


def display_name(store: Store, actor: str, titles: Titles | None = None) -> str:
    """The name a person reads for an actor: a Member State's or partner's name, a key's
    holder (its stakeholder's name, else its note), the local operator; else the role.
    An actor already read by role (`hub coordinator`) stays as it is."""
    role, colon, who = actor.partition(":")
    if not colon:
        return _STAFF_NAMES.get(actor, actor)
    titles = titles or Titles(store)
    if role in _BOUND:
        return titles.of(who) or who
    if who == _OPERATOR_KEY:
        return LOCAL_OPERATOR
    key = store.node(who)
    if key is not None and key.label == "ApiKey":
        holder = key.properties.get("stakeholder")
        named = titles.of(holder) if isinstance(holder, str) else ""
        note = key.properties.get("note")
        return named or (note if isinstance(note, str) and note else "") or role_name(actor)
    return role_name(actor)
