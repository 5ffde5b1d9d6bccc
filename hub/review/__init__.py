"""The review workflow: the queue of suggested pairings (`suggestions`), coordinators'
decisions on them (`decisions`), the requester's consent (`consent`), the proposed
partner's response (`responses`), and the partnerships they create (`partnerships`).
Every decision, answer and status change is written to the audit log in the same
transaction.
"""

from hub.review.consent import consent
from hub.review.decisions import accept, defer, reject
from hub.review.partnerships import move_partnership, request_status
from hub.review.responses import PartnerProposal, ask, proposal, proposals, respond
from hub.review.suggestions import queue, queue_suggestions, suggestion_id

__all__ = [
    "PartnerProposal",
    "accept",
    "ask",
    "consent",
    "defer",
    "move_partnership",
    "proposal",
    "proposals",
    "queue",
    "queue_suggestions",
    "reject",
    "request_status",
    "respond",
    "suggestion_id",
]
