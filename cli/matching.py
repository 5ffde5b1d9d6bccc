"""Commands that match: tagging, partners, peers, funders, teams, regions, gaps."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.table import Table

from cli import groups as group_cli
from cli.common import JsonFlag, RequestId, app, console, print_json, store_session
from hub.access import OPERATOR
from hub.domain.errors import InvalidInput
from hub.domain.settings import Settings
from hub.domain.taxonomy import objective
from hub.groups.view import group_synergies
from hub.imports.registry import load_registry
from hub.matchmaking.allocation import allocate_open_requests
from hub.matchmaking.consortium import propose_consortium
from hub.matchmaking.funding import find_funders
from hub.matchmaking.names import objectives_text
from hub.matchmaking.partners import partners_for
from hub.matchmaking.similar import find_similar
from hub.matchmaking.synergies import gap_report, supply_demand_gaps, synergies_in
from hub.objectives import tagger
from tools.evaluation import evaluate as evaluate_split


@app.command(rich_help_panel="Match requests")
def tag(
    text: Annotated[str | None, typer.Argument(help="Text to tag; else --file or stdin.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the text from a file.")] = None,
    top: Annotated[int, typer.Option(min=1, max=23, help="How many objectives at most.")] = 5,
    as_json: JsonFlag = False,
) -> None:
    """Suggest GCM objectives for a text, best first.

    First those a request or offer with this text would get, then, for a text about
    migration, the next best up to --top.
    """
    if text is None:
        text = file.read_text(encoding="utf-8") if file else sys.stdin.read()
    with store_session() as store:
        fitted = tagger(store)
    suggestions = [
        {
            "objective": s.objective,
            "label": objective(s.objective).label,
            "confidence": round(s.confidence, 3),
            "unsure": s.unsure,
            "stored": s.chosen,
        }
        for s in fitted.suggest(text, top=top, more=True)
    ]
    if as_json:
        print_json(suggestions)
        return
    table = Table("objective", "label", "confidence", "stored at intake")
    for row in suggestions:
        unsure = " (unsure)" if row["unsure"] else ""
        table.add_row(
            str(row["objective"]),
            str(row["label"]),
            f"{row['confidence']:.2f}{unsure}",
            "yes" if row["stored"] else "no",
        )
    Console().print(table if suggestions else "not about migration: no objective matches")


@app.command(rich_help_panel="Match requests")
def recommend(
    request: RequestId,
    n: Annotated[int, typer.Option(min=1, max=100, help="How many partners.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Propose implementing partners for a support request, with the reasons."""
    with store_session() as store:
        ranking = partners_for(store, OPERATOR, request, n)
    if as_json:
        print_json(_json(ranking.partners))
        return
    table = Table("#", "partner", "score", "strongest signals", "why")
    for rank, r in enumerate(ranking.partners, start=1):
        strongest = sorted(r.parts.items(), key=lambda item: -abs(item[1]))[:3]
        why = [*r.evidence[:2]]
        if r.shared_objectives:
            why.append(f"objectives {objectives_text(r.shared_objectives)}")
        if r.matched_terms:
            why.append(f"terms: {', '.join(r.matched_terms[:4])}")
        table.add_row(
            str(rank),
            r.name,
            f"{r.score:.2f}",
            ", ".join(f"{k} {v:+.2f}" for k, v in strongest),
            "; ".join(why),
        )
    Console().print(table)


@app.command(rich_help_panel="Match requests")
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
        registry = load_registry(Settings().organisation_files)
        report = evaluate_split(
            files, split_date.date(), k, on_step=status.update, registry=registry
        )
    if predictions is not None:
        with predictions.open("w", encoding="utf-8") as out:
            for p in report.predictions:
                out.write(
                    json.dumps({"activity": p.activity, "ranked": p.ranked}, ensure_ascii=False)
                    + "\n"
                )
    summary = {key: value for key, value in asdict(report).items() if key != "predictions"}
    if as_json:
        print_json(summary)
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
    if report.languages:
        by_language = Table("language", "requests", *metrics[:4])
        for language, scores in report.languages.items():
            by_language.add_row(
                language, f"{scores['requests']:.0f}", *(f"{scores[m]:.3f}" for m in metrics[:4])
            )
        Console().print(by_language)


def _json(answer: BaseModel | Sequence[BaseModel]) -> Any:
    """An answer as the API serves it."""
    if isinstance(answer, BaseModel):
        return answer.model_dump(mode="json", by_alias=True)
    return [a.model_dump(mode="json", by_alias=True) for a in answer]


