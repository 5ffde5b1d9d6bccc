"""Who is calling: a role, bound to a stakeholder for Member States and partners, and
the checks of what a role may do."""

from __future__ import annotations

from dataclasses import dataclass

from hub.domain.errors import Forbidden, Unauthorized
from hub.domain.keys import Role

__all__ = [
    "COMMON",
    "OPERATOR",
    "PUBLIC",
    "Principal",
    "require",
    "require_self_or_staff",
]


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
COMMON = Principal(Role.PARTNER)
"""What every partner and Member State may see: answers shared between callers, like
the recommender's, are built from this alone, so none betrays a hidden record."""
OPERATOR = Principal(Role.ADMIN, key="local-operator")
"""Whoever runs the CLI on the hub's own machine: they hold the database anyway."""


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
