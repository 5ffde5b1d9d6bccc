"""Coordinators' decisions as precedents: who was accepted and turned down for requests
like a new one.

A partner's overall standing cannot tell "right for this kind of request" from "wrong
for that kind": on Somalia the large agencies are each accepted and rejected dozens of
times. A precedent is read per request instead. The `neighbours` decided requests most
like the new one (meaning, or words without an embedder, times how far objectives and
places are shared) vote for the partners accepted on them and against the partners
turned down, each vote as strong as its request is alike. A reject speaks only where
its reason does: one for the region only where the places match; "no capacity" and
conflicts of interest say nothing about the fit. Accepts and rejects weigh alike, so a
coordinator deciding at random, who accepts and rejects a partner about equally often,
leaves net votes near zero; one who knows the work accepts the same partners on the
same kind of request.

A decided request votes only from a likeness bar up: an embedder finds some likeness
between any two requests, and below the bar an unrelated request would cast a small
vote where it should cast none.

The signal is sign(v) log(1 + |v|) of the net vote v: a few agreeing precedents count
nearly as much as many. Decisions on the request itself are left out: they exclude or
pin it already.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from matching.decisions import trains
from matching.dense import DenseIndex
from matching.places import Labels
from matching.profiles import Decision, Query
from matching.rejections import PLACE_REASONS, finest_places, label_jaccard
from matching.text import TextIndex, similarity

__all__ = ["Precedents"]


def _objectives(queries: Sequence[Query]) -> list[list[str]]:
    return [[str(o) for o in q.objectives] for q in queries]


def _vote(weights: np.ndarray, decided: sp.csr_matrix) -> np.ndarray:
    """requests x candidates: `weights` (requests x decided requests) times `decided`."""
    return np.asarray(decided.T @ weights.T).T


class Precedents:
    """Per request and candidate, the net vote of the decisions on the most like
    decided requests (0 for every candidate no neighbour decided on).

    Parameters
    ----------
    ids : the candidates, in the recommender's order
    decisions : coordinators' accepts and rejects every caller may know of
    text : the fitted word index (the requests' word rows come from it)
    dense : the multilingual embeddings; None compares words only
    neighbours : how many decided requests vote on a new one
    bar : the least likeness of texts (cosine) at which a decided request votes at all
    """

    def __init__(
        self,
        ids: Sequence[str],
        decisions: Sequence[Decision],
        text: TextIndex,
        dense: DenseIndex | None,
        neighbours: int,
        bar: float = 0.0,
    ) -> None:
        if neighbours < 1:
            raise ValueError(f"neighbours must be at least 1, got {neighbours}")
        if not 0.0 <= bar < 1.0:
            raise ValueError(f"bar must be in [0, 1), got {bar}")
        positions = {c: i for i, c in enumerate(ids)}
        kept = [
            d
            for d in decisions
            if d.candidate in positions and trains(d) and d.reason != "no_capacity"
        ]
        rows: dict[str, int] = {}
        for d in kept:
            rows.setdefault(d.query.id, len(rows))
        self.requests = list({d.query.id: d.query for d in kept}.values())
        self.ids = np.array(list(rows), dtype=object)
        self.size, self.neighbours, self.bar = len(ids), neighbours, bar
        self.text, self.dense = text, dense
        # decided requests x candidates: accepts, rejects for the region, for the fit.
        kinds = (
            [d.accepted for d in kept],
            [not d.accepted and d.reason in PLACE_REASONS for d in kept],
            [not d.accepted and d.reason not in PLACE_REASONS for d in kept],
        )
        self.accepts, self.by_place, self.by_text = (
            sp.csr_matrix(
                (
                    np.array(kind, dtype=np.float32),
                    ([rows[d.query.id] for d in kept], [positions[d.candidate] for d in kept]),
                ),
                shape=(len(rows), len(ids)),
            )
            for kind in kinds
        )
        self.words_t = sp.csr_matrix(text.words([q.text for q in self.requests]).T)
        self.meaning_t = (
            dense.queries([q.text for q in self.requests]).T if dense is not None else None
        )
        self.place_labels = Labels(finest_places(q) for q in self.requests)
        self.places = self.place_labels.encode([finest_places(q) for q in self.requests])
        self.objective_labels = Labels(_objectives(self.requests), fold=False)
        self.objectives = self.objective_labels.encode(_objectives(self.requests))

    def likeness(self, queries: Sequence[Query], words: sp.csr_matrix) -> np.ndarray:
        """requests x decided requests: how alike their texts read (cosine), 0 below the
        bar, so that an unrelated request gives no vote rather than a small one."""
        if self.dense is not None and self.meaning_t is not None:
            meaning = self.dense.queries([q.text for q in queries])
            said: np.ndarray = np.maximum(meaning @ self.meaning_t, 0.0)
        else:
            said = similarity(words, self.words_t)
        said[said < self.bar] = 0.0
        return said

    def on(self, queries: Sequence[Query], words: sp.csr_matrix) -> np.ndarray:
        """requests x candidates; `words` are the requests' rows from the same index."""
        if not self.requests:
            return np.zeros((len(queries), self.size), dtype=np.float32)
        said = self.likeness(queries, words)
        places = label_jaccard(
            self.place_labels.encode([finest_places(q) for q in queries]), self.places
        )
        objectives = label_jaccard(
            self.objective_labels.encode(_objectives(queries)), self.objectives
        )
        alike = said * (1.0 + objectives + places) / 3.0
        alike[np.array([q.id for q in queries], dtype=object)[:, None] == self.ids[None, :]] = 0
        if alike.shape[1] > self.neighbours:
            # Only the closest neighbours vote: zero the rest of each row.
            far = np.argpartition(-alike, self.neighbours, axis=1)[:, self.neighbours :]
            np.put_along_axis(alike, far, 0.0, axis=1)
        votes = (
            _vote(alike, self.accepts)
            - _vote(alike, self.by_text)
            - _vote(np.where(places > 0, alike, 0.0), self.by_place)
        )
        found: np.ndarray = (np.sign(votes) * np.log1p(np.abs(votes))).astype(np.float32)
        return found
