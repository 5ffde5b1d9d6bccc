"""API keys and the roles they carry; the hub stores only a key's digest (`hub.access`)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from hub.domain.records import Record

__all__ = ["DIGEST_SCHEME", "ApiKey", "Role"]

DIGEST_SCHEME = "api-key-sha256"


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    MEMBER_STATE = "member_state"
    PARTNER = "partner"
    FUND_MANAGER = "fund_manager"
    REVIEWER = "reviewer"
    PUBLIC = "public"


class ApiKey(Record):
    role: Role
    stakeholder: str | None = None
    note: str = ""
    created: datetime
    revoked: datetime | None = None
