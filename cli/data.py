"""Commands that fill and inspect the hub: import, stats, records, demo, synth."""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    DownloadColumn,
    MofNCompleteColumn,
)
from rich.table import Table

from cli.common import (
    JsonFlag,
    app,
    console,
    import_app,
    one_line,
    print_json,
    progress_bar,
    store_session,
)
from hub import merges
from hub.demo import load_demo, queue_demo
from hub.domain.errors import HubError
from hub.domain.settings import Settings
from hub.imports.importer import ImportReport, import_file
from hub.imports.registry import load_registry
from hub.objectives import import_tagger
from hub.session import StoreError
from tools.synth import synth_hub


@import_app.command("iati")
def import_iati(
    files: Annotated[list[Path], typer.Argument(help="IATI activity XML files.")],
    as_json: JsonFlag = False,
) -> None:
    """Import IATI activity files; each file is stored whole or not at all.

    A refused file is one line on stderr, naming it and what is wrong; the other files
    are imported all the same, and the exit status is 1.
    """
    reports = []
    refused = []
    registry = load_registry(Settings().organisation_files)
    with (
        store_session() as store,
        progress_bar(DownloadColumn(), quiet=as_json) as progress,
    ):
        for path in files:
            size = path.stat().st_size if path.is_file() else None
            task = progress.add_task(f"importing {path.name}", total=size)
            try:
                tag = import_tagger(store)
                reports.append(
                    import_file(
                        store, path, partial(progress.advance, task), tag=tag, registry=registry
                    )
                )
            except (HubError, StoreError) as error:
                refused.append(f"refused {path}: {one_line(error, path)}")
            progress.remove_task(task)
        proposed = merges.propose(store, merges.IMPORT_ACTOR) if reports else []
    for line in refused:
        console.print(line, markup=False, highlight=False, soft_wrap=True)
    _print_reports(reports, as_json)
    if proposed and not as_json:
        console.print(f"{len(proposed)} new pairs to review: gcm-hub merges list")
    if reports and not as_json:
        console.print("objectives by the keyword tagger; multilingual ones: gcm-hub import retag")
    if refused:
        raise typer.Exit(1)


def _print_reports(reports: list[ImportReport], as_json: bool) -> None:
    if as_json:
        print_json([asdict(report) for report in reports])
        return
    if not reports:
        return
    table = Table("file", "activities", "organisations", "edges", "nodes added", "edges added")
    for r in reports:
        table.add_row(
            Path(r.file).name,
            *(
                str(v)
                for v in (r.activities, r.organisations, r.edges, r.nodes_added, r.edges_added)
            ),
        )
    Console().print(table)


@app.command(rich_help_panel="Fill and inspect the hub")
def stats(as_json: JsonFlag = False) -> None:
    """Nodes by label and edges by type in the store."""
    with store_session() as store:
        counts = store.counts()
    if as_json:
        print_json({"nodes": counts.nodes, "edges": counts.edges})
        return
    table = Table("kind", "name", "count")
    for kind, found in (("node", counts.nodes), ("edge", counts.edges)):
        for name, count in found.items():
            table.add_row(kind, name, str(count))
    Console().print(table)


@app.command(rich_help_panel="Fill and inspect the hub")
def synth(
    stakeholders: Annotated[int, typer.Option(min=10, help="Organisations to invent.")] = 1000,
    activities: Annotated[
        int | None, typer.Option(min=1, help="Activities in all; default 3 per stakeholder.")
    ] = None,
    requests: Annotated[
        int | None,
        typer.Option(min=0, help="Activities starting on or after the split date; default 10%."),
    ] = None,
    seed: Annotated[int, typer.Option(help="The same seed writes the same bytes.")] = 0,
    out: Annotated[Path, typer.Option(help="IATI XML file to write.")] = Path("synthetic-iati.xml"),
    as_json: JsonFlag = False,
) -> None:
    """Write a synthetic hub as IATI 2.03 activity XML, to import or evaluate at any scale."""
    total = activities or 3 * stakeholders
    with progress_bar(MofNCompleteColumn(), quiet=as_json) as progress:
        task = progress.add_task(f"writing {out.name}", total=total)
        report = synth_hub(
            out,
            stakeholders,
            total,
            total // 10 if requests is None else requests,
            seed,
            partial(progress.advance, task),
        )
    if as_json:
        print_json(asdict(report))
        return
    console.print(
        f"wrote {report.activities} activities naming {report.organisations_named} of"
        f" {report.stakeholders} organisations to {report.file}"
        f" ({report.bytes / 1e6:.1f} MB, {report.activities_per_second:,.0f} activities/s);"
        f" the last {report.requests} start on or after {report.split_date}: evaluate with"
        f" `gcm-hub evaluate {report.file} --split-date {report.split_date}`"
    )


@app.command(rich_help_panel="Fill and inspect the hub")
def demo(
    suggest: Annotated[
        int,
        typer.Option(
            min=0,
            max=20,
            help="Also queue this many partners for each open request never queued before.",
        ),
    ] = 0,
    as_json: JsonFlag = False,
) -> None:
    """Load the demo hub (idempotent)."""
    with store_session() as store:
        report = load_demo(store)
        queued = queue_demo(store, suggest) if suggest else 0
    if as_json:
        print_json({**asdict(report), "queued_requests": queued})
    else:
        console.print(
            f"demo hub loaded: {report.stakeholders} stakeholders, {report.requests} requests,"
            f" {report.offers} offers, {report.partnerships} partnerships,"
            f" {report.practices} practices, {report.groups} working groups"
            + (f"; {queued} requests' partners queued for review" if queued else "")
        )
