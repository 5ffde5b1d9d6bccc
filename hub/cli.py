"""The `gcm-hub` command line: import, inspect and serve the hub."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Annotated, Any

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
from rich.text import Text

from graph import GraphStore
from hub import records, reports
from hub.access import OPERATOR, ApiKey, Role, create_key, revoke_key
from hub.demo import load_demo
from hub.errors import HubError
from hub.evaluation import evaluate as evaluate_split
from hub.iati.importer import import_file
from hub.intake import submit_request
from hub.model import Confidentiality, Modality, Stakeholder, StakeholderKind, SupportRequest
from hub.settings import Settings
from hub.store import open_store
from hub.synth import synth_hub
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
keys_app = typer.Typer(help="API keys (admin): create, list, revoke.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")

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
        report = reports.partners_report(store, OPERATOR, request, n)
    if as_json:
        _print_json(report["partners"])
        return
    table = Table("#", "partner", "score", "strongest signals", "why")
    for rank, r in enumerate(report["partners"], start=1):
        strongest = sorted(r["parts"].items(), key=lambda item: -abs(item[1]))[:3]
        why = [*r["evidence"][:2]]
        if r["shared_objectives"]:
            why.append(f"objectives {_objectives(r['shared_objectives'])}")
        if r["matched_terms"]:
            why.append(f"terms: {', '.join(r['matched_terms'][:4])}")
        table.add_row(
            str(rank),
            r["name"],
            f"{r['score']:.2f}",
            ", ".join(f"{k} {v:+.2f}" for k, v in strongest),
            "; ".join(why),
        )
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
        _print_json(asdict(report))
        return
    console.print(
        f"wrote {report.activities} activities naming {report.organisations_named} of"
        f" {report.stakeholders} organisations to {report.file}"
        f" ({report.bytes / 1e6:.1f} MB, {report.activities_per_second:,.0f} activities/s);"
        f" the last {report.requests} start on or after {report.split_date}: evaluate with"
        f" `gcm-hub evaluate {report.file} --split-date {report.split_date}`"
    )


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


@keys_app.command("create")
def keys_create(
    role: Annotated[Role, typer.Option(help="What the key may do.")],
    stakeholder: Annotated[
        str | None, typer.Option(help="The Member State or partner the key acts for.")
    ] = None,
    note: Annotated[str, typer.Option(help="Who holds it, for the record.")] = "",
    as_json: JsonFlag = False,
) -> None:
    """Create a key; its token is printed once and stored only as a hash."""
    with _store() as store:
        key, token = create_key(store, role, stakeholder, note)
    if as_json:
        _print_json(
            {"id": key.id, "role": key.role, "stakeholder": key.stakeholder, "token": token}
        )
        return
    console.print(f"key {key.id} ({key.role.value}); give this token to its holder, once:")
    typer.echo(token)


@keys_app.command("list")
def keys_list(as_json: JsonFlag = False) -> None:
    """Keys with their role and holder; tokens cannot be shown again."""
    with _store() as store:
        found = list(records.list_records(store, ApiKey))
    if as_json:
        _print_json([k.model_dump(mode="json") for k in found])
        return
    table = Table("id", "role", "stakeholder", "note", "created", "revoked")
    for k in found:
        table.add_row(
            k.id,
            k.role.value,
            k.stakeholder or "",
            k.note,
            f"{k.created:%Y-%m-%d}",
            f"{k.revoked:%Y-%m-%d}" if k.revoked else "",
        )
    Console().print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: str) -> None:
    """Revoke a key at once; requests with it are refused from now on."""
    with _store() as store:
        key = revoke_key(store, key_id)
    console.print(f"key {key.id} revoked")


def _objectives(numbers: Iterable[int]) -> str:
    return ", ".join(f"{n} {objective(n).label}" for n in numbers)


@app.command()
def similar(
    request: Annotated[str, typer.Option("--request", help="Id of a support request.")],
    n: Annotated[int, typer.Option(min=1, max=100, help="How many initiatives.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Past activities, requests and partnerships like a request, and who carried them out."""
    with _store() as store:
        report = reports.similar_report(store, OPERATOR, request, n)
    if as_json:
        _print_json(report)
        return
    table = Table("#", "initiative", "kind", "score", "carried out by", "why")
    for rank, i in enumerate(report["initiatives"], start=1):
        actors = ", ".join(a["name"] for a in i["actors"])
        table.add_row(str(rank), i["id"], i["kind"], f"{i['score']:.2f}", actors, i["why"])
    Console().print(table)
    console.print("peers: " + ", ".join(f"{p['name']} ({p['kind']})" for p in report["peers"]))


