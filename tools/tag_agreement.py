"""How often the auto-tagger agrees with GCM objectives a person chose for real IATI activities.

IATI data carries no GCM tags, so `tests/data/migration-objectives.json` is a gold standard
written by hand: the migration-related activities of the shared IATI files (chosen by
`is_about_migration`, a rule fixed before labelling), each read against the objectives'
full titles. This module tags the same activity texts as requests are tagged (the multilingual
tagger, `hub.matchmaking.tagging.seed_tagger`) and compares.

Run ``python -m tools.tag_agreement --gold FILE --iati-dir DIR`` for the per-activity
table and the summary.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from hub.imports.importer import activity_text
from hub.imports.parse import read_activities
from hub.imports.parsed import ParsedActivity
from hub.matchmaking.tagging import seed_tagger
from matching.tagging import Agreement, Suggestion, Suggests, agreement

__all__ = [
    "AgreementReport",
    "GoldActivity",
    "TaggedActivity",
    "is_about_migration",
    "listed_scores",
    "main",
    "measure",
    "migration_activities",
    "read_gold",
]


MIGRATION_SECTOR = "15190"
"""DAC 5-digit 'Facilitation of orderly, safe, regular and responsible migration and mobility'."""

MIGRATION_WORDS = re.compile(
    r"\b(?:migra\w*|immigration|trafficking|smuggling|remittance\w*|diaspora\w*"
    r"|border management)\b",
    re.IGNORECASE,
)
"""Words of international migration, counted in the title or any description."""

DISPLACEMENT_WORDS = re.compile(r"\b(?:displacement|refugee\w*|returnee\w*)\b", re.IGNORECASE)
"""Counted in the title only: in descriptions they mostly name who receives humanitarian
aid (over two hundred WASH, shelter and health responses in Somalia), not what the
activity is about, and internal displacement is largely outside the Compact's scope."""


def is_about_migration(activity: ParsedActivity) -> bool:
    """The selection rule of the gold standard, in every language the activity gives."""
    title = "\n".join(activity.title.values())
    return (
        any(sector.code == MIGRATION_SECTOR for sector in activity.sectors)
        or bool(MIGRATION_WORDS.search(activity_text(activity)))
        or bool(DISPLACEMENT_WORDS.search(title))
    )


def iati_files(iati_dir: Path) -> list[Path]:
    """The benchmark file, then the fixtures in name order: the order the selection keeps."""
    return [iati_dir / "somalia-3w-2021.xml", *sorted((iati_dir / "fixtures").glob("*.xml"))]


def migration_activities(iati_dir: Path) -> Iterator[tuple[str, ParsedActivity]]:
    """(file relative to `iati_dir`, activity) for every activity the rule selects.

    An activity whose title and descriptions repeat an earlier one word for word (the same
    grant reported per sector or per year) is left out: it would count the same text twice.
    """
    seen: set[str] = set()
    for path in iati_files(iati_dir):
        for activity in read_activities(path):
            text = activity_text(activity)
            if is_about_migration(activity) and text not in seen:
                seen.add(text)
                yield path.relative_to(iati_dir).as_posix(), activity


@dataclass(frozen=True, slots=True)
class GoldActivity:
    file: str
    id: str
    title: str
    objectives: tuple[int, ...]  # most central first
    why: str


@dataclass(frozen=True, slots=True)
class TaggedActivity:
    gold: GoldActivity
    suggested: tuple[Suggestion, ...]  # best first, at most k, above the tagger's threshold

    @property
    def first_agrees(self) -> bool:
        return bool(self.suggested) and self.suggested[0].objective in self.gold.objectives

    @property
    def recall(self) -> float:
        found = {s.objective for s in self.suggested}
        return len(found.intersection(self.gold.objectives)) / len(self.gold.objectives)


@dataclass(frozen=True, slots=True)
class AgreementReport:
    agreement: Agreement
    activities: tuple[TaggedActivity, ...]


