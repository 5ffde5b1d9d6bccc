"""Auto-tagging with GCM objectives, from our four-language descriptions of the Compact."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from hub.domain.records import ObjectiveOrigin, Offer, SupportRequest
from hub.domain.taxonomy import OBJECTIVES
from hub.imports.importer import Tagger
from hub.store import Store, repository
from matching.multilingual_tagging import MultilingualTagger
from matching.tagging import ObjectiveTagger, Suggests

__all__ = [
    "DESCRIPTIONS_PATH",
    "ObjectiveTags",
    "descriptions",
    "fit_examples",
    "fit_tagger",
    "import_tagger",
    "keywords",
    "multilingual_tags",
    "seed_tagger",
]

DESCRIPTIONS_PATH = Path(__file__).parent / "data" / "objective-descriptions.json"
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


def _examples(store: Store) -> Examples:
    """Every request and offer whose objectives a person chose or confirmed, as (text,
    objectives). The tagger's own suggestions are left out: learning from them would
    only teach it its own mistakes."""
    described: list[SupportRequest | Offer] = [
        *repository.list_records(store, SupportRequest),
        *repository.list_records(store, Offer),
    ]
    return tuple(
        (f"{r.title}\n{r.text}", tuple(r.objectives))
        for r in described
        if r.objectives and r.objective_origin is ObjectiveOrigin.CONFIRMED
    )


def fit_tagger(store: Store) -> MultilingualTagger:
    """Descriptions plus every request and offer people have tagged in this hub.

    Fitted once per set of tagged examples: the examples change far less often than
    the graph does.
    """
    return _fit_examples(_examples(store))


@lru_cache(maxsize=4)
def _fit_examples(examples: Examples) -> MultilingualTagger:
    if not examples:
        return seed_tagger()
    texts, labels = zip(*examples, strict=True)
    return fit_examples(list(texts), [set(chosen) for chosen in labels])


@lru_cache(maxsize=4)
def _fit_keywords(examples: Examples) -> ObjectiveTagger:
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


def import_tagger(store: Store | None = None, top: int = 3) -> Tagger:
    """The tagger for bulk IATI imports: keyword TF-IDF only, learning from `store`'s examples.

    The multilingual tagger costs about 12 ms of CPU per IATI activity (some 80 activities
    a second per core), far below the 2,000 a second an import must keep.
    """
    return ObjectiveTags(_fit_keywords(_examples(store) if store else ()), top)


def multilingual_tags(store: Store, top: int = 3) -> Tagger:
    """The multilingual tagger as the importer's kind of tagger, for re-tagging imports
    in the background (`hub.imports.retagging`)."""
    return ObjectiveTags(fit_tagger(store), top)
