"""The auto-tagger against GCM objectives chosen by hand for real migration activities.

The floors sit a few activities under what the tagger measured when they were set
(precision@1 0.722, recall@3 0.563, coverage 0.867 on 90 activities), so that a change
to the tagger or its vocabulary that loses ground fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hub.imports.parsed import ParsedActivity, ParsedSector
from tools.tag_agreement import (
    is_about_migration,
    listed_scores,
    main,
    measure,
    migration_activities,
    read_gold,
)

GOLD_PATH = Path(__file__).resolve().parents[1] / "data" / "migration-objectives.json"
FLOORS = {"precision_at_1": 0.68, "recall_at_k": 0.52, "coverage": 0.82}


def test_gold_file_is_well_formed() -> None:
    document = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    assert "15190" in document["method"]
    assert "before running any tagger" in document["method"]
    gold = read_gold(GOLD_PATH)
    assert len(gold) >= 30
    assert len({(g.file, g.id) for g in gold}) == len(gold)
    for g in gold:
        assert 1 <= len(g.objectives) <= 3, g.id
        assert len(set(g.objectives)) == len(g.objectives), g.id
        assert all(1 <= n <= 23 for n in g.objectives), g.id
        assert g.title and g.why, g.id


@pytest.mark.parametrize(
    ("title", "description", "sectors", "selected"),
    [
        ("Support to the ministry", "", [ParsedSector("1", "15190")], True),
        ("Support to the ministry", "", [ParsedSector("1", "15110")], False),
        ("Health services", "engaging the Somali diaspora", [], True),
        ("Health services", "reducing the cost of remittances", [], True),
        ("Health services", "run by the International Organization for Migration", [], True),
        ("Water for refugees and host communities", "", [], True),
        ("Water trucking", "for refugees, returnees and displaced families", [], False),
        ("Durable solutions to displacement", "", [], True),
        ("Shelter for newly displaced people", "", [], False),
        ("Emigrants' associations", "", [], False),
    ],
)
def test_selection_rule(
    title: str, description: str, sectors: list[ParsedSector], selected: bool
) -> None:
    activity = ParsedActivity(
        identifier="XX-1",
        title={"en": title},
        description={"en": description} if description else {},
        sectors=sectors,
    )
    assert is_about_migration(activity) is selected


def test_selection_rule_reproduces_the_gold_activities(iati_dir: Path) -> None:
    """Every gold activity exists, and the rule selects exactly them, in the same order."""
    selected = [(file, activity.identifier) for file, activity in migration_activities(iati_dir)]
    assert selected == [(g.file, g.id) for g in read_gold(GOLD_PATH)]


def test_agreement_stays_above_its_floors(iati_dir: Path) -> None:
    report = measure(read_gold(GOLD_PATH), iati_dir)
    measured = report.agreement._asdict()
    for name, floor in FLOORS.items():
        assert measured[name] >= floor, (name, measured)
    assert len(report.activities) == report.agreement.texts
    hits = sum(row.first_agrees for row in report.activities)
    assert hits / len(report.activities) == pytest.approx(report.agreement.precision_at_1)
    recall = sum(row.recall for row in report.activities) / len(report.activities)
    assert recall == pytest.approx(report.agreement.recall_at_k)


def test_the_three_listed_meet_the_real_text_goal_where_the_stored_set_is_smaller(
    iati_dir: Path,
) -> None:
    """Issue 13 asks `gcm-hub tag --top 3` for hit@3 >= 0.75 and recall@3 >= 0.65 on real
    texts; a request stores fewer (1.6 on average here), which recall@3 counts as misses."""
    gold = read_gold(GOLD_PATH)
    hit, recall = listed_scores(gold, iati_dir)
    stored = measure(gold, iati_dir).agreement
    assert hit >= 0.75 and recall >= 0.65
    assert recall > stored.recall_at_k


def test_main_prints_one_row_per_activity_and_the_summary(
    iati_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["--gold", str(GOLD_PATH), "--iati-dir", str(iati_dir)])
    out = capsys.readouterr().out
    assert "precision@1" in out
    for g in read_gold(GOLD_PATH):
        assert g.id[:44] in out
