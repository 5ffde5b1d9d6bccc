"""`gcm-hub groups` and `gcm-hub synergies --group`, run as an operator would."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli import app
from tests.cli.test_app import gcm_hub

runner = CliRunner()


def run_json(*args: str) -> object:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_synergies_by_group_put_morocco_with_oman_and_palestine() -> None:
    assert run_json("demo")["groups"] == 3  # type: ignore[index]
    programmes = run_json("synergies", "--group", "arab-region")
    states = [{s["id"] for s in p["states"]} for p in programmes]  # type: ignore[attr-defined]
    assert any({"morocco", "oman", "palestine"} <= s for s in states)
    only_data = run_json("synergies", "--group", "arab-region", "--objective", "1")
    assert only_data and all(1 in p["shared_objectives"] for p in only_data)  # type: ignore[attr-defined]


def test_operators_create_edit_and_log_a_group() -> None:
    run_json("demo")
    created = run_json(
        "groups",
        "create",
        "--slug",
        "south-asia",
        "--name",
        "South Asia origin",
        "--member",
        "BGD",
        "--member",
        "Nepal",
        "--objective",
        "6",
    )
    assert created["countries"] == ["BD", "NP"]  # type: ignore[index]
    edited = run_json("groups", "edit", "south-asia", "--partner", "iom")
    assert edited["partners"] == ["iom"] and edited["countries"] == ["BD", "NP"]  # type: ignore[index]
    pairs = run_json("synergies", "--group", "arab-region", "--with-group", "south-asia")
    assert {(p["first"]["id"], p["second"]["id"]) for p in pairs} >= {  # type: ignore[attr-defined]
        ("req-saudi-arabia-wage-protection", "req-bangladesh-social-security")
    }
    run_json(
        "groups",
        "initiative",
        "south-asia",
        "--title",
        "Pre-departure orientation",
        "--agreed-on",
        "2026-10-01",
        "--member",
        "NP",
    )
    view = run_json("groups", "show", "south-asia")
    assert [i["title"] for i in view["initiatives"]] == ["Pre-departure orientation"]  # type: ignore[index]
    assert [g["slug"] for g in run_json("groups", "list")] == [  # type: ignore[attr-defined]
        "arab-region",
        "ecowas",
        "igad",
        "south-asia",
    ]


def test_a_region_that_is_no_m49_area_is_refused_in_one_line(data_dir: Path) -> None:
    assert gcm_hub(data_dir, "demo").returncode == 0
    refused = gcm_hub(data_dir, "synergies", "--region", "Arab States")
    assert refused.returncode == 1 and "unknown region 'Arab States'" in refused.stderr
    neither = gcm_hub(data_dir, "synergies")
    assert neither.returncode == 1
    assert neither.stderr.strip() == (
        "error: name either --region or --group (--with-group goes with --group)"
    )
    unknown = gcm_hub(data_dir, "synergies", "--group", "atlantis", "--json")
    assert unknown.stderr.strip() == "error: no working group 'atlantis'"
