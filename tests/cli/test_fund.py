"""`gcm-hub fund`, run as the operator would, from a new call to a funded note."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from cli import app
from tests.cli.commands import fails, run

runner = CliRunner()
TODAY = date.today()


def test_a_call_from_creation_to_decision() -> None:
    run("demo")
    created = run(
        "fund", "calls", "create", "--title", "Information and labour mobility",
        "--opens", str(TODAY - timedelta(days=5)), "--closes", str(TODAY + timedelta(days=5)),
        "--budget", "1000000", "--ceiling", "700000", "--objective", "3", "--objective", "5",
        "--region", "Africa", "--criterion", "relevance=2", "--criterion", "feasibility=1",
        "--max-per-region", "1", "--group", "information=3",
    )  # fmt: skip
    assert created["objective_groups"] == {"information": [3]}
    assert created["id"] in {c["id"] for c in run("fund", "calls", "list")}
    note = run(
        "fund", "notes", "draft", "--request", "req-fund-egypt-information",
        "--call", created["id"], "--budget", "650000", "--endorsed",
        "--result", "information centres in 4 governorates",
    )  # fmt: skip
    assert note["partners"] == ["auc-cmrs", "iom", "unhcr"] and note["status"] == "draft"
    assert run("fund", "notes", "submit", note["id"])["failures"] == []
    run("fund", "calls", "close", created["id"])
    assert run("fund", "notes", "list", "--call", created["id"])[0]["status"] == "eligible"

    conflicted = fails(
        "fund", "review", "score", note["id"], "--reviewer", "amina", "--organisation", "iom",
        "--score", "relevance=5", "--score", "feasibility=5",
    )  # fmt: skip
    assert "conflict of interest" in conflicted
    for reviewer, relevance in (("amina", "5"), ("boris", "2")):
        run(
            "fund", "review", "score", note["id"], "--reviewer", reviewer,
            "--score", f"relevance={relevance}", "--score", "feasibility=2",
        )  # fmt: skip
    proposal = run("fund", "propose", created["id"])
    assert proposal["chosen"] == [note["id"]] and proposal["total"] == pytest.approx(3.0)
    assert "--reason" in fails("fund", "decide", note["id"], "--funded")
    decided = run("fund", "decide", note["id"], "--funded", "--reason", "closes an information gap")
    assert decided["status"] == "funded" and decided["reason"] == "closes an information gap"
    assert "funded" in runner.invoke(app, ["fund", "notes", "list"]).output
    moved = run("fund", "notes", "move", note["id"], "--status", "in_implementation")
    assert moved["status"] == "in_implementation"
    assert "cannot become" in fails("fund", "notes", "move", note["id"], "--status", "funded")


def test_fund_roles_get_keys() -> None:
    run("demo")
    assert run("keys", "create", "--role", "fund_manager")["role"] == "fund_manager"
    reviewer = run("keys", "create", "--role", "reviewer", "--stakeholder", "oxford-rsc")
    assert reviewer["stakeholder"] == "oxford-rsc"
    assert "takes no" in fails("keys", "create", "--role", "fund_manager", "--stakeholder", "iom")


def test_an_ineligible_note_says_why() -> None:
    run("demo")
    shown = runner.invoke(app, ["fund", "notes", "show", "note-demo-morocco-data"])
    assert json.loads(shown.stdout)["failures"] == [
        "composition: needs at least 1 national partners (has 0)"
    ]
