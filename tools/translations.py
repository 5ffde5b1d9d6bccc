"""Does a request find the same partners whatever language it is written in?

Each request comes in several translations with the same content. Every translation is
taken in as intake would (tagged with suggested objectives when it gives none, its
language declared) and ranked against the hub, asking for its requester's languages
too; each translation's top-n is compared with the English one's. Nothing is stored.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from graph.sqlite import SqliteGraphStore
from hub import objectives
from hub.demo import load_demo
from hub.domain.records import SupportRequest
from hub.matchmaking.inputs import partner_query
from hub.matchmaking.provider import models
from hub.store import Store
from matching.features import FEATURES
from matching.profiles import Query, Recommendation

__all__ = [
    "Translated",
    "TranslationReport",
    "compare_translations",
    "main",
    "read_requests",
    "swap_gains",
]

REFERENCE = "en"


@dataclass(frozen=True, slots=True)
class Translated:
    """One request: who asks (if known), where, and its (title, text) per language code."""

    id: str
    requester: str | None
    countries: tuple[str, ...]
    texts: dict[str, tuple[str, str]]


@dataclass(frozen=True, slots=True)
class TranslationReport:
    """Per language: each request's overlap with the English top-n, the requests whose
    top-n holds tied scores, and the matched terms shown."""

    n: int
    overlap: dict[str, list[int]] = field(default_factory=dict)
    tied: dict[str, list[str]] = field(default_factory=dict)
    terms: dict[str, list[str]] = field(default_factory=dict)

    def mean_overlap(self, language: str) -> float:
        found = self.overlap[language]
        return sum(found) / len(found) if found else 0.0

    def summary(self) -> dict[str, object]:
        """Mean and per-request overlaps and ties, as JSON-ready data."""
        return {
            "mean_overlap_with_english": {
                lang: round(self.mean_overlap(lang), 2) for lang in self.overlap
            },
            "overlap": self.overlap,
            "tied": self.tied,
        }


_NOT_LANGUAGES = {"id", "requester", "countries", "objectives"}


def read_requests(path: Path) -> list[Translated]:
    """`{"requests": [{"id", "requester", "countries", "<lang>": [title, text], ...}]}`."""
    found = json.loads(path.read_text(encoding="utf-8"))["requests"]
    return [
        Translated(
            r["id"],
            r.get("requester"),
            tuple(r.get("countries", ())),
            {lang: (pair[0], pair[1]) for lang, pair in r.items() if lang not in _NOT_LANGUAGES},
        )
        for r in found
    ]


def _ties(ranked: Sequence[Recommendation]) -> bool:
    scores = [round(r.score, 6) for r in ranked]
    return len(set(scores)) < len(scores)


def _filed(store: Store, request: Translated, language: str, declared: bool = True) -> Query:
    """One translation taken in as intake would: tagged, its language declared unless
    not `declared`, ranked asking for its requester's languages too (`partner_query`)."""
    title, text = request.texts[language]
    fields = {
        "id": f"{request.id}-{language}",
        "requester": request.requester or "unknown",
        "title": title,
        "text": text,
        "countries": list(request.countries),
        "languages": [language] if declared else [],
    }
    filed = SupportRequest.model_validate(objectives.tagged(store, fields))
    return replace(partner_query(store, filed), requester=request.requester)


def compare_translations(
    store: Store, requests: Sequence[Translated], n: int = 10, declared: bool = True
) -> TranslationReport:
    """Rank every translation of every request; compare each with the English one.
    Without `declared`, no translation declares its language: the `language` signal
    then asks for the requester's languages alone (silent for requests from no one),
    and the lists differ by what the texts say alone."""
    model = models(store).partners().recommender
    report = TranslationReport(n)
    for request in requests:
        tops: dict[str, list[Recommendation]] = {}
        for language in request.texts:
            tops[language] = model.recommend(_filed(store, request, language, declared), n=n)
        english = {r.candidate for r in tops[REFERENCE]}
        for language, ranked in tops.items():
            report.overlap.setdefault(language, []).append(
                len(english & {r.candidate for r in ranked})
            )
            report.terms.setdefault(language, []).extend(t for r in ranked for t in r.matched_terms)
            if _ties(ranked):
                report.tied.setdefault(language, []).append(request.id)
    return report


def swap_gains(
    store: Store, requests: Sequence[Translated], n: int = 10
) -> dict[str, dict[str, float]]:
    """Why translations rank apart, per language and signal: how much the mean overlap
    with the English top-n rises when that signal alone takes, for every candidate, its
    English translation's value. Every candidate is scored with the fitted weights (no
    short list, no near-duplicate pick), so the overlaps differ slightly from
    `compare_translations`'; signals that never differ are left out."""
    model = models(store).partners().recommender
    everyone = np.arange(len(model.candidates_))
    gains: dict[str, dict[str, list[int]]] = {}
    for request in requests:
        parts = {}
        for language in request.texts:
            batch = model.signals_.batch([_filed(store, request, language)])
            values = model.signals_.features(batch, everyone * 0, everyone)
            parts[language] = {f: model.weights_[f] * values[f] for f in FEATURES}
        english = parts[REFERENCE]
        first = _top(english, n)
        for language, own in parts.items():
            if language == REFERENCE:
                continue
            found = gains.setdefault(language, {})
            base = len(first & _top(own, n))
            for signal in FEATURES:
                if not np.array_equal(own[signal], english[signal]):
                    swapped = len(first & _top({**own, signal: english[signal]}, n))
                    found.setdefault(signal, []).append(swapped - base)
    return {
        lang: {s: round(sum(g) / len(requests), 2) for s, g in found.items()}
        for lang, found in gains.items()
    }


def _top(parts: dict[str, np.ndarray], n: int) -> set[int]:
    return set(np.argsort(-sum(parts.values()), kind="stable")[:n].tolist())


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m tools.translations`: rank against the demo hub, print the summary as JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.translations", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "requests", type=Path, help="e.g. tests/data/multilingual-requests.json (English needed)"
    )
    parser.add_argument("-n", type=int, default=10, help="top-n compared")
    args = parser.parse_args(argv)
    asked = read_requests(args.requests)
    with tempfile.TemporaryDirectory(prefix="gcm-hub-translations-") as folder:
        store = SqliteGraphStore(Path(folder) / "demo.db")
        try:
            load_demo(store)
            report = compare_translations(store, asked, n=args.n)
        finally:
            store.close()
    print(json.dumps({"requests": len(asked), **report.summary()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
