"""The practice library from the hub's own machine: list, show, add, and what is due."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.common import JsonFlag, app, console, print_json, store_session
from hub.access import OPERATOR
from hub.domain.records import StakeholderKind
from hub.knowledge.due import practices_due
from hub.knowledge.practices import PracticeFilter, file_practice, get_practice, list_practices
from hub.knowledge.records import Practice, PracticeLanguage, PracticeVisibility

practices_app = typer.Typer(
    help="The knowledge platform's practices and lessons learned, in ar, en, es and fr.",
    no_args_is_help=True,
)
app.add_typer(practices_app, name="practices", rich_help_panel="Fill and inspect the hub")


def _json(practice: Practice) -> object:
    return practice.model_dump(mode="json")


@practices_app.command("list")
def practices_list(
    objective: Annotated[int | None, typer.Option(min=1, max=23, help="A GCM objective.")] = None,
    principle: Annotated[str | None, typer.Option(help="A guiding principle's slug.")] = None,
    region: Annotated[str | None, typer.Option(help="An M49 region or subregion.")] = None,
    language: Annotated[PracticeLanguage | None, typer.Option(help="ar, en, es or fr.")] = None,
    author_kind: Annotated[
        StakeholderKind | None, typer.Option(help="Kind of one of its authors.")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=200)] = 200,
    as_json: JsonFlag = False,
) -> None:
    """The practice library, filtered."""
    where = PracticeFilter(objective, principle, region, language, author_kind)
    with store_session() as store:
        found = list_practices(store, OPERATOR, where, limit=limit).items
    if as_json:
        print_json([_json(p) for p in found])
        return
    table = Table("id", "lang", "title", "countries", "objectives", "authors", "visibility")
    for p in found:
        table.add_row(
            p.id,
            p.language.value,
            p.title,
            ", ".join(p.countries),
            ", ".join(map(str, p.objectives)),
            ", ".join(p.authors),
            p.visibility.value,
        )
    Console().print(table if found else "no practice matches")


@practices_app.command("show")
def practices_show(practice_id: str, as_json: JsonFlag = False) -> None:
    """One practice: what was done, results, lessons and where it came from."""
    with store_session() as store:
        practice = get_practice(store, OPERATOR, practice_id)
    if as_json:
        print_json(_json(practice))
        return
    out = Console()
    out.print(f"[bold]{practice.title}[/bold] ({practice.language.value}, {practice.visibility})")
    out.print(f"by {', '.join(practice.authors)} in {', '.join(practice.countries) or '-'}")
    for label, text in (
        ("summary", practice.summary),
        ("results", practice.results),
        ("lessons", practice.lessons),
    ):
        if text:
            out.print(f"[bold]{label}[/bold]: {text}")
    out.print(f"from {', '.join([*practice.partnerships, *practice.activities]) or '-'}")


@practices_app.command("add")
def practices_add(
    title: Annotated[str, typer.Option(help="What was done, in a line.")],
    language: Annotated[PracticeLanguage, typer.Option(help="ar, en, es or fr.")],
    author: Annotated[list[str], typer.Option(help="A stakeholder who did it (repeat).")],
    partnership: Annotated[
        list[str] | None, typer.Option(help="A partnership it came from (repeat).")
    ] = None,
    activity: Annotated[
        list[str] | None, typer.Option(help="An activity it came from (repeat).")
    ] = None,
    country: Annotated[list[str] | None, typer.Option(help="Where (repeat).")] = None,
    objective: Annotated[
        list[int] | None, typer.Option(min=1, max=23, help="A GCM objective (repeat).")
    ] = None,
    principle: Annotated[
        list[str] | None, typer.Option(help="A guiding principle's slug (repeat).")
    ] = None,
    summary: Annotated[str, typer.Option(help="What was done.")] = "",
    results: Annotated[str, typer.Option(help="What came of it.")] = "",
    lessons: Annotated[str, typer.Option(help="What others should know.")] = "",
    visibility: Annotated[PracticeVisibility | None, typer.Option()] = None,
    as_json: JsonFlag = False,
) -> None:
    """File a practice, with an audit entry."""
    fields = {
        "title": title,
        "language": language,
        "authors": author,
        "partnerships": partnership or [],
        "activities": activity or [],
        "countries": country or [],
        "objectives": objective or [],
        "principles": principle or [],
        "summary": summary,
        "results": results,
        "lessons": lessons,
        **({"visibility": visibility} if visibility else {}),
    }
    with store_session() as store:
        practice = file_practice(store, OPERATOR, fields)
    if as_json:
        print_json(_json(practice))
    else:
        console.print(f"practice [bold]{practice.id}[/bold] filed")


@practices_app.command("due")
def practices_due_command(
    stakeholder: Annotated[
        str | None, typer.Option(help="Only what this stakeholder's partnerships owe.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Completed partnerships that no practice names yet, and the partners they prompt."""
    with store_session() as store:
        found = practices_due(store, OPERATOR, stakeholder)
    if as_json:
        print_json([d.model_dump(mode="json") for d in found])
        return
    table = Table("partnership", "title", "completed", "partners")
    for d in found:
        table.add_row(d.partnership, d.title, str(d.completed_on or ""), ", ".join(d.partners))
    Console().print(table if found else "no practice is due")
