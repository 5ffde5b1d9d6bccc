"""`gcm-hub export`, run as an operator would: IATI files to publish, lists to work from."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from lxml import etree
from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from hub.domain.activities import Partnership
from hub.domain.settings import Settings
from hub.knowledge.iati_export import validate
from hub.store import codec
from hub.store.backend import open_store

runner = CliRunner()


@pytest.fixture(autouse=True)
def operator_ref(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUB_OPERATOR_REF", "XM-OPERATOR")


def run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def activities(path: Path) -> list[etree._Element]:
    return list(etree.parse(str(path)).getroot().iter("iati-activity"))


def test_iati_files_are_valid_and_public_ones_leave_confidential_work_out(tmp_path: Path) -> None:
    run("demo")
    store = open_store(Settings())
    with store.batch() as writer:
        writer.upsert_node(
            codec.to_node(
                Partnership(
                    id="pship-quiet",
                    title="Quiet work",
                    members=["somalia", "iom"],
                    confidential=True,
                )
            )
        )
    store.close()
    everything, published = tmp_path / "all.xml", tmp_path / "public.xml"
    said = run("export", "iati", str(everything), "--validate")
    assert "valid IATI 2.03" in said and "holds 1 confidential partnerships" in said
    run("export", "iati", str(published), "--public", "--validate")
    titles = [a.findtext("title/narrative") for a in activities(everything)]
    assert "Quiet work" in titles
    assert [a.findtext("title/narrative") for a in activities(published)] == [
        t for t in titles if t != "Quiet work"
    ]
    root = etree.parse(str(everything)).getroot()
    assert root.get("version") == "2.03" and root.get("generated-datetime")
    reporting = root.find("iati-activity/reporting-org")
    assert reporting is not None and reporting.get("ref") == "XM-OPERATOR"
    organisations = tmp_path / "orgs.xml"
    run("export", "iati-org", str(organisations), "--validate")
    validate(organisations.read_bytes(), "organisations")


def test_any_list_writes_as_csv_and_as_a_workbook(tmp_path: Path) -> None:
    run("demo")
    listed = json.loads(run("requests", "list", "--json"))
    run("export", "csv", "requests", "requests.csv")
    with (tmp_path / "requests.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == sorted(r["id"] for r in listed)
    assert "wrote 20 rows" in run(
        "export", "xlsx", "group-requests", "arab.xlsx", "--group", "arab-region"
    )
    sheet = load_workbook(tmp_path / "arab.xlsx").active
    assert sheet is not None and sheet.max_row == 21  # a header and 20 requests


def test_an_unknown_list_is_one_line_naming_the_lists() -> None:
    result = runner.invoke(app, ["export", "csv", "budgets", "out.csv"])
    assert result.exit_code != 0
    assert "review-queue" in str(result.exception) or "review-queue" in result.output
