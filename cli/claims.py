"""Claims from the hub's own machine: file one for a stakeholder, list and review them."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from cli.common import JsonFlag, claims_app, console, print_json, store_session
from hub import claims, records
from hub.access import OPERATOR
from hub.domain.errors import InvalidInput
from hub.domain.records import Claim, ClaimStatus, StakeholderKind


def _external_id(text: str) -> dict[str, str]:
    scheme, sep, value = text.partition("=")
    if not sep:
        raise InvalidInput(f"--external-id {text!r}: write it SCHEME=VALUE, e.g. iati-org=XM-DAC-1")
    return {"scheme": scheme, "value": value}


def _show(claim: Claim, as_json: bool, verb: str) -> None:
    if as_json:
        print_json(claim.model_dump(mode="json"))
    else:
        console.print(f"claim [bold]{claim.id}[/bold] {verb} ({claim.stakeholder})")


@claims_app.command("file")
def claims_file(
    stakeholder: Annotated[str, typer.Argument(help="Id of the stakeholder the claim is for.")],
    name: Annotated[str | None, typer.Option(help="New name.")] = None,
    alias: Annotated[
        list[str] | None, typer.Option(help="Every alias it should have (repeat).")
    ] = None,
    kind: Annotated[StakeholderKind | None, typer.Option(help="New kind.")] = None,
    home_country: Annotated[str | None, typer.Option(help="New home country.")] = None,
    external_id: Annotated[
        list[str] | None, typer.Option(help="Every ref it should have, SCHEME=VALUE (repeat).")
    ] = None,
    reason: Annotated[str, typer.Option(help="Why, for the reviewer.")] = "",
    as_json: JsonFlag = False,
) -> None:
    """File a claim for a stakeholder; it changes nothing until a coordinator accepts it."""
    changes: dict[str, Any] = {
        "name": name,
        "aliases": alias,
        "kind": kind,
        "home_country": home_country,
        "external_ids": None if external_id is None else [_external_id(e) for e in external_id],
    }
    given = {field: value for field, value in changes.items() if value is not None}
    with store_session() as store:
        claim = claims.file_claim(store, OPERATOR, stakeholder, given, reason)
    _show(claim, as_json, "filed")


@claims_app.command("list")
def claims_list(
    status: Annotated[
        ClaimStatus | None, typer.Option(help="Only this status; all when left out.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Claims with what each would change."""
    with store_session() as store:
        match = {"status": status} if status else None
        found = list(records.visible(store, OPERATOR, Claim, match=match))
    if as_json:
        print_json([c.model_dump(mode="json") for c in found])
        return
    table = Table("id", "stakeholder", "status", "before", "claimed", "filed by")
    for c in found:
        table.add_row(
            c.id,
            c.stakeholder,
            c.status.value,
            c.before.model_dump_json(exclude_none=True),
            c.changes.model_dump_json(exclude_none=True),
            c.filed_by,
        )
    Console().print(table)


@claims_app.command("accept")
def claims_accept(
    claim_id: str,
    note: Annotated[str, typer.Option(help="For the record.")] = "",
    as_json: JsonFlag = False,
) -> None:
    """Accept a claim: its stakeholder changes, with an audit entry."""
    with store_session() as store:
        claim = claims.accept(store, OPERATOR, claim_id, note)
    _show(claim, as_json, "accepted")


@claims_app.command("reject")
def claims_reject(
    claim_id: str,
    note: Annotated[str, typer.Option(help="Why, for the claimant.")],
    as_json: JsonFlag = False,
) -> None:
    """Reject a claim; its stakeholder stays as it is."""
    with store_session() as store:
        claim = claims.reject(store, OPERATOR, claim_id, note)
    _show(claim, as_json, "rejected")
