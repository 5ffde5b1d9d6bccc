"""`gcm-hub search`: the knowledge platform's search, from the hub's own machine."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.common import JsonFlag, app, print_json, store_session
from hub.access import OPERATOR
from hub.domain.settings import Settings
from hub.knowledge.search import MAX_TOP, SearchFilters, search, vector_file


@app.command("search", rich_help_panel="Fill and inspect the hub")
def search_command(
    text: Annotated[str, typer.Argument(help="What to look for, in any of the four languages.")],
    top: Annotated[int, typer.Option(min=1, max=MAX_TOP, help="How many records.")] = 10,
    objective: Annotated[
        int | None, typer.Option(min=1, max=23, help="Only records for this objective.")
    ] = None,
    principle: Annotated[
        str | None, typer.Option(help="Only records under this guiding principle (slug).")
    ] = None,
    region: Annotated[
        str | None, typer.Option(help="Only records in this M49 region or subregion.")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(help="Only practices, requests, offers, activities or stakeholders."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Practices, requests, offers, activities and stakeholders, across languages."""
    filters = SearchFilters(objective, principle, region, kind)
    with store_session() as store:
        vectors = vector_file(Settings().data_dir)
        hits = search(store, OPERATOR, text, top=top, filters=filters, vectors=vectors)
    if as_json:
        print_json([hit.model_dump(mode="json") for hit in hits])
        return
    table = Table("score", "kind", "id", "title")
    for hit in hits:
        table.add_row(f"{hit.score:.3f}", hit.kind, hit.id, hit.title)
    Console().print(table if hits else "nothing found")
