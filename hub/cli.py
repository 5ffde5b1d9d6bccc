"""The `gcm-hub` command line: import, inspect and serve the hub."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from graph import GraphStore
from hub import records
from hub.demo import load_demo
from hub.errors import HubError
from hub.evaluation import evaluate as evaluate_split
from hub.iati.importer import import_file
from hub.intake import submit_request
from hub.model import Confidentiality, Modality, Stakeholder, StakeholderKind, SupportRequest
from hub.recommendation import recommend_partners
from hub.settings import Settings
from hub.store import open_store
from hub.tagging import fit_tagger, objective_tagger
from hub.taxonomy import objective

__all__ = ["app", "main"]

app = typer.Typer(
    help="GCM Connection Hub: match migration support requests with partners.", no_args_is_help=True
)
import_app = typer.Typer(help="Import data into the hub.", no_args_is_help=True)
stakeholders_app = typer.Typer(
    help="Member States, UN entities, NGOs, donors...", no_args_is_help=True
)
requests_app = typer.Typer(help="Support requests from Member States.", no_args_is_help=True)
app.add_typer(import_app, name="import")
app.add_typer(stakeholders_app, name="stakeholders")
app.add_typer(requests_app, name="requests")

console = Console(stderr=True)
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@contextmanager
def _store() -> Iterator[GraphStore]:
    store = open_store(Settings())
    try:
        yield store
    finally:
        store.close()


def _print_json(value: Any) -> None:
    typer.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


@import_app.command("iati")
def import_iati(
    files: Annotated[list[Path], typer.Argument(help="IATI activity XML files.")],
    as_json: JsonFlag = False,
) -> None:
    """Import IATI activity files; each file is stored whole or not at all."""
    reports = []
    with (
        _store() as store,
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
            tag = objective_tagger(fit_tagger(store))
            reports.append(import_file(store, path, partial(progress.advance, task), tag=tag))
    if as_json:
        _print_json([asdict(report) for report in reports])
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


@app.command()
def stats(as_json: JsonFlag = False) -> None:
    """Nodes by label and edges by type in the store."""
    with _store() as store:
        counts = store.counts()
    if as_json:
        _print_json({"nodes": counts.nodes, "edges": counts.edges})
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
    with _store() as store:
        found = [s for s in records.list_records(store, Stakeholder) if kind in (None, s.kind)]
    if as_json:
        _print_json([s.model_dump(mode="json") for s in found])
        return
    table = Table("id", "name", "kind", "home", "objectives")
    for s in found:
        table.add_row(
            s.id, s.name, s.kind.value, s.home_country or "", ", ".join(map(str, s.objectives))
        )
    Console().print(table)


@stakeholders_app.command("show")
def stakeholders_show(stakeholder_id: str, as_json: JsonFlag = False) -> None:
    """One stakeholder's profile."""
    with _store() as store:
        stakeholder = records.get(store, Stakeholder, stakeholder_id)
    if as_json:
        _print_json(stakeholder.model_dump(mode="json"))
        return
    table = Table("field", "value", show_header=False)
    for field, value in stakeholder.model_dump(mode="json").items():
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
    with _store() as store:
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
    if as_json:
        _print_json(request.model_dump(mode="json"))
    else:
        console.print(f"stored support request [bold]{request.id}[/bold]")


@requests_app.command("list")
def requests_list(as_json: JsonFlag = False) -> None:
    """List support requests."""
    with _store() as store:
        found = list(records.list_records(store, SupportRequest))
    if as_json:
        _print_json([r.model_dump(mode="json") for r in found])
        return
    table = Table("id", "requester", "title", "objectives", "status", "confidentiality")
    for r in found:
        table.add_row(
            r.id,
            r.requester,
            r.title,
            ", ".join(map(str, r.objectives)),
            r.status.value,
            r.confidentiality.value,
        )
    Console().print(table)


