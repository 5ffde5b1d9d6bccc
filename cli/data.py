"""Commands that fill and inspect the hub: import, stats, records, demo, synth."""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import partial
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from cli.common import (
    JsonFlag,
    app,
    console,
    import_app,
    one_line,
    print_json,
    requests_app,
    stakeholders_app,
    store_session,
)
from hub import merges
from hub.access import OPERATOR
from hub.demo import load_demo
from hub.domain.errors import HubError
from hub.domain.records import (
    Confidentiality,
    Modality,
    Stakeholder,
    StakeholderKind,
    SupportRequest,
)
from hub.domain.settings import Settings
from hub.imports.derived import derive
from hub.imports.importer import ImportReport, import_file
from hub.imports.registry import load_registry
from hub.intake import submit_request
from hub.objectives import confirm, import_tagger
from hub.store import GraphError, repository
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
        Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
            disable=as_json,
        ) as progress,
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
            except (HubError, GraphError) as error:
                refused.append(f"refused {path}: {one_line(error, path)}")
            progress.remove_task(task)
        proposed = merges.propose(store) if reports else []
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


@stakeholders_app.command("list")
def stakeholders_list(
    kind: Annotated[StakeholderKind | None, typer.Option(help="Only this kind.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """List stakeholders, optionally of one kind."""
    with store_session() as store:
        found = [s for s in repository.list_records(store, Stakeholder) if kind in (None, s.kind)]
    if as_json:
        print_json([s.model_dump(mode="json") for s in found])
        return
    table = Table("id", "name", "kind", "home", "objectives")
    for s in found:
        table.add_row(
            s.id, s.name, s.kind.value, s.home_country or "", ", ".join(map(str, s.objectives))
        )
    Console().print(table)


@stakeholders_app.command("show")
def stakeholders_show(stakeholder_id: str, as_json: JsonFlag = False) -> None:
    """One stakeholder's profile, and what its activities show where it declared nothing."""
    with store_session() as store:
        stakeholder = repository.get(store, Stakeholder, stakeholder_id)
        derived = derive(store, stakeholder_id)
    shown = {
        **stakeholder.model_dump(mode="json"),
        "derived": derived.model_dump(mode="json", exclude={"stakeholder"}),
    }
    if as_json:
        print_json(shown)
        return
    table = Table("field", "value", show_header=False)
    for field, value in shown.items():
        table.add_row(
            field,
            json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else str(value),
        )
    Console().print(table)


@requests_app.command("add")
def requests_add(
    requester: Annotated[str, typer.Option(help="Id of the requesting Member State.")],
    title: Annotated[str, typer.Option(help="Short title of the request.")],
    text: Annotated[str, typer.Option(help="What support is needed, in any language.")] = "",
    objective: Annotated[list[int] | None, typer.Option(help="GCM objective (1-23).")] = None,
    country: Annotated[list[str] | None, typer.Option(help="Country concerned.")] = None,
    language: Annotated[list[str] | None, typer.Option(help="Working language.")] = None,
    modality: Modality = Modality.TECHNICAL_ASSISTANCE,
    confidentiality: Confidentiality = Confidentiality.CONFIDENTIAL,
    as_json: JsonFlag = False,
) -> None:
    """Submit a support request on behalf of a Member State."""
    with store_session() as store:
        request = submit_request(
            store,
            {
                "requester": requester,
                "title": title,
                "text": text,
                "objectives": objective or [],
                "countries": country or [],
                "languages": language or [],
                "modality": modality,
                "confidentiality": confidentiality,
            },
        )
    _print_request(request, as_json, "stored support request")


def _print_request(request: SupportRequest, as_json: bool, what: str) -> None:
    if as_json:
        print_json(request.model_dump(mode="json"))
        return
    origin = request.objective_origin.value
    console.print(
        f"{what} [bold]{request.id}[/bold]: objectives {request.objectives or 'none'} ({origin})"
    )


@requests_app.command("confirm")
def requests_confirm(
    request_id: Annotated[str, typer.Argument(help="Id of the support request.")],
    objective: Annotated[
        list[int] | None, typer.Option(help="GCM objective (1-23); none confirms those stored.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Confirm a request's suggested objectives, or set others; written to the audit log."""
    with store_session() as store:
        request = confirm(store, OPERATOR, SupportRequest, request_id, objective or None)
    _print_request(request, as_json, "confirmed objectives of")


@requests_app.command("list")
def requests_list(as_json: JsonFlag = False) -> None:
    """List support requests."""
    with store_session() as store:
        found = list(repository.list_records(store, SupportRequest))
    if as_json:
        print_json([r.model_dump(mode="json") for r in found])
        return
    table = Table("id", "requester", "title", "objectives", "status", "confidentiality")
    for r in found:
        table.add_row(
            r.id,
            r.requester,
            r.title,
            f"{', '.join(map(str, r.objectives))} ({r.objective_origin.value})",
            r.status.value,
            r.confidentiality.value,
        )
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
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
        disable=as_json,
    ) as progress:
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
def demo(as_json: JsonFlag = False) -> None:
    """Load the demo hub (idempotent)."""
    with store_session() as store:
        report = load_demo(store)
    if as_json:
        print_json(asdict(report))
    else:
        console.print(
            f"demo hub loaded: {report.stakeholders} stakeholders, {report.requests} requests,"
            f" {report.offers} offers, {report.partnerships} partnerships,"
            f" {report.practices} practices, {report.groups} working groups"
        )
