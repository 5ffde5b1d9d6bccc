"""Similar initiatives (GCM para 43(a)(iii)): who did something like this request before.

Past activities, other requests and partnerships all arrive as `PastActivity` rows
whose `implementers` are the Member States and organisations that carried them out;
the closest rows, and the actors behind them, are the peers a requester can learn from.
Words meet only within a language; given an embedder, texts are also compared by their
multilingual embeddings (`matching.dense`), so an Arabic request finds a Spanish practice.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matching.embedding import TextEmbedder
from matching.profiles import PastActivity, Query
from matching.relevance import closeness
from matching.textspace import TextSpace

__all__ = ["Peer", "SimilarInitiative", "similar_initiatives"]

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
    scored = []
    for row, item in enumerate(kept):
        near = closeness(query, item, float(text[row]))
        score = (
            TEXT_WEIGHT * near.text
            + OBJECTIVE_WEIGHT * near.objectives
            + PLACE_WEIGHT * near.place_level
        )
        if score > 0:
            scored.append((round(score, 4), item.id, row, near))
    scored.sort(key=lambda s: (-s[0], s[1]))
    top = [
        SimilarInitiative(
            id=kept[row].id,
            score=score,
            actors=tuple(a for a in dict.fromkeys(kept[row].implementers) if a != query.requester),
            shared_objectives=near.shared_objectives,
            matched_terms=space.terms(row) if near.text > 0 else (),
            place=near.place,
            shared_places=near.shared_places,
        )
        for score, _, row, near in scored[:n]
    ]
    return top, _peers(top)


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
