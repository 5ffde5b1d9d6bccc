"""The gcm-hub command line, run as a user would, on a store in a temporary folder."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from graph.sqlite import SqliteGraphStore
from hub import audit
from hub.domain.errors import InvalidInput

runner = CliRunner()


def run_json(*args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_import_prints_counts_and_a_second_import_changes_no_count(iati_dir: Path) -> None:
    path = str(iati_dir / "somalia-3w-2021.xml")
    [first] = run_json("import", "iati", path)  # type: ignore[misc]
    assert first["activities"] == 1709
    stats = run_json("stats")
    [second] = run_json("import", "iati", path)  # type: ignore[misc]
    assert second["nodes_added"] == second["edges_added"] == 0
    assert run_json("stats") == stats
    assert stats["nodes"]["Activity"] == 1709  # type: ignore[index]


def test_import_shows_a_table_without_json(iati_dir: Path) -> None:
    result = runner.invoke(
        app, ["import", "iati", str(iati_dir / "fixtures" / "wvuk-malawi-1.0x.xml")]
    )
    assert result.exit_code == 0
    assert "activities" in result.stdout and "2" in result.stdout


def test_demo_then_requests_add_and_list() -> None:
    demo = run_json("demo")
    assert demo["stakeholders"] > 50 and demo["requests"] > 20  # type: ignore[index]
    added = run_json(
        "requests",
        "add",
        "--requester",
        "morocco",
        "--title",
        "Remittance costs study",
        "--text",
        "Étude sur le coût des transferts de fonds",
        "--objective",
        "20",
        "--country",
        "MA",
        "--language",
        "fr",
    )
    assert added["id"].startswith("request-")  # type: ignore[index]
    listed = run_json("requests", "list")
    assert added in listed  # type: ignore[operator]
    stakeholders = run_json("stakeholders", "list", "--kind", "member_state")
    assert {s["id"] for s in stakeholders} >= {"morocco", "somalia"}  # type: ignore[union-attr]
    assert run_json("stakeholders", "show", "morocco")["kind"] == "member_state"  # type: ignore[index]


def test_a_request_added_without_objectives_is_tagged_then_confirmed() -> None:
    run_json("demo")
    text = "Réduire le coût des transferts de fonds des migrants vers leur famille"
    added = run_json(
        "requests", "add", "--requester", "morocco", "--title", "Envois", "--text", text
    )
    assert added["objective_origin"] == "suggested" and added["objectives"]  # type: ignore[index]
    confirmed = run_json("requests", "confirm", added["id"], "--objective", "20")  # type: ignore[index]
    assert confirmed["objectives"] == [20] and confirmed["objective_origin"] == "confirmed"  # type: ignore[index]


def test_requests_add_is_audited_as_the_local_operator(data_dir: Path) -> None:
    run_json("demo")
    added = run_json(
        "requests", "add", "--requester", "morocco", "--title", "Envois", "--objective", "20"
    )
    store = SqliteGraphStore(data_dir / "hub.db")
    logged = [(e.actor, e.action) for e in audit.entries(store, request=added["id"])]  # type: ignore[index]
    store.close()
    assert logged == [("admin:local-operator", "request.created")]


def gcm_hub(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m cli ARGS` as a user runs it, with only the hub's settings set.

    PYTHONPATH is passed on, so that a checkout tested with it runs its own code.
    """
    code = {"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        capture_output=True,
        check=False,
        text=True,
        env={"HUB_DATA_DIR": str(data_dir), "PATH": "", **code, **env},
    )


def test_errors_are_one_readable_line(data_dir: Path) -> None:
    result = gcm_hub(data_dir, "stakeholders", "show", "atlantis")
    assert result.returncode == 1
    assert result.stderr.strip() == "error: no Stakeholder with id 'atlantis'"


@pytest.mark.parametrize(
    "args", [("tag", "--file", "missing.txt"), ("gaps", "--picture", "no/such/dir/gaps.png")]
)
def test_a_file_that_cannot_be_read_or_written_is_one_line(
    data_dir: Path, args: tuple[str, ...]
) -> None:
    result = gcm_hub(data_dir, *args)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [f"error: {args[-1]}: No such file or directory"]


def test_bad_request_input_names_the_field(data_dir: Path) -> None:
    runner.invoke(app, ["demo"])
    result = gcm_hub(
        data_dir,
        *("requests", "add", "--requester", "morocco", "--title", "x"),
        *("--objective", "24", "--country", "Narnia"),
    )
    assert result.returncode == 1
    assert "objectives.0" in result.stderr and "countries.0" in result.stderr
    assert "Narnia" in result.stderr


def test_keys_are_created_listed_and_revoked() -> None:
    runner.invoke(app, ["demo"])
    created = run_json("keys", "create", "--role", "member_state", "--stakeholder", "morocco")
    assert created["token"].startswith("gcm_")  # type: ignore[index]
    listed = run_json("keys", "list")
    assert [k["id"] for k in listed] == [created["id"]]  # type: ignore[index,union-attr]
    assert "token" not in json.dumps(listed) and created["token"] not in json.dumps(listed)  # type: ignore[index]
    result = runner.invoke(app, ["keys", "revoke", created["id"]])  # type: ignore[index]
    assert result.exit_code == 0
    assert run_json("keys", "list")[0]["revoked"] is not None  # type: ignore[index]
    wrong = runner.invoke(app, ["keys", "create", "--role", "partner", "--stakeholder", "morocco"])
    assert "morocco" in str(wrong.exception)