def read_gold(path: Path) -> list[GoldActivity]:
    """The hand-labelled activities, in file order."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return [
        GoldActivity(
            file=row["file"],
            id=row["id"],
            title=row["title"],
            objectives=tuple(row["objectives"]),
            why=row["why"],
        )
        for row in document["activities"]
    ]


def _texts(gold: Sequence[GoldActivity], iati_dir: Path) -> list[str]:
    """Each gold activity's text as import builds it, read from its own file."""
    wanted = {(g.file, g.id) for g in gold}
    found: dict[tuple[str, str], str] = {}
    for file in sorted({g.file for g in gold}):
        for activity in read_activities(iati_dir / file):
            key = (file, activity.identifier)
            if key in wanted:
                found.setdefault(key, activity_text(activity))
    if missing := sorted(wanted - found.keys()):
        raise LookupError(f"gold activities not found in {iati_dir}: {missing}")
    return [found[(g.file, g.id)] for g in gold]


def measure(
    gold: Sequence[GoldActivity],
    iati_dir: Path,
    tagger: Suggests | None = None,
    k: int = 3,
) -> AgreementReport:
    """Tag the gold activities (with the seed tagger unless one is given) and compare."""
    tagger = seed_tagger() if tagger is None else tagger
    texts = _texts(gold, iati_dir)
    labels = [g.objectives for g in gold]
    suggested = tagger.suggest_many(texts, k)
    return AgreementReport(
        agreement=agreement(tagger, texts, labels, k),
        activities=tuple(TaggedActivity(g, tuple(s)) for g, s in zip(gold, suggested, strict=True)),
    )


def _objectives(numbers: Sequence[int]) -> str:
    return ",".join(str(n) for n in numbers) or "-"


def format_report(report: AgreementReport, k: int = 3) -> str:
    """One line per activity (✓ when the first suggestion is one of ours), then the summary."""
    lines = [f"{'':2}{'activity':<44} {'ours':<9} suggested (confidence)"]
    for row in report.activities:
        mark = "✓" if row.first_agrees else "·"
        found = " ".join(f"{s.objective}({s.confidence:.2f})" for s in row.suggested) or "-"
        lines.append(f"{mark} {row.gold.id[:44]:<44} {_objectives(row.gold.objectives):<9} {found}")
    a = report.agreement
    lines.append(
        f"\n{a.texts} activities: precision@1 {a.precision_at_1:.3f}, recall@{k}"
        f" {a.recall_at_k:.3f}, coverage {a.coverage:.3f}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tools.tag_agreement",
        description="Agreement of the auto-tagger with hand-chosen GCM objectives.",
    )
    parser.add_argument(
        "--gold", type=Path, required=True, help="e.g. tests/data/migration-objectives.json"
    )
    parser.add_argument(
        "--iati-dir", type=Path, required=True, help="the IATI files the gold names"
    )
    parser.add_argument("-k", type=int, default=3, help="suggestions counted for recall")
    args = parser.parse_args(argv)
    gold = read_gold(args.gold)
    report = measure(gold, args.iati_dir, k=args.k)
    print(format_report(report, args.k))
    hit, recall = listed_scores(gold, args.iati_dir, args.k)
    print(
        f"as `gcm-hub tag --top {args.k}` lists them (what a request stores, then the next"
        f" best): hit@{args.k} {hit:.3f}, recall@{args.k} {recall:.3f}"
    )


def listed_scores(gold: Sequence[GoldActivity], iati_dir: Path, k: int = 3) -> tuple[float, float]:
    """Hit@k and recall@k of the `k` objectives `gcm-hub tag --top k` lists for each
    activity: those the seed tagger would store, then its next best (`more`)."""
    texts = _texts(gold, iati_dir)
    listed = seed_tagger().suggest_many(texts, k, more=True)
    found = [{s.objective for s in row} for row in listed]
    pairs = list(zip(found, (set(g.objectives) for g in gold), strict=True))
    return (
        sum(bool(f & g) for f, g in pairs) / len(pairs),
        sum(len(f & g) / len(g) for f, g in pairs) / len(pairs),
    )


if __name__ == "__main__":
    main()
