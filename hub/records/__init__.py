"""Requests, offers and stakeholders for a caller: the one door of the API, the CLI and
the console. `reading` shows records as a caller may see them, `listing` gives the
faces' filtered pages, `history` a request's audit trail as the caller may read it,
`writing` creates and changes records with their audit entry in the same transaction."""

from hub.records.history import HistoryEntry, history
from hub.records.listing import activities, offers, partnerships, requests, stakeholders
from hub.records.reading import MAX_PAGE, Page, get, page, visible
from hub.records.writing import (
    confirm_objectives,
    create_offer,
    create_request,
    create_stakeholder,
    update,
)

__all__ = [
    "MAX_PAGE",
    "HistoryEntry",
    "Page",
    "activities",
    "confirm_objectives",
    "create_offer",
    "create_request",
    "create_stakeholder",
    "get",
    "history",
    "offers",
    "page",
    "partnerships",
    "requests",
    "stakeholders",
    "update",
    "visible",
]
