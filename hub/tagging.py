"""Auto-tagging with GCM objectives, seeded from the Compact's own words."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from graph import GraphStore
from hub import records
from hub.iati.importer import Tagger
from hub.model import Offer, SupportRequest
from hub.taxonomy import OBJECTIVES
from matching.tagging import ObjectiveTagger

__all__ = ["ObjectiveTags", "fit_tagger", "objective_tagger", "seed_tagger", "seeds"]


def seeds() -> dict[int, list[str]]:
    """Each objective's label, title and keyword vocabulary."""
    return {o.number: [o.label, o.title, *o.keywords] for o in OBJECTIVES}


@cache
def seed_tagger() -> ObjectiveTagger:
    """The tagger before it has seen any tagged text; fitted once per process."""
    return ObjectiveTagger().fit(seeds())


def fit_tagger(store: GraphStore) -> ObjectiveTagger:
    """Seeds plus every request and offer people have tagged in this hub.

    Fitted once per set of tagged examples: imports and uploads call this often, and
    the examples change far less often than the graph does.
    """
    described: list[SupportRequest | Offer] = [
        *records.list_records(store, SupportRequest),
        *records.list_records(store, Offer),
    ]
    return _fit_examples(
        tuple((f"{r.title}\n{r.text}", tuple(r.objectives)) for r in described if r.objectives)
    )


@lru_cache(maxsize=4)
def _fit_examples(examples: tuple[tuple[str, tuple[int, ...]], ...]) -> ObjectiveTagger:
    if not examples:
        return seed_tagger()
    texts, labels = zip(*examples, strict=True)
    return ObjectiveTagger().fit(seeds(), list(texts), [set(chosen) for chosen in labels])


@dataclass(frozen=True, slots=True)
class ObjectiveTags:
    """The tagger as the IATI importer wants it: texts in, confident objectives out.

    A plain object rather than a closure, so that a large import can tag in a worker.
    """

    tagger: ObjectiveTagger
    top: int = 3

    def __call__(self, texts: list[str]) -> list[list[int]]:
        found = self.tagger.suggest_many(texts, self.top)
        return [sorted(s.objective for s in suggestions) for suggestions in found]


def objective_tagger(tagger: ObjectiveTagger, top: int = 3) -> Tagger:
    """The tagger as the IATI importer wants it."""
    return ObjectiveTags(tagger, top)
