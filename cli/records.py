"""Commands on the hub's records: stakeholders and support requests, through the
records service as the local operator."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.common import (
    JsonFlag,
    console,
    print_json,
    requests_app,
    stakeholders_app,
    store_session,
)
from hub import records
from hub.access import OPERATOR
from hub.domain.records import (
    Confidentiality,
    Modality,
    Stakeholder,
    StakeholderKind,
    SupportRequest,
)
from hub.imports.derived import derive


@stakeholders_app.command("list")
def stakeholders_list(
    kind: Annotated[StakeholderKind | None, typer.Option(help="Only this kind.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """List stakeholders, optionally of one kind."""
    with store_session() as store:
        match = {"kind": kind} if kind else None
        found = list(records.visible(store, OPERATOR, Stakeholder, match=match))
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
        stakeholder = records.get(store, OPERATOR, Stakeholder, stakeholder_id)
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
    """Submit a support request on behalf of a Member State; audited as the local operator."""
    with store_session() as store:
        request = records.create_request(
            store,
            OPERATOR,
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
        request = records.confirm_objectives(
            store, OPERATOR, SupportRequest, request_id, objective or None
        )
    _print_request(request, as_json, "confirmed objectives of")


@requests_app.command("list")
def requests_list(as_json: JsonFlag = False) -> None:
    """List support requests."""
    with store_session() as store:
        found = list(records.visible(store, OPERATOR, SupportRequest))
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