@app.command()
def tag(
    text: Annotated[str | None, typer.Argument(help="Text to tag; else --file or stdin.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the text from a file.")] = None,
    top: Annotated[int, typer.Option(min=1, max=23, help="How many objectives at most.")] = 5,
    as_json: JsonFlag = False,
) -> None:
    """Suggest GCM objectives for a text, best first."""
    if text is None:
        text = file.read_text(encoding="utf-8") if file else sys.stdin.read()
    with _store() as store:
        tagger = fit_tagger(store)
    suggestions = [
        {
            "objective": s.objective,
            "label": objective(s.objective).label,
            "confidence": round(s.confidence, 3),
        }
        for s in tagger.suggest(text, top=top)
    ]
    if as_json:
        _print_json(suggestions)
        return
    table = Table("objective", "label", "confidence")
    for row in suggestions:
        table.add_row(str(row["objective"]), str(row["label"]), f"{row['confidence']:.2f}")
    Console().print(table if suggestions else "no objective is a confident match")


@app.command()
def recommend(
    request: Annotated[str, typer.Option("--request", help="Id of a support request.")],
    n: Annotated[int, typer.Option(min=1, max=100, help="How many partners.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Propose implementing partners for a support request, with the reasons."""
    with _store() as store:
        found = recommend_partners(store, request, n=n)
    if as_json:
        _print_json([asdict(r) for r in found])
        return
    table = Table("#", "partner", "score", "why")
    for rank, r in enumerate(found, start=1):
        parts = ", ".join(
            f"{k} {v:+.2f}" for k, v in sorted(r.parts.items(), key=lambda item: -abs(item[1]))[:3]
        )
        why = "; ".join(
            [
                *r.evidence[:2],
                f"objectives {list(r.shared_objectives)}" if r.shared_objectives else "",
                parts,
            ]
        )
        table.add_row(str(rank), r.candidate, f"{r.score:.2f}", why.strip("; "))
    Console().print(table)


@app.command()
def evaluate(
    files: Annotated[list[Path], typer.Argument(help="IATI activity XML files.")],
    split_date: Annotated[
        datetime,
        typer.Option(
            "--split-date",
            formats=["%Y-%m-%d"],
            help="Activities starting before it are the history.",
        ),
    ],
    k: Annotated[int, typer.Option("--k", min=1, help="Cut-off of the metrics.")] = 10,
    predictions: Annotated[Path | None, typer.Option(help="Write rankings as JSONL.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Measure partner recommendation with a temporal split, against three baselines."""
    with console.status("evaluating") as status:
        report = evaluate_split(files, split_date.date(), k, on_step=status.update)
    if predictions is not None:
        with predictions.open("w", encoding="utf-8") as out:
            for p in report.predictions:
                out.write(
                    json.dumps({"activity": p.activity, "ranked": p.ranked}, ensure_ascii=False)
                    + "\n"
                )
    summary = {key: value for key, value in asdict(report).items() if key != "predictions"}
    if as_json:
        _print_json(summary)
        return
    console.print(
        f"{report.imported_activities} activities before the split,"
        f" {report.history_activities} of them with implementers; {report.requests} requests,"
        f" {report.gold_links} gold links, {report.candidates} candidates"
    )
    metrics = list(next(iter(report.scores.values())))
    table = Table("method", *metrics)
    for method, scores in report.scores.items():
        table.add_row(method, *(f"{scores[m]:.3f}" if m in scores else "" for m in metrics))
    Console().print(table)


@app.command()
def demo(as_json: JsonFlag = False) -> None:
    """Load the demo hub (idempotent)."""
    with _store() as store:
        report = load_demo(store)
    if as_json:
        _print_json(asdict(report))
    else:
        console.print(
            f"demo hub loaded: {report.stakeholders} stakeholders, {report.requests} requests,"
            f" {report.offers} offers, {report.partnerships} partnerships"
        )


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind.")] = None,
    port: Annotated[int | None, typer.Option(help="TCP port.")] = None,
) -> None:
    """Start the HTTP API (and, once it lands, the web console)."""
    import uvicorn

    settings = Settings()
    # By import string: hub sits below api and never imports it.
    uvicorn.run(
        "api.app:create_app", factory=True, host=host or settings.host, port=port or settings.port
    )


def main() -> None:
    """Entry point: run the CLI and turn hub errors into one readable message."""
    try:
        app()
    except HubError as error:
        console.print(Text.assemble(("error: ", "bold red"), str(error)))
        sys.exit(1)
