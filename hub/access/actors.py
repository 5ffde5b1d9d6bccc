"""How people read who did something: an audit entry's or a decision's actor is stored
as `role:who` (`coordinator:key-…`, `member_state:morocco`, `admin:local-operator`);
a person reads the holder's name instead, and callers who may not see key ids read
staff by their role alone. Where only a role is known, `ActorName.role` says which, so
that a console shows its own word for it rather than the English one."""

from __future__ import annotations

from typing import NamedTuple

from hub.domain.keys import Role
from hub.store import Store
from hub.titles import Titles

__all__ = ["LOCAL_OPERATOR", "ActorName", "display_name", "role_name"]

_STAFF_NAMES = {Role.ADMIN.value: "hub administrator", Role.COORDINATOR.value: "hub coordinator"}
"""What callers who may not see key ids are told of staff actors (`coordinator:key-…`)."""
_STAFF = "hub staff"
LOCAL_OPERATOR = "Local operator"
"""Whoever runs the CLI on the hub's machine (`admin:local-operator`)."""
_ROLE_OF = {
    name: role
    for role, name in {**_STAFF_NAMES, "staff": _STAFF, "operator": LOCAL_OPERATOR}.items()
}
_OPERATOR_KEY = "local-operator"
_BOUND = (Role.MEMBER_STATE.value, Role.PARTNER.value)


def role_name(actor: str) -> str:
    """An actor as callers who may not see key ids read it: Member States and partners
    as stored (their stakeholder ids), anyone else by their role."""
    role, _, who = actor.partition(":")
    if role in _BOUND and who:
        return actor
    return _STAFF_NAMES.get(role, _STAFF)


class ActorName(NamedTuple):
    name: str
    role: str | None
    """`admin`, `coordinator`, `staff` or `operator` when `name` is only that role's
    English word; None when it is the actor's own name."""


def display_name(store: Store, actor: str, titles: Titles | None = None) -> ActorName:
    """The name a person reads for an actor: a Member State's or partner's name, a key's
    holder (its stakeholder's name, else its note), the local operator; else the role.
    An actor already read by role (`hub coordinator`) stays as it is."""
    role, colon, who = actor.partition(":")
    if not colon:
        return _by_role(actor) if actor in _ROLE_OF else ActorName(actor, None)
    titles = titles or Titles(store)
    if role in _BOUND:
        return ActorName(titles.of(who) or who, None)
    if who == _OPERATOR_KEY:
        return _by_role(LOCAL_OPERATOR)
    key = store.node(who)
    if key is not None and key.label == "ApiKey":
        holder = key.properties.get("stakeholder")
        named = titles.of(holder) if isinstance(holder, str) else ""
        note = key.properties.get("note")
        if named or (isinstance(note, str) and note):
            return ActorName(named or str(note), None)
    return _by_role(role_name(actor))


def _by_role(name: str) -> ActorName:
    return ActorName(name, _ROLE_OF[name])