def test_claims_are_filed_listed_and_decided() -> None:
    runner.invoke(app, ["demo"])
    claim = run_json(
        "claims",
        "file",
        "tamkeen",
        "--alias",
        "Tamkeen",
        "--alias",
        "UNOPS",
        "--external-id",
        "iati-org=XM-DAC-41502",
        "--reason",
        "our IATI publisher ref",
    )
    assert claim["status"] == "pending"  # type: ignore[index]
    assert run_json("stakeholders", "show", "tamkeen")["aliases"] == ["Tamkeen", "تمكين"]  # type: ignore[index]
    assert [c["id"] for c in run_json("claims", "list", "--status", "pending")] == [claim["id"]]  # type: ignore[index,union-attr]
    run_json("claims", "accept", claim["id"], "--note", "registry checked")  # type: ignore[index]
    shown = run_json("stakeholders", "show", "tamkeen")
    assert shown["aliases"] == ["Tamkeen", "UNOPS"]  # type: ignore[index]
    assert shown["external_ids"] == [{"scheme": "iati-org", "value": "XM-DAC-41502"}]  # type: ignore[index]
    again = runner.invoke(app, ["claims", "reject", claim["id"], "--note", "late"])  # type: ignore[index]
    assert "already accepted" in str(again.exception)
    malformed = runner.invoke(app, ["claims", "file", "tamkeen", "--external-id", "XM-DAC-1"])
    assert "SCHEME=VALUE" in str(malformed.exception)


GOOD = (
    "<iati-activities><iati-activity><iati-identifier>OK-1</iati-identifier>"
    "<title><narrative>Kept</narrative></title></iati-activity></iati-activities>"
)


def test_each_refused_file_is_one_line_and_the_rest_are_imported(
    data_dir: Path, tmp_path: Path
) -> None:
    files = {
        "good.xml": GOOD.encode(),
        "utf32.xml": GOOD.encode("utf-32"),
        "long-id.xml": GOOD.replace("OK-1", "X" * 5000).encode(),
        "shift-jis.xml": b'<?xml version="1.0" encoding="Shift_JIS"?>' + GOOD.encode(),
        "truncated.xml": GOOD[:40].encode(),
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
    (tmp_path / "folder.xml").mkdir()
    refused = [*list(files)[1:], "folder.xml", "missing.xml"]
    result = gcm_hub(data_dir, "import", "iati", "--json", *files, "folder.xml", "missing.xml")
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert "Traceback" not in result.stderr and len(lines) == len(refused)
    for name, line in zip(refused, lines, strict=True):
        assert line.startswith(f"refused {name}: ") and len(line) > len(name) + 12
    assert [r["file"] for r in json.loads(result.stdout)] == ["good.xml"]


def test_an_import_while_another_process_writes_is_one_clear_line(
    data_dir: Path, tmp_path: Path
) -> None:
    """Found by review: two concurrent imports gave a sqlite3 traceback after 30 s."""
    (tmp_path / "good.xml").write_text(GOOD)
    SqliteGraphStore(data_dir / "hub.db").close()
    writer = sqlite3.connect(data_dir / "hub.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another process in the middle of its import
    try:
        result = runner.invoke(app, ["import", "iati", "good.xml"], env={"HUB_BUSY_TIMEOUT": "0.1"})
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # no traceback
    [line] = result.stderr.strip().splitlines()  # a blank line is the progress bar leaving
    assert line.startswith("refused good.xml: ") and "busy" in line


def test_search_prints_the_contract_best_first() -> None:
    assert runner.invoke(app, ["demo"]).exit_code == 0
    result = runner.invoke(
        app, ["search", "gestión de fronteras", "--top", "3", "--kind", "offer", "--json"]
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == 3
    assert all(set(hit) == {"kind", "id", "title", "score"} for hit in hits)
    assert hits[0] == {
        "kind": "offer",
        "id": "offer-iom-border-management",
        "title": "Integrated border management assessments",
        "score": hits[0]["score"],
    }
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    requests = runner.invoke(app, ["search", "migration", "--kind", "request", "--json"])
    assert {h["kind"] for h in json.loads(requests.stdout)} == {"request"}  # the operator's


def test_a_bad_filter_is_refused_by_name() -> None:
    result = runner.invoke(app, ["search", "borders", "--kind", "memo"])
    assert isinstance(result.exception, InvalidInput)  # `main` prints it as one line
    assert "kind 'memo': expected one of" in str(result.exception)


def test_import_then_retag_replaces_the_keyword_suggestions(iati_dir: Path) -> None:
    path = str(iati_dir / "fixtures" / "dfid-albania-2.01.xml")
    [imported] = run_json("import", "iati", path)  # type: ignore[misc]
    retagged = run_json("import", "retag")
    assert isinstance(retagged, dict) and retagged["retagged"] == imported["activities"]
    again = run_json("import", "retag")
    assert isinstance(again, dict) and again["retagged"] == 0
