"""The one helper behind every CSV and Excel list: what a cell holds, and what it never runs."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from hub.knowledge.exports import Format, render, table

ROWS = [
    {"id": "a", "name": '=HYPERLINK("http://x")', "objectives": [1, 2], "score": 0.5},
    {"id": "b", "name": "Caritas\x07", "note": None, "open": True},
]


def test_a_list_keeps_its_columns_in_order_and_its_values_as_text_or_json() -> None:
    found = table("requests", ROWS)
    assert found.columns == ["id", "name", "objectives", "score", "note", "open"]
    read = list(csv.reader(io.StringIO(render(found, Format.CSV).decode())))
    assert read == [
        found.columns,
        ["a", '\'=HYPERLINK("http://x")', "[1, 2]", "0.5", "", ""],  # quoted: never run
        ["b", "Caritas\x07", "", "", "", "true"],
    ]


def test_a_workbook_holds_names_as_text_never_as_formulas() -> None:
    book = load_workbook(io.BytesIO(render(table("requests", ROWS), Format.XLSX)))
    sheet = book.active
    assert sheet is not None and sheet.title == "requests"
    formula = sheet["B2"]
    assert formula.data_type == "s" and formula.value == '=HYPERLINK("http://x")'
    assert sheet["B3"].value == "Caritas\ufffd"  # a control character Excel refuses
    assert [c.value for c in sheet[3]] == ["b", "Caritas\ufffd", None, None, None, True]


@given(st.text(max_size=8))
def test_no_csv_cell_starts_like_a_formula(name: str) -> None:
    written = render(table("x", [{"n": name}]), Format.CSV).decode()
    (cell,) = list(csv.reader(io.StringIO(written)))[1]
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell.removeprefix("'") == name or cell == name


@settings(deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from("abc"), st.text(max_size=5)), max_size=4))
def test_the_same_list_gives_the_same_workbook(rows: list[dict[str, str]]) -> None:
    assert render(table("x", rows), Format.XLSX) == render(table("x", rows), Format.XLSX)
