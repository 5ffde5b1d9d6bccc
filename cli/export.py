"""Exports from the hub's own machine: IATI XML to publish, CSV and Excel lists to work from."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Literal

import typer

from cli.common import JsonFlag, app, console, print_json, store_session
from hub.access import OPERATOR, PUBLIC
from hub.domain.settings import Settings
from hub.knowledge import exports
from hub.knowledge.iati_export import (
    Reporter,
    organisations_xml,
    partnerships_xml,
    unpublished_partnerships,
    validate,
)

export_app = typer.Typer(
    help="Export partnerships and organisations as IATI XML, and any list as CSV or Excel.",
    no_args_is_help=True,
)
app.add_typer(export_app, name="export", rich_help_panel="Fill and inspect the hub")

Out = Annotated[Path, typer.Argument(help="File to write.")]
Public = Annotated[
    bool, typer.Option("--public", help="Only what the public may see: the file to publish.")
]
Validate = Annotated[
    bool, typer.Option("--validate", help="Check the file against the IATI 2.03 schema first.")
]
ListName = Annotated[str, typer.Argument(help=f"One of: {', '.join(exports.LISTS)}.")]
Group = Annotated[str | None, typer.Option(help="The working group of group-requests.")]

XmlExport = Callable[..., bytes]


def _write_iati(
    out: Path,
    export: XmlExport,
    kind: Literal["activities", "organisations"],
    public: bool,
    check: bool,
) -> None:
    principal = PUBLIC if public else OPERATOR
    with store_session() as store:
        document = export(store, principal, Reporter.from_settings(Settings()), datetime.now(UTC))
        secret = 0 if public else unpublished_partnerships(store)
    if check:
        validate(document, kind)
    out.write_bytes(document)
    console.print(
        f"wrote IATI {kind} to {out}{' (valid IATI 2.03)' if check else ''}", soft_wrap=True
    )
    if kind == "activities" and secret:
        console.print(
            f"it holds {secret} confidential partnerships: --public leaves them out for publishing",
            soft_wrap=True,
        )


@export_app.command("iati")
def export_iati(out: Out, public: Public = False, check: Validate = False) -> None:
    """Partnerships as IATI 2.03 activities: members, countries, GCM objectives as tags."""
    _write_iati(out, partnerships_xml, "activities", public, check)


@export_app.command("iati-org")
def export_iati_org(out: Out, public: Public = False, check: Validate = False) -> None:
    """The hub's stakeholders as an IATI 2.03 organisation file."""
    _write_iati(out, organisations_xml, "organisations", public, check)


def _write_list(
    name: str, out: Path, fmt: exports.Format, group: str | None, as_json: bool
) -> None:
    with store_session() as store:
        found = exports.list_table(store, OPERATOR, name, {"group": group} if group else {})
    out.write_bytes(exports.render(found, fmt))
    if as_json:
        print_json({"list": name, "rows": len(found.rows), "file": str(out)})
    else:
        console.print(f"wrote {len(found.rows)} rows of {name} to {out}", soft_wrap=True)


@export_app.command("csv")
def export_csv(name: ListName, out: Out, group: Group = None, as_json: JsonFlag = False) -> None:
    """One list, every row of it, as CSV (UTF-8)."""
    _write_list(name, out, exports.Format.CSV, group, as_json)


@export_app.command("xlsx")
def export_xlsx(name: ListName, out: Out, group: Group = None, as_json: JsonFlag = False) -> None:
    """One list, every row of it, as an Excel workbook."""
    _write_list(name, out, exports.Format.XLSX, group, as_json)
