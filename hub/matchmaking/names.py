"""Stakeholder names and kinds for the answers, read only for the ids they mention."""

from __future__ import annotations

from collections.abc import Iterable

from hub.domain.answers import NamedStakeholder
from hub.domain.errors import NotFound
from hub.domain.records import Stakeholder
from hub.domain.taxonomy import objective
from hub.store import Store, repository

__all__ = ["Names", "objectives_text"]


class Names:
    """Names and kinds of the stakeholders one answer mentions, each read once; an id
    that names no stakeholder stands for itself, with no kind."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._seen: dict[str, NamedStakeholder] = {}

    def named(self, stakeholder_id: str) -> NamedStakeholder:
        if stakeholder_id not in self._seen:
            try:
                found = repository.get(self._store, Stakeholder, stakeholder_id)
                name, kind = found.name, found.kind.value
            except NotFound:
                name, kind = stakeholder_id, ""
            self._seen[stakeholder_id] = NamedStakeholder(id=stakeholder_id, name=name, kind=kind)
        return self._seen[stakeholder_id]

    def name(self, stakeholder_id: str) -> str:
        return self.named(stakeholder_id).name

    def all(self, ids: Iterable[str]) -> list[NamedStakeholder]:
        return [self.named(i) for i in ids]


def objectives_text(numbers: Iterable[int]) -> str:
    """Objective numbers with their labels, for a sentence."""
    return ", ".join(f"{n} {objective(n).label}" for n in numbers)
