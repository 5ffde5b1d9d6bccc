"""Regional working groups: Member States and partners who work on migration together.

A group is not an M49 area: the League of Arab States spans Northern Africa and
Western Asia, so Morocco, Oman and Palestine meet only in a group. Coordinators create
and edit groups; a group's members and coordinators record the joint initiatives it
agrees, each in one transaction with its audit entry.
"""

from __future__ import annotations

import json
import secrets
from datetime import UTC, date, datetime
from importlib import resources
from typing import Annotated, Any

from pydantic import Field, ValidationError

from hub import audit
from hub.access import Principal, Sight, require
from hub.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, invalid_input
from hub.domain.fields import CountryList, Name, ObjectiveList, RecordId, Text
from hub.domain.keys import Role
from hub.domain.records import Record, Stakeholder, SupportRequest
from hub.domain.vocabulary import SLUG_PATTERN
from hub.store import Edge, Store, codec, repository

__all__ = [
    "ADDRESSES",
    "JointInitiative",
    "Slug",
    "WorkingGroup",
    "create_group",
    "get_group",
    "group_id",
    "initiatives",
    "is_member",
    "list_groups",
    "load_groups",
    "record_initiative",
    "shipped_groups",
    "update_group",
]

ADDRESSES = "ADDRESSES"
"""Edge type from a joint initiative to a request it answers."""

Slug = Annotated[str, Field(pattern=rf"^{SLUG_PATTERN}$", max_length=60)]


class WorkingGroup(Record):
    """Member states (ISO codes, stored alpha-2), partner stakeholders, priorities."""

    slug: Slug
    name: Name
    description: Text = ""
    countries: Annotated[CountryList, Field(min_length=1)]
    partners: list[RecordId] = Field(default_factory=list)
    objectives: ObjectiveList = Field(default_factory=list)
    sources: list[Text] = Field(default_factory=list)
    as_of: date | None = None


class JointInitiative(Record):
    """A joint initiative a group agreed: what, on which objectives, with whom.

    The requests it answers are `ADDRESSES` edges, not a property: an edge to a request
    the caller may not see is hidden with the request, wherever the graph is read.
    """

    group: RecordId
    title: Name
    text: Text = ""
    objectives: ObjectiveList = Field(default_factory=list)
    countries: CountryList = Field(default_factory=list)
    partners: list[RecordId] = Field(default_factory=list)
    agreed_on: date
    actor: str
    """Who recorded it; callers who are not staff read a staff key as its role."""
    recorded_at: datetime


def group_id(slug: str) -> str:
    """Groups live beside stakeholders, so a prefix keeps `igad` the group apart from
    `igad` the organisation."""
    return f"group:{slug}"


def _validated(fields: dict[str, Any], what: str) -> WorkingGroup:
    try:
        group = WorkingGroup.model_validate({**fields, "id": group_id(str(fields.get("slug")))})
    except ValidationError as error:
        raise invalid_input(what, error) from None
    return group


def _check_partners(store: Store, partners: list[str]) -> None:
    for partner in partners:
        repository.get(store, Stakeholder, partner)  # NotFound names the partner


def get_group(store: Store, slug: str) -> WorkingGroup:
    """The group with this slug (one point read); `NotFound` names the slug otherwise."""
    try:
        return repository.get(store, WorkingGroup, group_id(slug))
    except NotFound:
        raise NotFound(f"no working group {slug!r}") from None


def list_groups(store: Store) -> list[WorkingGroup]:
    return sorted(repository.list_records(store, WorkingGroup), key=lambda g: g.slug)


def create_group(store: Store, principal: Principal, fields: dict[str, Any]) -> WorkingGroup:
    """A new group; its slug is its name in URLs and on the command line."""
    require(principal, Role.COORDINATOR)
    group = _validated(fields, "working group")
    if store.node(group.id) is not None:
        raise Conflict(f"working group {group.slug!r} already exists")
    _check_partners(store, group.partners)
    with store.batch() as writer:
        codec.write(writer, group)
        audit.log(writer, principal.name, "group.created", group.id, _summary(group))
    return group


