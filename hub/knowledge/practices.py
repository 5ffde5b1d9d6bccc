"""Practices and lessons: filed by the parties of a partnership, read as `Sight` allows.

A practice comes from partnerships (and the IATI activities behind them): their
members and the Member State that requested them file and edit it, staff any; every
write and its audit entry share one transaction. Readers see a practice by its
visibility, and of its partnerships only those they may see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from hub import audit
from hub.access import Principal, Sight, require
from hub.domain import geography
from hub.domain.activities import Activity, Partnership
from hub.domain.errors import Forbidden, InvalidInput, NotFound, invalid_input
from hub.domain.keys import Role
from hub.domain.records import Stakeholder, StakeholderKind, SupportRequest
from hub.knowledge.records import Practice, PracticeLanguage, PracticeVisibility
from hub.records import reading
from hub.store import Store, Writer, codec, ids, repository

__all__ = [
    "PracticeFilter",
    "edit_practice",
    "file_practice",
    "get_practice",
    "list_practices",
    "parties",
]

_FIXED = frozenset({"id", "recorded_by", "recorded_at", "edited_at"})
"""What the hub sets on a practice, never its writers."""


@dataclass(frozen=True, slots=True)
class PracticeFilter:
    """Practices on an objective, a guiding principle, in an M49 region or subregion,
    written in a language, or by an author of a kind; None keeps all."""

    objective: int | None = None
    principle: str | None = None
    region: str | None = None
    language: PracticeLanguage | None = None
    author_kind: StakeholderKind | None = None


def parties(store: Store, partnership: Partnership) -> list[str]:
    """Its members and, for a partnership answering a request, the requesting state."""
    found = list(partnership.members)
    if partnership.request is not None and store.node(partnership.request) is not None:
        requester = repository.get(store, SupportRequest, partnership.request).requester
        found += [requester] if requester not in found else []
    return found


def _sources(store: Store, principal: Principal, practice: Practice) -> list[Partnership]:
    """The practice's partnerships; a source the writer may not see is as missing as none."""
    sight = Sight(store, principal)
    for cls, wanted in ((Partnership, practice.partnerships), (Activity, practice.activities)):
        for source in wanted:
            if sight.get(source).label != cls.__name__:
                raise NotFound(f"no {cls.__name__} with id {source!r}")
    for author in practice.authors:
        repository.get(store, Stakeholder, author)  # NotFound names the author
    return [repository.get(store, Partnership, p) for p in practice.partnerships]


def _may_write(store: Store, principal: Principal, partnerships: list[Partnership]) -> None:
    require(principal, Role.COORDINATOR, Role.MEMBER_STATE, Role.PARTNER)
    if principal.sees_all:
        return
    if not partnerships:
        raise Forbidden("only staff file a practice that names no partnership it came from")
    if not any(principal.stakeholder in parties(store, p) for p in partnerships):
        named = ", ".join(p.id for p in partnerships)
        raise Forbidden(f"{principal.name} is not a party to partnership(s) {named}")


def _validated(fields: dict[str, Any]) -> Practice:
    try:
        return Practice.model_validate(fields)
    except ValidationError as error:
        raise invalid_input("practice", error) from None


def file_practice(store: Store, principal: Principal, fields: dict[str, Any]) -> Practice:
    """A new practice, by default confidential when a partnership it came from is, else
    open to partners; its authors default to the caller's own stakeholder."""
    require(principal, Role.COORDINATOR, Role.MEMBER_STATE, Role.PARTNER)
    fixed = sorted((_FIXED - {"id"}) & fields.keys())  # a chosen id: `ids` says why not
    if fixed:
        raise InvalidInput(f"the hub sets {fixed} on a practice; leave them out")
    given = ids.with_new_id(store, Practice, fields)
    if not given.get("authors") and principal.stakeholder is not None:
        given["authors"] = [principal.stakeholder]
    draft = _validated({**given, "recorded_by": principal.name, "recorded_at": datetime.now(UTC)})
    sources = _sources(store, principal, draft)
    _may_write(store, principal, sources)
    if "visibility" not in fields:
        secret = any(Sight(store, principal).confidential(codec.to_node(p)) for p in sources)
        if secret:
            draft = draft.model_copy(update={"visibility": PracticeVisibility.CONFIDENTIAL})
    with store.batch() as writer:  # the practice and its audit entry, or neither
        repository.save(store, writer, draft)
        _logged(writer, principal, "practice.filed", draft)
    return draft


def edit_practice(
    store: Store, principal: Principal, practice_id: str, changes: dict[str, Any]
) -> Practice:
    """Change a practice; its writer must be a party to its partnerships before and after."""
    require(principal, Role.COORDINATOR, Role.MEMBER_STATE, Role.PARTNER)
    Sight(store, principal).get(practice_id)  # a hidden practice is as missing as none
    current = repository.get(store, Practice, practice_id)
    fixed = sorted(_FIXED & changes.keys())
    if fixed:
        raise InvalidInput(f"the hub sets {fixed} on a practice; leave them out")
    _may_write(store, principal, _sources(store, principal, current))
    changed = _validated({**current.model_dump(), **changes, "edited_at": datetime.now(UTC)})
    _may_write(store, principal, _sources(store, principal, changed))
    with store.batch() as writer:  # the practice and its audit entry, or neither
        repository.save(store, writer, changed)
        _logged(writer, principal, "practice.edited", changed)
    return changed


def _logged(writer: Writer, principal: Principal, action: str, practice: Practice) -> None:
    audit.log(writer, principal.name, action, practice.id, practice.title)


def get_practice(store: Store, principal: Principal, practice_id: str) -> Practice:
    return reading.get(store, principal, Practice, practice_id)


def list_practices(
    store: Store,
    principal: Principal,
    where: PracticeFilter = PracticeFilter(),
    *,
    cursor: str | None = None,
    limit: int = 50,
) -> reading.Page[Practice]:
    """The practices the caller may see that pass the filter, in id order, paged."""
    return reading.page(
        store, principal, Practice, where=_matcher(store, where), cursor=cursor, limit=limit
    )


def _matcher(store: Store, where: PracticeFilter) -> Callable[[Practice], bool]:
    in_region = _in_region(where.region) if where.region else None
    kinds = (
        {s.id: s.kind for s in repository.list_records(store, Stakeholder)}
        if where.author_kind
        else {}
    )

    def matches(practice: Practice) -> bool:
        return (
            (where.objective is None or where.objective in practice.objectives)
            and (where.principle is None or where.principle in practice.principles)
            and (where.language is None or practice.language == where.language)
            and (in_region is None or any(map(in_region, practice.countries)))
            and (
                where.author_kind is None
                or any(kinds.get(a) == where.author_kind for a in practice.authors)
            )
        )

    return matches


def _in_region(name: str) -> Callable[[str], bool]:
    try:
        region = geography.region_of(name)
    except ValueError as error:
        raise InvalidInput(str(error)) from None
    table = geography.countries()
    return lambda code: code in table and region in (table[code].region, table[code].subregion)
