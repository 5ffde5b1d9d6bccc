"""`gcm-hub merges`: the coordinators' list of organisations that may be one."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from cli.common import JsonFlag, app, print_json, store_session
from hub import merges
from hub.access import OPERATOR
from hub.merges import MergeProposal, MergeStatus

merges_app = typer.Typer(help="Organisations that may be one: review, accept, reject, revert.")
app.add_typer(merges_app, name="merges", rich_help_panel="Fill and inspect the hub")

ProposalId = Annotated[str, typer.Argument(help="Id of a merge proposal.")]
Note = Annotated[str, typer.Option(help="Why, for the audit log.")]


def _show(found: list[MergeProposal], as_json: bool) -> None:
    if as_json:
        print_json([p.model_dump(mode="json", exclude={"undo"}) for p in found])
        return
    table = Table("id", "keep", "merge", "confidence", "status", "evidence")
    for p in found:
        table.add_row(p.id, p.keep, p.merge, f"{p.confidence:.2f}", p.status.value, p.evidence)
    Console().print(table)


@merges_app.command("scan")
def scan(as_json: JsonFlag = False) -> None:
    """Propose the pairs of stakeholders whose names are alike (decided pairs stay decided)."""
    with store_session() as store:
        _show(merges.propose(store, OPERATOR.name), as_json)


@merges_app.command("list")
def list_proposals(
    status: Annotated[MergeStatus | None, typer.Option(help="Only these.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """The merge-review list, most likely merges first."""
    with store_session() as store:
        _show(merges.proposals(store, status), as_json)


@merges_app.command("accept")
def accept(proposal: ProposalId, note: Note = "", as_json: JsonFlag = False) -> None:
    """Fold the second stakeholder into the first."""
    with store_session() as store:
        _show([merges.accept(store, OPERATOR, proposal, note)], as_json)


@merges_app.command("reject")
def reject(proposal: ProposalId, note: Note = "", as_json: JsonFlag = False) -> None:
    """Keep the two apart for good."""
    with store_session() as store:
        _show([merges.reject(store, OPERATOR, proposal, note)], as_json)


@merges_app.command("revert")
def revert(proposal: ProposalId, note: Note = "", as_json: JsonFlag = False) -> None:
    """Undo an accepted merge."""
    with store_session() as store:
        _show([merges.revert(store, OPERATOR, proposal, note)], as_json)
