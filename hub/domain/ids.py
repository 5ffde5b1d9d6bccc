"""The form of the ids the hub gives new records: the kind's prefix and 64 random bits.

No caller can then take an id the hub derives for another record (a suggestion's or a
partnership's, from a request and a stakeholder), nor learn from a refused id that a
hidden record holds it; and unlike a counter or a slug, a random suffix says nothing
about how many records exist or what they are about. `hub.store.ids` checks a
candidate against the store.
"""

from __future__ import annotations

import secrets

__all__ = ["PREFIXES", "candidate_id"]

PREFIXES: dict[str, str] = {
    "Stakeholder": "stakeholder",
    "SupportRequest": "request",
    "Offer": "offer",
    "Claim": "claim",
    "FundCall": "call",
    "ConceptNote": "note",
    "Practice": "practice",
}
"""Id prefix by record label (a record's label is its class name)."""


def candidate_id(label: str) -> str:
    """A fresh id for a record of `label`, e.g. `offer-3f9a1c0e5b7d2a46`; not yet checked."""
    return f"{PREFIXES[label]}-{secrets.token_hex(8)}"