@app.command()
def funders(
    request: Annotated[str, typer.Option("--request", help="Id of a support request.")],
    n: Annotated[int, typer.Option(min=1, max=100, help="How many funders.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Donors and funds for a request, ranked by where and on what they funded before."""
    with _store() as store:
        report = reports.funders_report(store, OPERATOR, request, n)
    if as_json:
        _print_json(report["funders"])
        return
    table = Table("#", "funder", "score", "why")
    for rank, lead in enumerate(report["funders"], start=1):
        table.add_row(str(rank), lead["name"], f"{lead['score']:.2f}", "; ".join(lead["reasons"]))
    Console().print(table)


@app.command()
def consortium(
    request: Annotated[str, typer.Option("--request", help="Id of a support request.")],
    max_size: Annotated[int, typer.Option("--max-size", min=2, max=5, help="Largest team.")] = 5,
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", help="whole-of-society, in-region or one-per-kind; repeatable."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Propose a small team that together covers a request's objectives and countries."""
    with _store() as store:
        team = reports.consortium_report(store, OPERATOR, request, max_size, rule or ())
    if as_json:
        _print_json(team)
        return
    table = Table("member", "kind", "covers", "meets", "capacity left")
    for m in team["members"]:
        left = m["capacity_left"]
        table.add_row(
            m["name"],
            m["kind"],
            ", ".join(m["covers"]),
            ", ".join(m["meets"]),
            "unknown" if left is None else f"{left:g}",
        )
    Console().print(table)
    console.print(f"uncovered: {', '.join(team['uncovered']) or 'nothing'}")
    for name, held in team["rules"].items():
        console.print(f"rule {name}: {'met' if held else 'NOT met'}")
    if not team["satisfiable"]:
        console.print("no team of this size can meet every rule")


@app.command()
def synergies(
    region: Annotated[str, typer.Option("--region", help="M49 region or subregion.")],
    objective_number: Annotated[
        int | None, typer.Option("--objective", min=1, max=23, help="Only this objective.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Member States of a region with alike open requests, each group a joint programme."""
    with _store() as store:
        report = reports.synergies_report(store, OPERATOR, region, objective_number)
    if as_json:
        _print_json(report["programmes"])
        return
    table = Table("states", "shared objectives", "lead partners", "funders", "why")
    for p in report["programmes"]:
        table.add_row(
            ", ".join(s["name"] for s in p["states"]),
            _objectives(p["shared_objectives"]),
            ", ".join(r["name"] for r in p["lead_partners"]),
            ", ".join(f["name"] for f in p["funders"]),
            p["why"],
        )
    Console().print(table if report["programmes"] else "no group of states shares an objective")


@app.command()
def gaps(
    subregions: Annotated[
        bool, typer.Option("--subregions", help="Columns are M49 subregions, not regions.")
    ] = False,
    picture: Annotated[
        Path | None, typer.Option("--picture", help="Also draw a heatmap (.png or .svg).")
    ] = None,
    top: Annotated[int, typer.Option(min=1, help="How many of the emptiest cells.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Open requests against providers with capacity, per objective and region."""
    with _store() as store:
        matrix = reports.gaps_matrix(store, OPERATOR, subregions=subregions)
    if picture is not None:
        from hub.heatmap import draw_gaps  # matplotlib is slow to import; only when drawing

        draw_gaps(matrix, picture)
        console.print(f"heatmap written to {picture}")
    report = reports.gaps_report(matrix, top)
    if as_json:
        _print_json(report)
        return
    table = Table("objective", "area", "open requests", "providers", "engagements")
    for g in report["emptiest"]:
        table.add_row(
            f"{g['objective']} {g['label']}",
            g["area"],
            str(g["requests"]),
            str(g["providers"]),
            f"{g['capacity']:g}",
        )
    Console().print(table)


@app.command()
def allocate(as_json: JsonFlag = False) -> None:
    """Assign providers to all open requests at once, best total fit within capacity."""
    with _store() as store:
        report = reports.allocation_report(store, OPERATOR)
    if as_json:
        _print_json(report)
        return
    table = Table("request", "provider", "quality", "why")
    for a in report["assignments"]:
        table.add_row(a["request"], a["provider_name"], f"{a['quality']:.2f}", "; ".join(a["why"]))
    Console().print(table)
    console.print(
        f"total quality {report['total_quality']:.2f} (greedy: {report['greedy_quality']:.2f});"
        f" unserved: {', '.join(report['unserved']) or 'none'}"
    )


def main() -> None:
    """Entry point: run the CLI and turn hub errors into one readable message."""
    try:
        app()
    except HubError as error:
        console.print(Text.assemble(("error: ", "bold red"), str(error)))
        sys.exit(1)
