"""Measure partner recommendation on real IATI data with a temporal split.

The history (activities that started before the split date) is imported into a fresh
temporary store and the recommender is fitted from that store, exactly as the
service does. Each later activity whose implementers were seen in the history becomes
a request, built only from what a request would say; its implementers are the answer.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from graph.sqlite import SqliteGraphStore
from hub.imports.importer import Tagger, activity_record, activity_text, import_file
from hub.imports.organisations import find_organisation
from hub.imports.parse import read_activities
from hub.imports.parsed import ParsedActivity
from hub.imports.registry import OrganisationRegistry, load_registry
from hub.matchmaking.inputs import activity_query
from hub.matchmaking.provider import models
from hub.matchmaking.tagging import import_tagger
from hub.store import Store
from matching.baselines import CountryPopularity, Popularity, TextSimilarity
from matching.metrics import gini, mean_metrics
from matching.profiles import Query, Recommendation

__all__ = [
    "EvaluationReport",
    "Prediction",
    "evaluate",
    "later_requests",
    "main",
    "summary",
    "write_predictions",
]


@dataclass(frozen=True, slots=True)
class Prediction:
    """A request's ranking: each organisation as the one name, or every name, it carries
    in the evaluated files, so that merging its aliases never reads as a miss."""

    activity: str
    ranked: list[str | list[str]]


@dataclass(frozen=True, slots=True)
class EvaluationReport:
    imported_activities: int
    history_activities: int
    requests: int
    gold_links: int
    candidates: int
    k: int
    scores: dict[str, dict[str, float]]
    predictions: list[Prediction]
    languages: dict[str, dict[str, float]]
    """The recommender's metrics per request language (with `requests`, their count),
    when the requests come in more than one; empty otherwise."""


def _language(parsed: ParsedActivity) -> str:
    """The language a request is written in: its title's (or description's) first."""
    return next(iter(parsed.title or parsed.description or {"": ""}))


def later_requests(
    store: Store,
    files: Sequence[Path],
    split: date,
    tag: Tagger,
    registry: OrganisationRegistry | None = None,
) -> list[tuple[Query, set[str]]]:
    """Later activities as requests, with their implementers known to the history."""
    return [(query, gold) for query, gold, _ in _later(store, files, split, tag, registry)]


def _later(
    store: Store,
    files: Sequence[Path],
    split: date,
    tag: Tagger,
    registry: OrganisationRegistry | None = None,
) -> list[tuple[Query, set[str], str]]:
    """`later_requests`, each with the language it is written in."""
    implementers = {edge.source for edge in store.edges("IMPLEMENTED")}
    later: list[tuple[ParsedActivity, set[str]]] = []
    for path in files:
        for parsed in read_activities(path):
            if parsed.start is None or parsed.start < split:
                continue
            gold = {
                hit
                for org in parsed.organisations
                if org.role == 4
                and (hit := find_organisation(store, org, registry)) in implementers
            }
            if gold:
                later.append((parsed, gold))
    objectives = tag([activity_text(parsed) for parsed, _ in later])
    return [
        (activity_query(activity_record(parsed, tags)), gold, _language(parsed))
        for (parsed, gold), tags in zip(later, objectives, strict=True)
    ]


def _spellings(
    store: Store, files: Sequence[Path], registry: OrganisationRegistry | None
) -> dict[str, list[str]]:
    """Every name each stored organisation carries in the files, in file order."""
    found: dict[str, dict[str, None]] = {}
    for path in files:
        for parsed in read_activities(path):
            for org in parsed.organisations:
                stakeholder = find_organisation(store, org, registry)
                if stakeholder is not None:
                    found.setdefault(stakeholder, {})[org.name] = None
    return {stakeholder: list(names) for stakeholder, names in found.items()}


def _named(
    candidate: str, spellings: dict[str, list[str]], names: dict[str, str]
) -> str | list[str]:
    found = spellings.get(candidate, [])
    if len(found) > 1:
        return found
    return found[0] if found else names[candidate]


def _ids(rankings: Sequence[Sequence[Recommendation]]) -> list[list[str]]:
    return [[r.candidate for r in ranking] for ranking in rankings]


def evaluate(
    files: Sequence[Path],
    split: date,
    k: int = 10,
    on_step: Callable[[str], None] | None = None,
    registry: OrganisationRegistry | None = None,
) -> EvaluationReport:
    """Score the recommender and three baselines on the same requests.

    `registry` resolves organisations in the history and in the gold answers alike.
    """
    step = on_step or (lambda _: None)

    def before_split(activity: ParsedActivity) -> bool:
        return activity.start is not None and activity.start < split

    with tempfile.TemporaryDirectory(prefix="gcm-hub-eval-") as folder:
        store = SqliteGraphStore(Path(folder) / "history.db")
        try:
            step("importing the history")
            tag = import_tagger()
            imported = sum(
                import_file(store, p, keep=before_split, tag=tag, registry=registry).activities
                for p in files
            )
            step("fitting the recommender")
            fitted = models(store).partners()
            model, candidates, history = fitted.recommender, fitted.candidates, fitted.history
            step("building requests")
            requests = _later(store, files, split, tag, registry)
            spellings = _spellings(store, files, registry)
            queries = [query for query, _, _ in requests]
            golds = [gold for _, gold, _ in requests]
            names = {c.id: c.name for c in candidates}
            step("ranking")
            ranked = _ids(model.recommend(queries, n=k))
            scores = {"recommender": mean_metrics(ranked, golds, k)}
            languages = _by_language(ranked, golds, [lang for _, _, lang in requests], k)
            exposure = Counter(item for ranking in ranked for item in ranking)
            scores["recommender"]["exposure_gini"] = gini(
                [exposure.get(c.id, 0) for c in candidates]
            )
            for name, baseline in (
                ("popularity", Popularity()),
                ("country popularity", CountryPopularity()),
                ("tf-idf", TextSimilarity()),
            ):
                step(f"baseline: {name}")
                fitted = baseline.fit(candidates, history)
                scores[name] = mean_metrics(_ids(fitted.recommend(queries, n=k)), golds, k)
        finally:
            store.close()
    return EvaluationReport(
        imported_activities=imported,
        history_activities=len(history),
        requests=len(requests),
        gold_links=sum(len(gold) for gold in golds),
        candidates=len(candidates),
        k=k,
        scores=scores,
        predictions=[
            Prediction(query.id, [_named(c, spellings, names) for c in ranking])
            for query, ranking in zip(queries, ranked, strict=True)
        ],
        languages=languages,
    )


def _by_language(
    ranked: Sequence[Sequence[str]], golds: Sequence[set[str]], languages: Sequence[str], k: int
) -> dict[str, dict[str, float]]:
    """Metrics per request language, when there is more than one."""
    if len(set(languages)) < 2:
        return {}
    found = {}
    for language in sorted(set(languages)):
        mine = [i for i, lang in enumerate(languages) if lang == language]
        found[language] = {
            **mean_metrics([ranked[i] for i in mine], [golds[i] for i in mine], k),
            "requests": float(len(mine)),
        }
    return found


def summary(report: EvaluationReport) -> dict[str, object]:
    """The report without its per-request rankings, as JSON-ready data."""
    return {key: value for key, value in asdict(report).items() if key != "predictions"}


def write_predictions(report: EvaluationReport, path: Path) -> None:
    """Each request's ranking as one JSON line, in request order."""
    with path.open("w", encoding="utf-8") as out:
        for p in report.predictions:
            out.write(json.dumps({"activity": p.activity, "ranked": p.ranked}, ensure_ascii=False))
            out.write("\n")


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m tools.evaluation`: print the summary as JSON, steps on stderr."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.evaluation", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("files", type=Path, nargs="+", help="IATI activity XML files")
    parser.add_argument("--split-date", type=date.fromisoformat, required=True, help="YYYY-MM-DD")
    parser.add_argument("-k", type=int, default=10, help="cut-off of the metrics")
    parser.add_argument("--predictions", type=Path, help="write rankings as JSONL")
    parser.add_argument(
        "--organisations",
        type=Path,
        action="append",
        default=[],
        help="organisation files read after the built-in table (repeatable)",
    )
    args = parser.parse_args(argv)
    report = evaluate(
        args.files,
        args.split_date,
        args.k,
        on_step=lambda step: print(step, file=sys.stderr),
        registry=load_registry(args.organisations),
    )
    if args.predictions is not None:
        write_predictions(report, args.predictions)
    print(json.dumps(summary(report), ensure_ascii=False))


if __name__ == "__main__":
    main()
