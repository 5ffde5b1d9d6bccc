"""The coordinators' review workflow: the queue of suggested pairings (`suggestions`),
decisions on them (`decisions`), and the partnerships they create (`partnerships`).
Every decision and status change is written to the audit log in the same transaction.
"""

from hub.review.decisions import accept, defer, reject
from hub.review.partnerships import move_partnership, request_status
from hub.review.suggestions import queue, queue_suggestions, suggestion_id

__all__ = [
    "accept",
    "defer",
    "move_partnership",
    "queue",
    "queue_suggestions",
    "reject",
    "request_status",
    "suggestion_id",
]
