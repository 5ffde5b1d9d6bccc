"""Bodies of the notification endpoints: subscribing to webhooks and e-mail."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from hub.notifications.ledger import Cadence

__all__ = ["EmailSubscriptionCreate", "InboxMark", "InboxRead", "WebhookCreate"]

EventTypes = Annotated[
    list[Annotated[str, Field(max_length=100)]],
    Field(min_length=1, max_length=50, description="Dotted event types, or '*' for all"),
]


class _Filters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    events: EventTypes
    request: str | None = Field(None, max_length=300, description="Only this request's events")
    objective: int | None = Field(None, ge=1, le=23, description="Only requests with it")
    region: str | None = Field(None, max_length=100, description="Only requests in this region")


class WebhookCreate(_Filters):
    """A webhook: every delivery is POSTed to `url`, signed with `secret`."""

    url: str = Field(max_length=2000)
    secret: str = Field(min_length=1, max_length=500)


class EmailSubscriptionCreate(_Filters):
    """E-mail through the hub's SMTP server: each event, or a daily or weekly digest."""

    address: str = Field(max_length=320)
    cadence: Cadence = Cadence.IMMEDIATE


class InboxRead(BaseModel):
    """Mark notices read up to a time (now when left out)."""

    model_config = ConfigDict(extra="forbid")

    until: datetime | None = None


class InboxMark(BaseModel):
    read_until: datetime
    """Notices up to this time are read."""
