"""The lists a coordinator works from, as CSV or Excel files for whoever asks.

Each list is the rows its JSON answer holds for that caller, every page of it, read
through the same hub service the API lists call: a file never shows more than the
list does. One helper turns rows into either format: strings as they are, nothing as
an empty cell, and lists, objects and (in CSV) numbers as their JSON text.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.writer.excel import ExcelWriter
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from hub import claims, merges, review
from hub.access import Principal, require
from hub.domain.activities import Activity, Partnership
from hub.domain.errors import InvalidInput, NotFound
from hub.domain.keys import Role
from hub.domain.records import Offer, Record, Stakeholder, SupportRequest
from hub.fund import notes
from hub.fund.records import ConceptNote, FundCall
from hub.fund.views import view
from hub.groups import reports as group_reports
from hub.groups.working_groups import list_groups
from hub.knowledge.practices import list_practices
from hub.matchmaking.allocation import allocate_open_requests
from hub.matchmaking.synergies import gap_report, supply_demand_gaps
from hub.records import reading
from hub.store import Store

__all__ = ["LISTS", "MEDIA_TYPES", "Format", "Table", "list_table", "render", "table"]

Row = Mapping[str, Any]
R = TypeVar("R", bound=Record)


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


MEDIA_TYPES = {
    Format.CSV: "text/csv; charset=utf-8",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

_FIXED_TIME = datetime(2000, 1, 1)
"""Stamped in every workbook and its zip entries (openpyxl's `save` would stamp now):
the same list gives the same bytes, as the same JSON list does."""


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: list[str]
    rows: list[list[Any]]


def table(name: str, items: Iterable[Row]) -> Table:
    """Rows of JSON values under the union of their keys, in the order first seen."""
    found: list[Row] = [to_jsonable_python(item) for item in items]  # as the API sends them
    columns = list(dict.fromkeys(key for item in found for key in item))
    return Table(name, columns, [[item.get(c) for c in columns] for item in found])


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: Any) -> str:
    """A CSV cell; a text a spreadsheet would run as a formula is quoted with `'`."""
    if value is None:
        return ""
    if isinstance(value, str):
        return f"'{value}" if value.startswith(_FORMULA_STARTS) else value
    return json.dumps(value, ensure_ascii=False)


def _to_csv(found: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(found.columns)
    writer.writerows([_text(v) for v in row] for row in found.rows)
    return out.getvalue().encode()


def _cell(value: Any) -> Any:
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False)
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def _to_xlsx(found: Table) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = found.name[:31]  # Excel's limit on a sheet name
    sheet.append(found.columns)
    for row in found.rows:
        sheet.append([_cell(v) for v in row])
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, even "=...": a name is never a formula
    book.properties.created = book.properties.modified = _FIXED_TIME
    out = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED)).save()
    return _stamped(out.getvalue())


def _stamped(archive: bytes) -> bytes:
    """The same zip with every entry dated `_FIXED_TIME` rather than when it was written."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(archive)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            stamped = zipfile.ZipInfo(entry.filename, _FIXED_TIME.timetuple()[:6])
            stamped.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(stamped, source.read(entry))
    return out.getvalue()


def render(found: Table, fmt: Format) -> bytes:
    return _to_csv(found) if fmt is Format.CSV else _to_xlsx(found)


Source = Callable[[Store, Principal, Mapping[str, str]], Iterable[Row]]


def _dumped(records: Iterable[BaseModel]) -> Iterator[Row]:
    return (r.model_dump(mode="json") for r in records)


def _visible(cls: type[R]) -> Source:
    return lambda store, principal, _: _dumped(reading.visible(store, principal, cls))


def _pages(fetch: Callable[[str | None], reading.Page[R]]) -> Iterator[R]:
    """Every item of a paged list, page after page."""
    cursor: str | None = None
    while True:
        page = fetch(cursor)
        yield from page.items
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def _queue(store: Store, principal: Principal, _: Mapping[str, str]) -> Iterator[Row]:
    return _dumped(
        _pages(
            lambda c: review.queue(store, principal, status=None, cursor=c, limit=reading.MAX_PAGE)
        )
    )


def _claims(store: Store, principal: Principal, _: Mapping[str, str]) -> Iterator[Row]:
    return _dumped(
        _pages(lambda c: claims.claims(store, principal, cursor=c, limit=reading.MAX_PAGE))
    )


def _notes(store: Store, principal: Principal, _: Mapping[str, str]) -> Iterator[Row]:
    found: Iterator[ConceptNote] = _pages(
        lambda c: notes.notes(store, principal, cursor=c, limit=reading.MAX_PAGE)
    )
    return _dumped(view(principal, note) for note in found)


def _practices(store: Store, principal: Principal, _: Mapping[str, str]) -> Iterator[Row]:
    return _dumped(
        _pages(lambda c: list_practices(store, principal, cursor=c, limit=reading.MAX_PAGE))
    )


def _merges(store: Store, principal: Principal, _: Mapping[str, str]) -> Iterator[Row]:
    require(principal, Role.COORDINATOR)
    return _dumped(merges.proposals(store))


def _gaps(store: Store, principal: Principal, _: Mapping[str, str]) -> list[Row]:
    report = gap_report(supply_demand_gaps(store, principal))
    return [cell.model_dump(mode="json") for cell in report.cells]


def _allocation(store: Store, principal: Principal, _: Mapping[str, str]) -> list[Row]:
    plan = allocate_open_requests(store, principal)
    return [assignment.model_dump(mode="json") for assignment in plan.assignments]


def _group_requests(store: Store, principal: Principal, params: Mapping[str, str]) -> Iterator[Row]:
    if not params.get("group"):
        raise InvalidInput("group-requests needs a group: its slug, e.g. arab-region")
    return _dumped(group_reports.view_report(store, principal, params["group"]).requests)


LISTS: dict[str, Source] = {
    "review-queue": _queue,
    "requests": _visible(SupportRequest),
    "offers": _visible(Offer),
    "stakeholders": _visible(Stakeholder),
    "partnerships": _visible(Partnership),
    "activities": _visible(Activity),
    "practices": _practices,
    "claims": _claims,
    "merges": _merges,
    "gaps": _gaps,
    "allocation": _allocation,
    "fund-calls": _visible(FundCall),
    "fund-notes": _notes,
    "groups": lambda store, _, __: _dumped(list_groups(store)),
    "group-requests": _group_requests,
}
"""Every list by its name in URLs and on the command line; the JSON list each mirrors
is the API's list of the same name (`group-requests`: a group view's `requests`)."""


def list_table(
    store: Store, principal: Principal, name: str, params: Mapping[str, str] | None = None
) -> Table:
    """One list as the caller may see it, whole."""
    if name not in LISTS:
        raise NotFound(f"no list {name!r} to export; there are {', '.join(LISTS)}")
    return table(name, LISTS[name](store, principal, params or {}))
