"""What a person reads for a record instead of its id: a stakeholder's or place's name;
a request's, offer's, partnership's, practice's or activity's title; for a suggested
pairing its request and partner. Ids stay in URLs and JSON; answers carry these beside
them so that no face has to look each one up."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hub.store import Node, Store, codec

__all__ = ["Titles", "title_of"]

_PREFERRED_LANGUAGE = "en"
"""Of an activity's titles in several languages, the one read first when present."""


def title_of(props: Mapping[str, Any]) -> str:
    """A node's own name or title, from its properties alone; empty when it has none."""
    for field in ("name", "title"):
        value = codec.field_of(props, field)
        if isinstance(value, str) and value:
            return value
        if isinstance(value, Mapping) and value:
            text = value.get(_PREFERRED_LANGUAGE) or next(iter(value.values()))
            return text if isinstance(text, str) else ""
    return ""


class Titles:
    """Titles of the records one answer mentions, each node read once.

    The caller has already decided that it may read them: these are the titles of
    records its answer shows, not a way to reach others.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._nodes: dict[str, Node | None] = {}

    def _node(self, record_id: str) -> Node | None:
        if record_id not in self._nodes:
            self._nodes[record_id] = self._store.node(record_id)
        return self._nodes[record_id]

    def of(self, record_id: str) -> str:
        """The record's title or name; a suggestion's is its request's and its partner's,
        as its partnership's would be; empty for an id that names nothing titled."""
        node = self._node(record_id)
        return "" if node is None else self.of_node(node.label, node.properties)

    def of_node(self, label: str, props: Mapping[str, Any]) -> str:
        if label == "Suggestion":
            request, partner = self.of(str(props.get("request"))), self.partner(props)
            return f"{request} — {partner}" if request and partner else request or partner
        return title_of(props)

    def partner(self, props: Mapping[str, Any]) -> str:
        """The name of the partner a suggestion proposes."""
        return self.of(str(props.get("candidate", "")))

    def subject(self, record_id: str) -> str:
        """What an audit entry is about as a person names it: for a decision on a
        suggestion, the partner it was about; else the record's title."""
        node = self._node(record_id)
        if node is not None and node.label == "Suggestion":
            return self.partner(node.properties)
        return self.of(record_id)
