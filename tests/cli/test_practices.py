"""`gcm-hub practices`, run as an operator would on the demo hub."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cli import app
from hub.domain.errors import InvalidInput

runner = CliRunner()


def run_json(*args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_list_show_add_and_due_on_the_demo_library() -> None:
    assert run_json("demo")["practices"] >= 12  # type: ignore[index]
    spanish = run_json("practices", "list", "--language", "es", "--region", "Americas")
    assert spanish and {p["language"] for p in spanish} == {"es"}  # type: ignore[attr-defined]
    shown = run_json("practices", "show", "practice-demo-igad-one-stop-border")
    assert shown["partnerships"] == ["pship-igad-free-movement"]  # type: ignore[index]
    due = run_json("practices", "due", "--stakeholder", "ifad")
    assert [d["partnership"] for d in due] == ["pship-senegal-diaspora-mapping"]  # type: ignore[attr-defined]
    added = run_json(
        "practices",
        "add",
        "--title",
        "Mapping diaspora associations through consulates",
        "--language",
        "en",
        "--author",
        "senegal",
        "--partnership",
        "pship-senegal-diaspora-mapping",
        "--objective",
        "19",
        "--country",
        "SEN",
        "--lessons",
        "Consulates know the associations better than any register.",
    )
    assert added["countries"] == ["SN"] and added["visibility"] == "open_to_partners"  # type: ignore[index]
    assert run_json("practices", "due") == []
    table = runner.invoke(app, ["practices", "list", "--objective", "19"])
    assert "Mapping" in table.stdout  # the table wraps titles to the terminal


def test_an_unknown_region_is_refused_by_name() -> None:
    run_json("demo")
    result = runner.invoke(app, ["practices", "list", "--region", "Atlantis"])
    assert isinstance(result.exception, InvalidInput)  # `main` prints it as one line
    assert "'Atlantis'" in str(result.exception)
