"""Similar initiatives (GCM para 43(a)(iii)): who did something like this request before.

Past activities, other requests and partnerships all arrive as `PastActivity` rows
whose `implementers` are the Member States and organisations that carried them out;
the closest rows, and the actors behind them, are the peers a requester can learn from.
Words meet only within a language; given an embedder, texts are also compared by their
multilingual embeddings (`matching.dense`), so an Arabic request finds a Spanish practice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from matching.embedding import TextEmbedder
from matching.pool import TextPool
from matching.profiles import PastActivity, Query
from matching.relevance import Closeness, Relevance, closeness
from matching.textspace import TextSpace

__all__ = ["Peer", "SimilarInitiative", "SimilarPool", "similar_initiatives"]

TEXT_WEIGHT = 0.5
OBJECTIVE_WEIGHT = 0.3
PLACE_WEIGHT = 0.2
MEANING_FLOOR = 0.3
"""Embedding cosines up to here say nothing: unrelated demo texts scored 0.05-0.33 with
USE, the same topic in two languages 0.42-0.72. Above it the cosine is rescaled to 0-1."""


@dataclass(frozen=True, slots=True)
class SimilarInitiative:
    """One close initiative with the reasons it is close."""

    id: str
    score: float
    actors: tuple[str, ...]
    shared_objectives: tuple[int, ...]
    matched_terms: tuple[str, ...]
    place: str | None
    shared_places: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Peer:
    """An actor behind the similar initiatives, with the initiatives that make it one."""

    id: str
    score: float
    initiatives: tuple[str, ...]


def similar_initiatives(
    query: Query,
    initiatives: Sequence[PastActivity],
    n: int = 10,
    embedder: TextEmbedder | None = None,
    texts: TextSpace | None = None,
) -> tuple[list[SimilarInitiative], list[Peer]]:
    """The `n` closest initiatives and the actors behind them, best first.

    The score mixes text closeness, objective overlap and place (same country,
    subregion, region). Text closeness is the TF-IDF cosine or, with an embedder, the
    better of it and the rescaled embedding cosine. `texts`, fitted on the initiatives'
    texts (and holding the embedder), spares reading them again; without it they are
    read here. The request itself, and initiatives only the requester carried out, are
    left out: they would teach the requester nothing new.
    """
    kept = [
        item
        for item in initiatives
        if item.id != query.id and set(item.implementers) - {query.requester}
    ]
    if not kept or n <= 0:
        return [], []
    if texts is None:
        texts = TextSpace(embedder).fit([])
    said = [item.text for item in kept]
    space = texts.terms(query.text, said)
    text = space.cosine
    if texts.embedder is not None:
        text = np.maximum(text, _meaning(texts.meaning(query.text, said)))
    scored = _scored(query, list(enumerate(kept)), text)
    top = [
        _initiative(query, kept[row], near, score, space.terms(row) if near.text > 0 else ())
        for score, _, row, near in scored[:n]
    ]
    return top, _peers(top)


def _scored(
    query: Query, rows: Sequence[tuple[int, PastActivity]], text: np.ndarray
) -> list[tuple[float, str, int, Closeness]]:
    """The rows scoring above 0, best first (ties by id), with their closeness."""
    scored = []
    for row, item in rows:
        near = closeness(query, item, float(text[row]))
        score = (
            TEXT_WEIGHT * near.text
            + OBJECTIVE_WEIGHT * near.objectives
            + PLACE_WEIGHT * near.place_level
        )
        if score > 0:
            scored.append((round(score, 4), item.id, row, near))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return scored


def _initiative(
    query: Query, item: PastActivity, near: Closeness, score: float, terms: tuple[str, ...]
) -> SimilarInitiative:
    return SimilarInitiative(
        id=item.id,
        score=score,
        actors=tuple(a for a in dict.fromkeys(item.implementers) if a != query.requester),
        shared_objectives=near.shared_objectives,
        matched_terms=terms,
        place=near.place,
        shared_places=near.shared_places,
    )


def _meaning(cosines: np.ndarray) -> np.ndarray:
    """Embedding cosines rescaled above `MEANING_FLOOR` to 0-1."""
    rescaled: np.ndarray = np.clip((cosines - MEANING_FLOOR) / (1 - MEANING_FLOOR), 0.0, 1.0)
    return rescaled


def _peers(initiatives: Sequence[SimilarInitiative]) -> list[Peer]:
    """Actors ranked by the summed score of the initiatives they carried out."""
    scores: dict[str, float] = defaultdict(float)
    behind: dict[str, list[str]] = defaultdict(list)
    for item in initiatives:
        for actor in item.actors:
            scores[actor] += item.score
            behind[actor].append(item.id)
    return sorted(
        (Peer(actor, round(score, 4), tuple(behind[actor])) for actor, score in scores.items()),
        key=lambda p: (-p.score, p.id),
    )


class SimilarPool:
    """Every initiative a hub may show as similar, read once per hub revision: a call
    then weighs them all with array operations and explains only the `n` it returns.

    `texts` must have been fitted on every initiative's text (`matching.pool`).
    """

    def __init__(self, initiatives: Sequence[PastActivity], texts: TextSpace) -> None:
        self.items = list(initiatives)
        self.text = TextPool(texts, [item.text for item in self.items])
        self.relevance = Relevance(self.items)
        self._rows: dict[str, list[int]] = defaultdict(list)
        for row, item in enumerate(self.items):
            self._rows[item.id].append(row)
        self.actors = np.asarray([len(set(item.implementers)) for item in self.items])
        self._did: dict[str, list[int]] = defaultdict(list)
        for row, item in enumerate(self.items):
            for actor in set(item.implementers):
                self._did[actor].append(row)

    def closest(
        self, query: Query, n: int = 10, hidden: Iterable[str] = ()
    ) -> tuple[list[SimilarInitiative], list[Peer]]:
        """`similar_initiatives(query, <the initiatives but hidden>, n, texts=...)`."""
        kept = np.ones(len(self.items), dtype=bool)
        for left_out in (query.id, *hidden):
            kept[self._rows.get(left_out, [])] = False
        others = self.actors.copy()
        if query.requester is not None:
            others[self._did.get(query.requester, [])] -= 1
        kept &= others > 0
        if not kept.any() or n <= 0:
            return [], []
        space = self.text.terms(query.text, kept)
        text = space.cosine
        embedded = self.text.space.embedder is not None
        if embedded:
            text = np.maximum(text, _meaning(self.text.meaning(query.text)))
        raw = (
            TEXT_WEIGHT * text
            + OBJECTIVE_WEIGHT * self.relevance.objectives(query)
            + PLACE_WEIGHT * self.relevance.place_levels(query)
        )
        rows = np.flatnonzero(kept & (raw > 0))
        if rows.size > n:
            # Only scores that round as high as the n-th best can make the list; the
            # margin also covers the float32 rounding of the meaning of every row.
            cut = np.partition(raw[rows], rows.size - n)[rows.size - n]
            rows = rows[raw[rows] >= cut - 2e-4]
        if embedded:
            text[rows] = np.maximum(
                space.cosine[rows], _meaning(self.text.meaning(query.text, rows))
            )
        scored = _scored(query, [(int(row), self.items[row]) for row in rows], text)
        top = [
            _initiative(
                query, self.items[row], near, score, space.terms(row) if near.text > 0 else ()
            )
            for score, _, row, near in scored[:n]
        ]
        return top, _peers(top)
