"""What a fit learns from a store, as one artifact holds it.

A serving process loads this and fits nothing: the recommender, the hub's text space
with every text embedded, and the objective taggers. The embeddings are also stored
under their own names with their texts' keys, so that the next fit reads them alone and
embeds only the texts that are new since.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from hub.matchmaking import artifact
from hub.matchmaking.fitted_programmes import FittedProgrammes
from matching.dense import DenseIndex
from matching.listing import NearLists
from matching.multilingual_tagging import MultilingualTagger
from matching.profiles import Candidate, PastActivity
from matching.recommender import PartnerRecommender
from matching.tagging import ObjectiveTagger
from matching.textspace import TextSpace

__all__ = ["Fitted", "Learned", "previous_rows", "share_equal_values"]


@dataclass(frozen=True, slots=True)
class Fitted:
    """The partner recommender and the inputs it was fitted on."""

    recommender: PartnerRecommender
    candidates: list[Candidate]
    history: list[PastActivity]
    near: NearLists | None = None
    """Every candidate's near-duplicates, when a fit worker found them for its artifact
    (`matching.listing.near_lists`); a model fitted in process finds them on demand."""

    def named_arrays(self) -> dict[str, np.ndarray]:
        """The near-duplicate lists, by name: read-only pages the workers share."""
        if self.near is None:
            return {}
        return {
            "near-duplicates-indptr": self.near.indptr,
            "near-duplicates-indices": self.near.indices,
        }


@dataclass(frozen=True, slots=True)
class Learned:
    """What a fit worker learns from the store and writes into an artifact: everything
    a serving process needs, embeddings and taggers included, so that it fits nothing."""

    partners: Fitted
    texts: TextSpace
    tagger: MultilingualTagger
    keywords: ObjectiveTagger
    programmes: FittedProgrammes = dataclasses.field(default_factory=FittedProgrammes)

    def named_arrays(self) -> dict[str, np.ndarray]:
        """The embeddings and their texts' keys, by name (`artifact.Naming`): the next
        fit reads them to embed only the texts this one did not see."""
        return {
            **{
                f"{index}-{part}-{kind}": array
                for index, dense in self._indexes().items()
                for part, (keys, rows_t) in zip(_PARTS, dense.tables(), strict=True)
                for kind, array in (("keys", keys), ("rows", rows_t))
            },
            **self.partners.named_arrays(),
        }

    def _indexes(self) -> dict[str, DenseIndex]:
        dense = self.partners.recommender.signals_.dense
        return {"texts": self.texts.index(), **({"partners": dense} if dense else {})}


_PARTS = ("activities", "parts")
_INDEXES = ("texts", "partners")


def previous_rows(folder: Path) -> list[tuple[np.ndarray, np.ndarray]]:
    """The (keys, rows_t) tables the current artifact in `folder` embedded, for
    `matching.dense.Embedded` (none before the first fit, or from an artifact written
    before they were named)."""
    names = [f"{i}-{p}" for i in _INDEXES for p in _PARTS]
    found = artifact.arrays(folder, (f"{n}-{kind}" for n in names for kind in ("keys", "rows")))
    return [
        (found[f"{n}-keys"], found[f"{n}-rows"])
        for n in names
        if f"{n}-keys" in found and f"{n}-rows" in found
    ]


def share_equal_values(records: Iterable[object]) -> None:
    """Make the equal field values of these frozen records one object each, in place.

    Only identities change (the values are equal and immutable), but the pickle stores
    an object once however often it is held, so every serving process then holds each
    value once: at 100k activities the history's countries, regions, sectors,
    implementers, funders and dates are about a million objects with a few tens of
    thousands of distinct values (some 60 MB per process).
    """
    one: dict[Hashable, object] = {}

    def shared(value: Hashable) -> object:
        kind = (type(value), *(type(v) for v in value)) if isinstance(value, tuple) else type(value)
        return one.setdefault((kind, value), value)  # 1 == 1.0, yet they stay apart

    for record in records:
        for field in dataclasses.fields(record):  # type: ignore[arg-type]
            value = getattr(record, field.name)
            if isinstance(value, tuple) and all(isinstance(v, str | int) for v in value):
                value = shared(tuple(shared(v) for v in value))
            elif isinstance(value, str | date):
                value = shared(value)
            else:
                continue
            object.__setattr__(record, field.name, value)
