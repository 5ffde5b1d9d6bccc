"""GCM objectives of requests and offers: suggested by the tagger, confirmed by people.

The one door through which intake (API, CLI, console), offers and IATI imports get
objectives. A record filed without objectives is tagged and its objectives stored as
`suggested`, with the tagger's confidence; objectives a person gives, or confirms
later, are `confirmed`. Matching counts suggested ones as weaker evidence
(`matching.profiles.SUGGESTED_WEIGHT`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from hub import audit
from hub.access import Principal, require
from hub.domain.keys import Role
from hub.domain.records import ObjectiveOrigin, Offer, SupportRequest
from hub.imports.importer import Tagger
from hub.matchmaking import provider
from hub.matchmaking.tagging import ObjectiveTags
from hub.store import Store, Writer
from matching.multilingual_tagging import MultilingualTagger
from matching.tagging import Suggestion

__all__ = [
    "ORIGIN_FIELDS",
    "decision",
    "import_tagger",
    "multilingual_tags",
    "preview",
    "retagged",
    "suggested",
    "tagged",
    "tagger",
]

SUGGESTED_TOP = 3
"""At most this many objectives are suggested for one text."""

ORIGIN_FIELDS = ("objective_origin", "objective_confidence")
"""Set only here: a client cannot claim that its objectives were confirmed."""

Tagged = TypeVar("Tagged", SupportRequest, Offer)


def tagger(store: Store) -> MultilingualTagger:
    """The tagger behind every suggestion at intake: the multilingual one."""
    return provider.models(store).tagger()


def import_tagger(store: Store) -> Tagger:
    """The tagger of IATI imports: activity texts in, objectives out. The keyword one,
    learning from the same confirmed examples (`hub.matchmaking.tagging.import_tagger`
    says why)."""
    return ObjectiveTags(provider.models(store).keyword_tagger(), SUGGESTED_TOP)


def multilingual_tags(store: Store) -> Tagger:
    """The multilingual tagger as the importer's kind of tagger, for re-tagging imports
    in the background (`hub.imports.retagging`)."""
    return ObjectiveTags(provider.models(store).tagger(), SUGGESTED_TOP)


def _text(fields: dict[str, Any]) -> str:
    return f"{fields.get('title', '')}\n{fields.get('text', '')}"


def suggested(store: Store, fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` with the tagger's objectives for their title and text, as suggestions."""
    found = tagger(store).suggest(_text(fields), SUGGESTED_TOP)
    return {
        **fields,
        "objectives": [s.objective for s in found],
        "objective_origin": ObjectiveOrigin.SUGGESTED,
        "objective_confidence": {s.objective: round(s.confidence, 3) for s in found},
    }


def preview(store: Store, principal: Principal, title: str, text: str) -> list[Suggestion]:
    """What `suggested` would store for a request or offer not filed yet, then the
    tagger's next best up to three (not `chosen`): the console shows them while people
    type, so they confirm objectives knowingly. Stores nothing."""
    require(principal, Role.COORDINATOR, Role.MEMBER_STATE, Role.PARTNER)
    found = _text({"title": title, "text": text})
    return tagger(store).suggest(found, SUGGESTED_TOP, more=True)


def tagged(store: Store, fields: dict[str, Any]) -> dict[str, Any]:
    """The fields of a new request or offer with objectives and their origin filled in.

    Objectives given are a person's choice; with none, the tagger suggests them.
    """
    fields = {k: v for k, v in fields.items() if k not in ORIGIN_FIELDS}
    if fields.get("objectives"):
        return {**fields, "objective_origin": ObjectiveOrigin.CONFIRMED}
    return suggested(store, fields)


def retagged(
    store: Store, current: SupportRequest | Offer, changes: dict[str, Any]
) -> dict[str, Any]:
    """Changes to a stored request or offer with its objectives kept in step.

    Objectives given become confirmed. Suggestions are made again when the text they
    came from changes, or when the objectives are cleared; confirmed ones stay put.
    """
    changes = {k: v for k, v in changes.items() if k not in ORIGIN_FIELDS}
    if changes.get("objectives"):
        return {
            **changes,
            "objective_origin": ObjectiveOrigin.CONFIRMED,
            "objective_confidence": {},
        }
    reworded = any(k in changes and changes[k] != getattr(current, k) for k in ("title", "text"))
    cleared = "objectives" in changes
    if cleared or (reworded and current.objective_origin is ObjectiveOrigin.SUGGESTED):
        return suggested(store, {**current.model_dump(), **changes})
    return changes


def decision(
    principal: Principal, before: SupportRequest | Offer, after: SupportRequest | Offer
) -> Callable[[Writer], object]:
    """The audit entry of a person confirming or changing objectives, to write with them."""
    action = (
        "objectives.confirmed" if after.objectives == before.objectives else "objectives.changed"
    )
    detail = f"{before.objective_origin.value} {before.objectives} -> confirmed {after.objectives}"
    request, requester = (
        (after.id, after.requester) if isinstance(after, SupportRequest) else (None, None)
    )
    return lambda writer: audit.log(
        writer, principal.name, action, after.id, detail, request, requester
    )
