"""Auto-tagging with GCM objectives, from our four-language descriptions of the Compact."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hub.domain.taxonomy import OBJECTIVES
from hub.imports.importer import Tagger
from matching.multilingual_tagging import MultilingualTagger
from matching.tagging import ObjectiveTagger, Suggests

__all__ = [
    "DESCRIPTIONS_PATH",
    "Examples",
    "ObjectiveTags",
    "descriptions",
    "fit_examples",
    "fit_keywords",
    "import_tagger",
    "keywords",
    "seed_tagger",
]

DESCRIPTIONS_PATH = Path(__file__).parents[1] / "data" / "objective-descriptions.json"
LANGUAGES = ("en", "fr", "es", "ar")


@cache
def descriptions() -> dict[int, list[list[str]]]:
    """Each objective's sentences, each sentence in English, French, Spanish and Arabic."""
    document = json.loads(DESCRIPTIONS_PATH.read_text(encoding="utf-8"))
    return {
        int(number): [list(v) for v in zip(*(by[lang] for lang in LANGUAGES), strict=True)]
        for number, by in document["objectives"].items()
    }


def keywords() -> dict[int, list[str]]:
    """Each objective's label, title and keyword vocabulary: the keyword tagger's seeds."""
    return {o.number: [o.label, o.title, *o.keywords] for o in OBJECTIVES}


def fit_examples(texts: Sequence[str], labels: Sequence[Collection[int]]) -> MultilingualTagger:
    """The hub's tagger: descriptions and keywords, then texts people tagged."""
    return MultilingualTagger().fit(descriptions(), texts, labels, keywords())


@cache
def seed_tagger() -> MultilingualTagger:
    """The tagger before it has seen any tagged text; fitted once per process."""
    return fit_examples([], [])


Examples = tuple[tuple[str, tuple[int, ...]], ...]
"""Texts people tagged, each with the objectives they chose."""


def fit_keywords(examples: Examples = ()) -> ObjectiveTagger:
    """The keyword TF-IDF tagger: objective keywords, then these examples."""
    texts, labels = zip(*examples, strict=True) if examples else ((), ())
    return ObjectiveTagger().fit(keywords(), list(texts), [set(chosen) for chosen in labels])


@dataclass(frozen=True, slots=True)
class ObjectiveTags:
    """A tagger as the IATI importer wants it: texts in, objectives out.

    A plain object rather than a closure, so that a large import can tag in a worker.
    """

    tagger: Suggests
    top: int = 3

    def __call__(self, texts: list[str]) -> list[list[int]]:
        found = self.tagger.suggest_many(texts, self.top)
        return [sorted(s.objective for s in suggestions) for suggestions in found]


def import_tagger(top: int = 3) -> Tagger:
    """The tagger for bulk IATI imports into a hub nobody has tagged anything in yet
    (`Models.keyword_tagger` learns from a store's examples): keyword TF-IDF only.

    The multilingual tagger costs about 12 ms of CPU per IATI activity (some 80 activities
    a second per core), far below the 2,000 a second an import must keep.
    """
    return ObjectiveTags(fit_keywords(), top)