def update_group(
    store: Store, principal: Principal, slug: str, changes: dict[str, Any]
) -> WorkingGroup:
    """Change a group's name, members, partners or priorities; its slug stays."""
    require(principal, Role.COORDINATOR)
    current = get_group(store, slug)
    if "slug" in changes and changes["slug"] != slug:
        raise InvalidInput("a working group keeps its slug; create a new group instead")
    changed = _validated({**current.model_dump(exclude={"id"}), **changes}, "working group")
    _check_partners(store, changed.partners)
    with store.batch() as writer:
        codec.write(writer, changed)
        audit.log(writer, principal.name, "group.edited", changed.id, _summary(changed))
    return changed


def _summary(group: WorkingGroup) -> str:
    return (
        f"{group.name}: {len(group.countries)} states, partners {', '.join(group.partners)},"
        f" objectives {', '.join(map(str, group.objectives))}"
    )


def is_member(store: Store, principal: Principal, group: WorkingGroup) -> bool:
    """A Member State whose home country is a member, or one of the group's partners."""
    if principal.stakeholder is None:
        return False
    if principal.role is Role.PARTNER:
        return principal.stakeholder in group.partners
    if principal.role is Role.MEMBER_STATE:
        home = repository.get(store, Stakeholder, principal.stakeholder).home_country
        return home in group.countries
    return False


def record_initiative(
    store: Store, principal: Principal, slug: str, fields: dict[str, Any]
) -> JointInitiative:
    """Log an agreed joint initiative; coordinators and the group's members may."""
    require(principal, Role.COORDINATOR, Role.MEMBER_STATE, Role.PARTNER)
    group = get_group(store, slug)
    if not principal.sees_all and not is_member(store, principal, group):
        raise Forbidden(f"{principal.name} is not a member of working group {slug!r}")
    if "id" in fields:
        raise InvalidInput("the hub gives a new JointInitiative its id; leave out 'id'")
    requests = [str(r) for r in fields.get("requests", [])]
    try:
        initiative = JointInitiative.model_validate(
            {
                **{k: v for k, v in fields.items() if k != "requests"},
                "id": _new_initiative_id(store),
                "group": group.id,
                "actor": principal.name,
                "recorded_at": datetime.now(UTC),
            }
        )
    except ValidationError as error:
        raise invalid_input("joint initiative", error) from None
    outside = set(initiative.countries) - set(group.countries)
    if outside:
        raise InvalidInput(f"{sorted(outside)} are not members of working group {slug!r}")
    _check_partners(store, initiative.partners)
    sight = Sight(store, principal)
    for request in requests:
        if sight.get(request).label != SupportRequest.__name__:
            raise NotFound(f"no record with id {request!r}")  # as a hidden one answers
    with store.batch() as writer:
        codec.write(writer, initiative)
        writer.upsert_edges([Edge(initiative.id, ADDRESSES, r) for r in requests])
        audit.log(writer, principal.name, "group.initiative", initiative.id, initiative.title)
    return initiative


def _new_initiative_id(store: Store) -> str:
    while True:  # random like `hub.domain.ids`: a counter would tell how many a group agreed
        candidate = f"initiative-{secrets.token_hex(8)}"
        if store.node(candidate) is None:
            return candidate


def initiatives(store: Store, slug: str) -> list[JointInitiative]:
    """A group's agreed initiatives, oldest first."""
    gid = group_id(get_group(store, slug).slug)
    found = [i for i in repository.list_records(store, JointInitiative) if i.group == gid]
    return sorted(found, key=lambda i: (i.recorded_at, i.id))


def shipped_groups() -> list[WorkingGroup]:
    """The groups in `hub/data/groups.json`, whose sources the file names."""
    text = resources.files("hub").joinpath("data/groups.json").read_text(encoding="utf-8")
    return [
        _validated(fields, f"groups.json groups[{position}]")
        for position, fields in enumerate(json.loads(text)["groups"])
    ]


def load_groups(store: Store) -> list[WorkingGroup]:
    """Write the shipped groups; loading again changes nothing.

    Partners the hub does not hold are left out, so the file also serves a hub without
    the demo's stakeholders.
    """
    found = [
        g.model_copy(update={"partners": [p for p in g.partners if store.node(p) is not None]})
        for g in shipped_groups()
    ]
    with store.batch() as writer:
        for group in found:
            codec.write(writer, group)
    return found