@app.command(rich_help_panel="Match requests")
def similar(
    request: RequestId,
    n: Annotated[int, typer.Option(min=1, max=100, help="How many initiatives.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Past activities, requests and partnerships like a request, and who carried them out."""
    with store_session() as store:
        found = find_similar(store, OPERATOR, request, n)
    if as_json:
        print_json(_json(found))
        return
    table = Table("#", "initiative", "kind", "score", "carried out by", "why")
    for rank, i in enumerate(found.initiatives, start=1):
        actors = ", ".join(a.name for a in i.actors)
        table.add_row(str(rank), i.id, i.kind, f"{i.score:.2f}", actors, i.why)
    Console().print(table)
    console.print("peers: " + ", ".join(f"{p.name} ({p.kind})" for p in found.peers))


@app.command(rich_help_panel="Match requests")
def funders(
    request: RequestId,
    n: Annotated[int, typer.Option(min=1, max=100, help="How many funders.")] = 10,
    as_json: JsonFlag = False,
) -> None:
    """Donors and funds for a request, ranked by where and on what they funded before."""
    with store_session() as store:
        ranking = find_funders(store, OPERATOR, request, n)
    if as_json:
        print_json(_json(ranking.funders))
        return
    table = Table("#", "funder", "score", "why")
    for rank, lead in enumerate(ranking.funders, start=1):
        table.add_row(str(rank), lead.name, f"{lead.score:.2f}", "; ".join(lead.reasons))
    Console().print(table)


@app.command(rich_help_panel="Match requests")
def consortium(
    request: RequestId,
    max_size: Annotated[int, typer.Option("--max-size", min=2, max=5, help="Largest team.")] = 5,
    rule: Annotated[
        list[str] | None,
        typer.Option("--rule", help="whole-of-society, in-region or one-per-kind; repeatable."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Propose a small team that together covers a request's objectives and countries."""
    with store_session() as store:
        team = propose_consortium(store, OPERATOR, request, max_size, rule or ())
    if as_json:
        print_json(_json(team))
        return
    table = Table("member", "kind", "covers", "meets", "capacity left")
    for m in team.members:
        left = m.capacity_left
        table.add_row(
            m.name,
            m.kind,
            ", ".join(m.covers),
            ", ".join(m.meets),
            "unknown" if left is None else f"{left:g}",
        )
    Console().print(table)
    console.print(f"uncovered: {', '.join(team.uncovered) or 'nothing'}")
    for name, held in team.rules.items():
        console.print(f"rule {name}: {'met' if held else 'NOT met'}")
    if not team.satisfiable:
        console.print("no team of this size can meet every rule")


@app.command(rich_help_panel="Match requests")
def synergies(
    region: Annotated[str | None, typer.Option("--region", help="M49 region or subregion.")] = None,
    group: Annotated[
        str | None, typer.Option("--group", help="A working group's slug, e.g. arab-region.")
    ] = None,
    with_group: Annotated[
        str | None,
        typer.Option("--with-group", help="Pair --group's requests with this group's."),
    ] = None,
    objective_number: Annotated[
        int | None, typer.Option("--objective", min=1, max=23, help="Only this objective.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Member States of a region or working group with alike open requests, as programmes.

    With --with-group, requests of one group that complement requests of the other.
    """
    if (region is None) == (group is None) or (with_group and not group):
        raise InvalidInput("name either --region or --group (--with-group goes with --group)")
    if group is not None and with_group is not None:
        group_cli.print_complements(group, with_group, as_json)
        return
    with store_session() as store:
        if group is not None:
            programmes = group_synergies(store, OPERATOR, group, objective_number)
        else:
            programmes = synergies_in(store, OPERATOR, str(region), objective_number).programmes
    if as_json:
        print_json(_json(programmes))
        return
    table = Table("states", "shared objectives", "lead partners", "funders", "why")
    for p in programmes:
        table.add_row(
            ", ".join(s.name for s in p.states),
            objectives_text(p.shared_objectives),
            ", ".join(r.name for r in p.lead_partners),
            ", ".join(f.name for f in p.funders),
            p.why,
        )
    Console().print(table if programmes else "no group of states shares an objective")


@app.command(rich_help_panel="Match requests")
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
    with store_session() as store:
        matrix = supply_demand_gaps(store, OPERATOR, subregions=subregions)
    if picture is not None:
        # matplotlib is slow to import; only when drawing
        from hub.matchmaking.heatmap import draw_gaps

        draw_gaps(matrix, picture)
        console.print(f"heatmap written to {picture}")
    report = gap_report(matrix, top)
    if as_json:
        print_json(_json(report))
        return
    table = Table(
        "objective",
        "area",
        "open requests",
        "offering",
        "engagements offered",
        "with a track record",
        "engagements a year",
    )
    for g in report.emptiest:
        table.add_row(
            f"{g.objective} {g.label}",
            g.area,
            str(g.requests),
            str(g.providers),
            f"{g.capacity:g}",
            str(g.record_providers),
            f"{g.record_capacity:.1f}",
        )
    Console().print(table)


@app.command(rich_help_panel="Match requests")
def allocate(
    balance: Annotated[
        float, typer.Option(min=0, help="Quality a provider's each extra engagement costs.")
    ] = 0.0,
    as_json: JsonFlag = False,
) -> None:
    """Assign providers to all open requests at once, best total fit within capacity."""
    with store_session() as store:
        plan = allocate_open_requests(store, OPERATOR, balance=balance)
    if as_json:
        print_json(_json(plan))
        return
    table = Table("request", "provider", "quality", "why")
    for a in plan.assignments:
        table.add_row(a.request, a.provider_name, f"{a.quality:.2f}", "; ".join(a.why))
    Console().print(table)
    console.print(f"total quality {plan.total_quality:.2f} (greedy: {plan.greedy_quality:.2f})")
    for left in plan.unserved:
        console.print(f"unserved {left.request}: {left.why}")
