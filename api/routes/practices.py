"""The knowledge platform's practices: the library, filing and editing, practices due."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from api.deps import Caller, Store
from api.errors import problems
from api.schemas import Limit, Page, paged
from hub.domain.fields import Name, RecordId, Text
from hub.domain.records import StakeholderKind
from hub.knowledge.due import PracticeDue, practices_due
from hub.knowledge.practices import (
    PracticeFilter,
    edit_practice,
    file_practice,
    get_practice,
    list_practices,
)
from hub.knowledge.records import Practice, PracticeLanguage, PracticeVisibility

router = APIRouter(prefix="/practices", tags=["practices"], responses=problems(401, 503))

WRITE = problems(400, 403, 404, 409, 413, 422)


class PracticeCreate(BaseModel):
    """A practice from partnerships the caller is a party to; authors default to it."""

    model_config = ConfigDict(extra="forbid")

    title: Name
    summary: Text = ""
    results: Text = ""
    lessons: Text = ""
    language: PracticeLanguage
    countries: list[str] = Field(default_factory=list)
    authors: list[RecordId] = Field(default_factory=list)
    objectives: list[int] = Field(default_factory=list)
    principles: list[str] = Field(default_factory=list)
    partnerships: list[RecordId] = Field(default_factory=list)
    activities: list[RecordId] = Field(default_factory=list)
    visibility: PracticeVisibility | None = None
    """Left out: confidential when a partnership it came from is, else open to partners."""


class PracticeUpdate(BaseModel):
    """Only the fields sent change; a list sent replaces the whole list."""

    model_config = ConfigDict(extra="forbid")

    title: Name | None = None
    summary: Text | None = None
    results: Text | None = None
    lessons: Text | None = None
    language: PracticeLanguage | None = None
    countries: list[str] | None = None
    authors: list[RecordId] | None = None
    objectives: list[int] | None = None
    principles: list[str] | None = None
    partnerships: list[RecordId] | None = None
    activities: list[RecordId] | None = None
    visibility: PracticeVisibility | None = None


@router.get("", responses=problems(422))
def list_library(
    store: Store,
    caller: Caller,
    objective: Annotated[int | None, Query(ge=1, le=23)] = None,
    principle: str | None = None,
    region: Annotated[str | None, Query(description="An M49 region or subregion")] = None,
    language: PracticeLanguage | None = None,
    author_kind: StakeholderKind | None = None,
    cursor: str | None = None,
    limit: Limit = 50,
) -> Page[Practice]:
    """The practices the caller may see, filtered; the public sees the public ones."""
    where = PracticeFilter(objective, principle, region, language, author_kind)
    return paged(list_practices(store, caller, where, cursor=cursor, limit=limit))


@router.get("/due", responses=problems(403))
def due(store: Store, caller: Caller) -> list[PracticeDue]:
    """The caller's completed partnerships that still wait for a practice (staff: all)."""
    return practices_due(store, caller)


@router.post("", status_code=201, responses=WRITE)
def file(store: Store, caller: Caller, body: PracticeCreate) -> Practice:
    """File a practice (parties of its partnerships, staff), audited with the write."""
    return file_practice(store, caller, body.model_dump(exclude_none=True))


@router.get("/{practice_id}", responses=problems(404))
def get_one(store: Store, caller: Caller, practice_id: str) -> Practice:
    """One practice, if the caller may see it; only the partnerships it may see are named."""
    return get_practice(store, caller, practice_id)


@router.patch("/{practice_id}", responses=WRITE)
def edit(store: Store, caller: Caller, practice_id: str, body: PracticeUpdate) -> Practice:
    """Edit a practice (parties of its partnerships before and after, staff), audited."""
    return edit_practice(store, caller, practice_id, body.model_dump(exclude_unset=True))
