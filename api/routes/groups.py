"""Regional working groups: their members, shared view and agreed joint initiatives."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from api.deps import Caller, Store
from api.errors import problems
from hub.domain.fields import Name, RecordId, Text
from hub.groups import reports, working_groups
from hub.groups.answers import GroupView
from hub.groups.working_groups import JointInitiative, Slug, WorkingGroup

router = APIRouter(prefix="/groups", tags=["groups"], responses=problems(401, 503))

WRITE = problems(400, 403, 404, 409, 413, 422)


class GroupCreate(BaseModel):
    """A new group: member states as ISO codes or names, partners as stakeholder ids."""

    model_config = ConfigDict(extra="forbid")

    slug: Slug
    name: Name
    description: Text = ""
    countries: list[str] = Field(min_length=1)
    partners: list[RecordId] = Field(default_factory=list)
    objectives: list[int] = Field(default_factory=list)
    sources: list[Text] = Field(default_factory=list)
    as_of: date | None = None


class GroupUpdate(BaseModel):
    """Only the fields sent change; a list sent replaces the whole list."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    description: Text | None = None
    countries: list[str] | None = None
    partners: list[RecordId] | None = None
    objectives: list[int] | None = None
    sources: list[Text] | None = None
    as_of: date | None = None


class InitiativeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: Name
    text: Text = ""
    objectives: list[int] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    partners: list[RecordId] = Field(default_factory=list)
    requests: list[RecordId] = Field(default_factory=list)
    agreed_on: date


@router.get("")
def list_groups(store: Store) -> list[WorkingGroup]:
    """Every working group; membership is public."""
    return working_groups.list_groups(store)


@router.post("", status_code=201, responses=WRITE)
def create_group(store: Store, caller: Caller, body: GroupCreate) -> WorkingGroup:
    """Create a group (coordinators); any set of states, not only an M49 area."""
    return working_groups.create_group(store, caller, body.model_dump())


@router.get("/{slug}", responses=problems(404))
def get_group(store: Store, slug: str) -> WorkingGroup:
    """One group: its member states, partners, priorities and the sources of its membership."""
    return working_groups.get_group(store, slug)


@router.patch("/{slug}", responses=WRITE)
def edit_group(store: Store, caller: Caller, slug: str, body: GroupUpdate) -> WorkingGroup:
    """Change a group (coordinators), audited in the same transaction."""
    return working_groups.update_group(store, caller, slug, body.model_dump(exclude_unset=True))


@router.get("/{slug}/view", responses=problems(404))
def view(store: Store, caller: Caller, slug: str) -> GroupView:
    """Members' open requests, synergies and gaps as the caller may see them; initiatives."""
    return reports.view_report(store, caller, slug)


@router.post("/{slug}/initiatives", status_code=201, responses=WRITE)
def record_initiative(
    store: Store, caller: Caller, slug: str, body: InitiativeCreate
) -> JointInitiative:
    """Log an agreed joint initiative (coordinators and the group's members)."""
    return working_groups.record_initiative(store, caller, slug, body.model_dump())
