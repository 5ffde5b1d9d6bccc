"""Regional working groups from the hub's own machine: load, list, edit, log initiatives."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from cli.common import JsonFlag, app, console, print_json, store_session
from hub.access import OPERATOR
from hub.groups import reports, working_groups

groups_app = typer.Typer(
    help="Regional working groups: members, partners, priorities, joint initiatives.",
    no_args_is_help=True,
)
app.add_typer(groups_app, name="groups", rich_help_panel="Fill and inspect the hub")

Members = Annotated[
    list[str] | None, typer.Option("--member", help="A member state, ISO code or name (repeat).")
]
Partners = Annotated[
    list[str] | None, typer.Option("--partner", help="A partner stakeholder's id (repeat).")
]
Objectives = Annotated[
    list[int] | None, typer.Option("--objective", min=1, max=23, help="A GCM objective (repeat).")
]


def _given(**fields: Any) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if value is not None}


def _show(group: working_groups.WorkingGroup, as_json: bool, verb: str) -> None:
    if as_json:
        print_json(reports.group_report(group).model_dump(mode="json"))
    else:
        console.print(f"working group [bold]{group.slug}[/bold] {verb}")


@groups_app.command("load")
def groups_load(as_json: JsonFlag = False) -> None:
    """Load the groups shipped with the hub (League of Arab States, IGAD, ECOWAS)."""
    with store_session() as store:
        loaded = working_groups.load_groups(store)
    if as_json:
        print_json([g.slug for g in loaded])
    else:
        console.print(f"loaded {len(loaded)} working groups")


@groups_app.command("list")
def groups_list(as_json: JsonFlag = False) -> None:
    """Every working group with its members."""
    with store_session() as store:
        found = working_groups.list_groups(store)
    if as_json:
        print_json([reports.group_report(g).model_dump(mode="json") for g in found])
        return
    table = Table("slug", "name", "members", "partners", "objectives")
    for g in found:
        table.add_row(
            g.slug,
            g.name,
            ", ".join(g.countries),
            ", ".join(g.partners),
            ", ".join(map(str, g.objectives)),
        )
    Console().print(table)


@groups_app.command("show")
def groups_show(slug: str, as_json: JsonFlag = False) -> None:
    """A group's shared view: open requests, synergies, gaps and agreed initiatives."""
    with store_session() as store:
        view = reports.view_report(store, OPERATOR, slug)
        programmes = reports.group_synergies_report(store, OPERATOR, slug).programmes
    if as_json:
        print_json(
            {
                **view.model_dump(mode="json"),
                "programmes": [p.model_dump(mode="json") for p in programmes],
            }
        )
        return
    out = Console()
    out.print(f"[bold]{view.group.name}[/bold] ({len(view.group.countries)} states)")
    for r in view.requests:
        out.print(f"  request {r.id} ({r.requester}): {r.title}")
    for p in programmes:
        out.print(f"  synergy: {', '.join(s.name for s in p.states)}: {p.why}")
    for g in view.gaps:
        out.print(
            f"  gap: objective {g.objective} {g.label}: {g.requests} requests,"
            f" {g.providers} providers"
        )
    for i in view.initiatives:
        out.print(f"  initiative {i.agreed_on}: {i.title}")


@groups_app.command("create")
def groups_create(
    slug: Annotated[str, typer.Option(help="Lower-case words joined by hyphens.")],
    name: Annotated[str, typer.Option(help="The group's name.")],
    member: Members = None,
    partner: Partners = None,
    objective: Objectives = None,
    description: Annotated[str, typer.Option(help="What the group is for.")] = "",
    source: Annotated[
        list[str] | None, typer.Option(help="Where the membership comes from (repeat).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Create a working group (any set of states, not only an M49 area)."""
    fields = _given(
        slug=slug,
        name=name,
        countries=member or [],
        partners=partner,
        objectives=objective,
        description=description,
        sources=source,
    )
    with store_session() as store:
        group = working_groups.create_group(store, OPERATOR, fields)
    _show(group, as_json, "created")


@groups_app.command("edit")
def groups_edit(
    slug: str,
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    member: Members = None,
    partner: Partners = None,
    objective: Objectives = None,
    description: Annotated[str | None, typer.Option(help="New description.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Change a group; a list given replaces the group's whole list."""
    changes = _given(
        name=name, countries=member, partners=partner, objectives=objective, description=description
    )
    with store_session() as store:
        group = working_groups.update_group(store, OPERATOR, slug, changes)
    _show(group, as_json, "edited")


@groups_app.command("initiative")
def groups_initiative(
    slug: str,
    title: Annotated[str, typer.Option(help="What the group agreed to do.")],
    agreed_on: Annotated[
        str | None, typer.Option(help="When it was agreed, YYYY-MM-DD; today if left out.")
    ] = None,
    member: Members = None,
    partner: Partners = None,
    objective: Objectives = None,
    request: Annotated[
        list[str] | None, typer.Option(help="A request it answers (repeat).")
    ] = None,
    text: Annotated[str, typer.Option(help="Details.")] = "",
    as_json: JsonFlag = False,
) -> None:
    """Record a joint initiative the group agreed, with an audit entry."""
    fields = _given(
        title=title,
        agreed_on=agreed_on or date.today().isoformat(),
        countries=member,
        partners=partner,
        objectives=objective,
        requests=request,
        text=text,
    )
    with store_session() as store:
        initiative = working_groups.record_initiative(store, OPERATOR, slug, fields)
    if as_json:
        print_json(initiative.model_dump(mode="json"))
    else:
        console.print(f"initiative [bold]{initiative.id}[/bold] recorded for {slug}")


def print_complements(first: str, second: str, as_json: bool) -> None:
    """`synergies --group A --with-group B`: requests of A and B that complement."""
    with store_session() as store:
        pairs = reports.cross_group_report(store, OPERATOR, first, second).pairs
    if as_json:
        print_json([p.model_dump(mode="json") for p in pairs])
        return
    table = Table("request", "complements", "shared objectives", "corridor", "score")
    for p in pairs:
        table.add_row(
            f"{p.first.title} ({p.first.requester})",
            f"{p.second.title} ({p.second.requester})",
            ", ".join(p.labels),
            "yes" if p.corridor else "",
            f"{p.score:.2f}",
        )
    Console().print(table if pairs else "no requests of the two groups complement")
