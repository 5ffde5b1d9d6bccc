"""Who may see and do what: principals and role checks (`principals`), API keys
(`keys`), and the visibility of records (`sight`)."""

from hub.access.keys import authenticate, create_key, revoke_key
from hub.access.principals import (
    COMMON,
    OPERATOR,
    PUBLIC,
    Principal,
    require,
    require_self_or_staff,
)
from hub.access.sight import Sight

__all__ = [
    "COMMON",
    "OPERATOR",
    "PUBLIC",
    "Principal",
    "Sight",
    "authenticate",
    "create_key",
    "require",
    "require_self_or_staff",
    "revoke_key",
]
