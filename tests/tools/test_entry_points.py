"""Each tool runs as `python -m tools.<name>` on tiny inputs, as a developer would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hub.imports.parse import read_activities

ROOT = Path(__file__).resolve().parents[2]
MULTILINGUAL = ROOT / "tests" / "data" / "multilingual-requests.json"


def tool(name: str, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", f"tools.{name}", *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    folder = tmp_path_factory.mktemp("synth")
    done = tool(
        "synth", "--stakeholders", 12, "--activities", 60, "--requests", 12, "--out", "s.xml",
        cwd=folder,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return folder / "s.xml", json.loads(done.stdout)


def test_synth_writes_the_file_its_report_describes(
    synthetic: tuple[Path, dict[str, object]],
) -> None:
    path, report = synthetic
    assert report["activities"] == 60 and report["requests"] == 12
    assert report["split_date"] == "2026-01-01" and report["file"] == "s.xml"
    assert len(list(read_activities(path))) == 60


def test_synth_refuses_too_few_stakeholders_with_a_usage_error(tmp_path: Path) -> None:
    done = tool("synth", "--stakeholders", 5, "--out", "s.xml", cwd=tmp_path)
    assert done.returncode == 2
    assert "≥ 10 stakeholders" in done.stderr and "5 stakeholders" in done.stderr
    assert not (tmp_path / "s.xml").exists()


def test_evaluation_scores_every_method_and_writes_one_ranking_per_request(
    synthetic: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    path, _ = synthetic
    done = tool(
        "evaluation", path, "--split-date", "2026-01-01", "-k", 5,
        "--predictions", "p.jsonl", cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["k"] == 5 and summary["imported_activities"] == 48
    assert set(summary["scores"]) == {"recommender", "popularity", "country popularity", "tf-idf"}
    assert "ranking" in done.stderr  # the steps go to stderr, the summary alone to stdout
    rankings = (tmp_path / "p.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(rankings) == summary["requests"] > 0
    assert all(len(json.loads(line)["ranked"]) <= 5 for line in rankings)


def test_tag_agreement_reports_a_tiny_gold_file(
    synthetic: tuple[Path, dict[str, object]], tmp_path: Path
) -> None:
    path, _ = synthetic
    first = next(read_activities(path))
    gold = tmp_path / "gold.json"
    row = {"file": path.name, "id": first.identifier, "title": "t", "objectives": [1], "why": "w"}
    gold.write_text(json.dumps({"activities": [row]}), encoding="utf-8")
    done = tool("tag_agreement", "--gold", gold, "--iati-dir", path.parent, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert first.identifier[:44] in done.stdout and "1 activities: precision@1" in done.stdout


def test_translations_compares_each_language_with_english(tmp_path: Path) -> None:
    first = json.loads(MULTILINGUAL.read_text(encoding="utf-8"))["requests"][0]
    requests = tmp_path / "requests.json"
    one = {k: first[k] for k in ("id", "requester", "countries", "en", "fr")}
    requests.write_text(json.dumps({"requests": [one]}), encoding="utf-8")
    done = tool("translations", requests, "-n", 5, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["requests"] == 1
    assert summary["overlap"]["en"] == [5]  # English against itself
    assert set(summary["mean_overlap_with_english"]) == {"en", "fr"}
    assert 0 <= summary["overlap"]["fr"][0] <= 5
