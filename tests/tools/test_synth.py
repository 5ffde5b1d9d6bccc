"""The synthetic hub: reproducible, importable, and shaped like real aid data."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from cli import app
from graph.sqlite import SqliteGraphStore
from hub.domain.errors import InvalidInput
from hub.domain.taxonomy import OBJECTIVES
from hub.imports.importer import activity_text, import_file
from hub.imports.parse import read_activities
from hub.imports.parsed import ParsedActivity
from tools.synth import KIND_SHARES, SPLIT_DATE, plan_hub, synth_hub

N, A, M = 300, 900, 90  # stakeholders, activities, requests


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[ParsedActivity]]:
    path = tmp_path_factory.mktemp("synth") / "hub.xml"
    synth_hub(path, N, A, M, seed=7)
    return path, list(read_activities(path))


def test_the_same_seed_writes_the_same_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    first, again, other = tmp_path / "a.xml", tmp_path / "b.xml", tmp_path / "c.xml"
    synth_hub(first, N, A, M, seed=1)
    synth_hub(again, N, A, M, seed=1)
    synth_hub(other, N, A, M, seed=2)
    assert first.read_bytes() == again.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_the_last_requests_start_on_or_after_the_split_date(
    written: tuple[Path, list[ParsedActivity]],
) -> None:
    _, activities = written
    later = [a.start is not None and a.start >= SPLIT_DATE for a in activities]
    assert later == [False] * (A - M) + [True] * M


def test_it_imports_with_the_requested_counts(
    written: tuple[Path, list[ParsedActivity]], tmp_path: Path
) -> None:
    path, _ = written
    store = SqliteGraphStore(tmp_path / "h.db")
    try:
        report = import_file(store, path)
    finally:
        store.close()
    assert report.activities == A
    assert 0 < report.organisations <= N


def test_a_few_implementers_hold_most_implementations(
    written: tuple[Path, list[ParsedActivity]],
) -> None:
    _, activities = written
    counts = sorted(
        Counter(o.name for a in activities for o in a.organisations if o.role == 4).values(),
        reverse=True,
    )
    top = max(1, len(counts) // 100)
    # In the Somalia benchmark the top 1% of implementers (9 of 930) hold 22.7% of the
    # 2,145 implementations; drawn uniformly they would hold about 1-2%.
    assert sum(counts[:top]) / sum(counts) > 0.10


def test_kinds_come_in_the_configured_proportions() -> None:
    plan = plan_hub(stakeholders=5000, activities=5000, requests=0, seed=3)
    found = Counter(plan.kinds)
    for kind, share in KIND_SHARES.items():
        assert found[kind] / 5000 == pytest.approx(share, abs=0.025), kind


def test_every_objective_appears_and_its_words_are_in_the_texts(
    written: tuple[Path, list[ParsedActivity]],
) -> None:
    _, activities = written
    plan = plan_hub(N, A, M, seed=7)
    assert set(plan.objectives[:, 0].tolist()) == set(range(1, 24))
    for activity, tags in zip(activities, plan.objectives.tolist(), strict=True):
        text = activity_text(activity)
        for number in (t for t in tags if t):
            assert any(word in text for word in OBJECTIVES[number - 1].keywords), (number, text)


def test_some_texts_are_in_french_spanish_or_arabic(
    written: tuple[Path, list[ParsedActivity]],
) -> None:
    _, activities = written
    languages = Counter(lang for a in activities for lang in a.description)
    assert languages["en"] > len(activities) / 2
    assert {"fr", "es", "ar"} <= set(languages)


def test_organisations_are_present_in_few_countries_mostly_in_one_subregion() -> None:
    plan = plan_hub(N, A, M, seed=7)
    subregion = np.array([c.subregion for c in plan.places])
    lead = plan.implementers[:, 0]
    for org in np.unique(lead)[:50]:
        places = subregion[plan.country[lead == org]]
        assert Counter(places.tolist()).most_common(1)[0][1] / len(places) >= 0.5


def test_requests_must_leave_a_history() -> None:
    with pytest.raises(InvalidInput, match="requests"):
        plan_hub(stakeholders=20, activities=10, requests=10, seed=0)


def test_the_cli_prints_the_summary_as_json(tmp_path: Path) -> None:
    out = tmp_path / "cli.xml"
    result = CliRunner().invoke(
        app, ["synth", "--stakeholders", "50", "--seed", "3", "--out", str(out), "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["activities"] == 150
    assert summary["requests"] == 15
    assert summary["split_date"] == SPLIT_DATE.isoformat()
    assert summary["bytes"] == out.stat().st_size
