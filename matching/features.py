"""Pair features: one number per (request, candidate) and signal, all zero when silent.

Each signal is computed for a batch of requests against every candidate at once, as
dense requests x candidates arrays, so the recommender only sums weighted arrays.
"""

from __future__ import annotations

from collections.abc import Sequence

import networkx as nx
import numpy as np
import scipy.sparse as sp

from matching.history import TrackRecord, day_number
from matching.names import NameIndex
from matching.places import Labels, overlap, place_level
from matching.profiles import Candidate, PastActivity, Query
from matching.proximity import Neighbourhood
from matching.text import TextIndex

__all__ = ["DEFAULT_WEIGHTS", "FEATURES", "Signals"]

DEFAULT_WEIGHTS = {
    "text": 2.0,
    "text_relative": 2.0,
    "text_char": 1.0,
    "text_mass": 0.2,
    "text_profile": 1.0,
    "profile": 4.0,
    "named": 8.0,
    "place": 1.5,
    "place_share": 0.5,
    "locations": 1.0,
    "sectors": 0.5,
    "sectors_mass": 0.5,
    "objectives": 2.0,
    "language": 1.0,
    "track": 0.5,
    "network": 0.5,
    "graph": 1.0,
    "funders": 1.0,
    "funders_mass": 0.2,
    "full": -10.0,
}
"""Weights used where the history cannot teach one (cold start, a signal never seen).

Rounded from what the weights learned on a public IATI "who does what where" benchmark;
the sign also fixes which way a learned weight may go.
"""

FEATURES = tuple(DEFAULT_WEIGHTS)


def _row_share(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Each row scaled to sum to 1 (empty rows stay empty)."""
    sums = np.asarray(matrix.sum(axis=1)).ravel()
    return sp.csr_matrix(sp.diags(1.0 / np.maximum(sums, 1e-12)) @ matrix)


def _transposed(matrix: sp.spmatrix) -> sp.csr_matrix:
    return sp.csr_matrix(matrix.T)


def _relative(values: np.ndarray) -> np.ndarray:
    """Each row over its maximum: how close to this request's best a candidate comes."""
    return np.asarray(values / np.maximum(values.max(axis=1, keepdims=True), 1e-6))


def _places(items: Sequence[Query | PastActivity | Candidate]) -> list[list[tuple[str, ...]]]:
    return [[i.countries for i in items], [i.subregions for i in items], [i.regions for i in items]]


def _numbers(rows: Sequence[tuple[int, ...]]) -> list[list[str]]:
    return [[str(o) for o in row] for row in rows]


class Signals:
    """Everything about candidates and history the signals need, precomputed in fit."""

    def __init__(
        self,
        candidates: Sequence[Candidate],
        history: Sequence[PastActivity],
        graph: nx.Graph | None,
        half_life_days: float,
    ) -> None:
        self.candidates, self.history = list(candidates), list(history)
        self.ids = [c.id for c in candidates]
        positions = {c: i for i, c in enumerate(self.ids)}
        self.track = TrackRecord(history, positions, half_life_days)
        self.text = TextIndex()
        word, char = self.text.fit([*(a.text for a in history), *(c.text for c in candidates)])
        self.word, self.own_word = word[: len(history)], word[len(history) :]
        self.char, self.own_char = char[: len(history)], char[len(history) :]
        self.place_labels = [
            Labels([*a, *c]) for a, c in zip(_places(history), _places(candidates), strict=True)
        ]
        self.place_acts = [
            lab.encode(r) for lab, r in zip(self.place_labels, _places(history), strict=True)
        ]
        self.place_cands = [
            lab.encode(r) for lab, r in zip(self.place_labels, _places(candidates), strict=True)
        ]
        self.location_labels = Labels(a.locations for a in history)
        self.locations = self.location_labels.encode([a.locations for a in history])
        self.sector_labels = Labels(a.sectors for a in history)
        self.sectors = self.sector_labels.encode([a.sectors for a in history])
        self.objective_labels = Labels([[str(n) for n in range(1, 24)]])
        declared = self.objective_labels.encode(_numbers([c.objectives for c in candidates]))
        done = self.objective_labels.encode(_numbers([a.objectives for a in history]))
        self.objectives = sp.csr_matrix(
            (declared + self.track.incidence.T @ done) > 0, dtype=np.float32
        )
        self.language_labels = Labels(c.languages for c in candidates)
        self.languages = self.language_labels.encode([c.languages for c in candidates])
        self.full = np.array([c.capacity_left == 0 for c in candidates], dtype=np.float32)
        # Every organisation met anywhere, candidates first, for names and co-participation.
        self.orgs = list(self.ids)
        for activity in history:
            for org in (*activity.implementers, *activity.funders, *activity.partners):
                if org not in positions:
                    positions[org] = len(self.orgs)
                    self.orgs.append(org)
        self.org_positions = positions
        self.names = NameIndex(
            [(c.name, (c.id, *c.aliases)) for c in candidates]
            + [(o, ()) for o in self.orgs[len(candidates) :]]
        )
        members = Labels.known(positions).encode(
            [(*a.implementers, *a.funders, *a.partners) for a in history]
        )
        self.members = members
        self.funders = Labels.known(positions).encode([a.funders for a in history])
        # How often a name found in a text meant the organisation took part: "UNHCR" almost
        # always does, a name that is also a plain word ("care", "lead") seldom.
        self.mentions = self.names.matrix([a.text for a in history])
        self.true_mentions = sp.csr_matrix(self.mentions.multiply(members))
        self.mention_counts = np.asarray(self.mentions.sum(axis=0))
        self.true_mention_counts = np.asarray(self.true_mentions.sum(axis=0))
        self.graph = Neighbourhood(graph, self.ids) if graph is not None else None
        self.counts = self.track.total(np.ones((1, len(history)), dtype=np.float32))
        # Transposed once here: scipy would convert them on every request otherwise.
        self.word_t, self.char_t = _transposed(self.word), _transposed(self.char)
        self.own_word_t, self.own_char_t = _transposed(self.own_word), _transposed(self.own_char)
        self.place_acts_t = [_transposed(m) for m in self.place_acts]
        self.place_cands_t = [_transposed(m) for m in self.place_cands]
        self.locations_t, self.sectors_t = _transposed(self.locations), _transposed(self.sectors)
        self.objectives_t, self.languages_t = (
            _transposed(self.objectives),
            _transposed(self.languages),
        )
        self.members_t, self.funders_t = _transposed(self.members), _transposed(self.funders)

    def compute(
        self, queries: Sequence[Query], own: np.ndarray | None = None
    ) -> dict[str, np.ndarray]:
        """Every signal for a batch of requests against every candidate.

        `own` is for training, where each request is a past activity: it hides that
        activity and everything that started on or after it.
        """
        when = np.array([day_number(q.when) for q in queries])
        track, n = self.track, len(self.ids)
        if own is None:
            visible = np.ones((len(queries), track.starts.size), dtype=np.float32)
            counts = np.repeat(self.counts, len(queries), axis=0)
            mentions, true_mentions = self.mention_counts, self.true_mention_counts
        else:
            visible = track.visible(when, own)
            counts = track.total(visible)
            mentions = np.asarray(self.mentions.T @ visible.T).T
            true_mentions = np.asarray(self.true_mentions.T @ visible.T).T
        per_count = 1.0 / np.maximum(counts, 1.0)
        recency = track.recency(when) * visible
        if own is None:
            word, char = self.text.transform([q.text for q in queries])
        else:
            word, char = self.word[own], self.char[own]
        text_word = (word @ self.word_t).toarray() * visible
        text_char = (char @ self.char_t).toarray() * visible
        best_word = track.best(text_word)
        profile_word = track.total(text_word) * np.sqrt(per_count)
        query_places = [
            lab.encode(r) for lab, r in zip(self.place_labels, _places(queries), strict=True)
        ]
        act_level = place_level(query_places, self.place_acts_t) * visible
        wanted_places = self.location_labels.encode([q.locations for q in queries])
        locations = (wanted_places @ self.locations_t).toarray() > 0
        wanted_sectors = self.sector_labels.encode([q.sectors for q in queries])
        sectors = overlap(wanted_sectors, self.sectors_t) * visible
        wanted = self.objective_labels.encode(_numbers([q.objectives for q in queries]))
        spoken = self.language_labels.encode([q.languages for q in queries])
        reliability = (true_mentions + 1.0) / (mentions + 2.0)
        named = sp.csr_matrix(self.names.matrix([q.text for q in queries]).multiply(reliability))
        named_candidates = named[:, :n].toarray()
        # Taking part with a named organisation; being named oneself is `named`'s business.
        together = track.total((named @ self.members_t).toarray() * visible)
        network = np.log1p(np.maximum(together - named_candidates * counts, 0.0))
        likely_funders = _row_share(sp.csr_matrix(text_word @ self.funders))
        funded = track.total((likely_funders @ self.funders_t).toarray() * visible)
        return {
            "text": best_word,
            "text_relative": _relative(best_word),
            "text_char": track.best(text_char),
            "text_mass": np.log1p(track.total(text_word * recency)),
            "text_profile": profile_word,
            "profile": 0.5 * ((word @ self.own_word_t) + (char @ self.own_char_t)).toarray(),
            "named": named_candidates,
            "place": np.maximum(
                place_level(query_places, self.place_cands_t), track.best(act_level)
            ),
            "place_share": track.total(act_level) * per_count,
            "locations": np.log1p(track.total(locations * visible)),
            "sectors": track.total(sectors) * per_count,
            "sectors_mass": np.log1p(track.total(sectors * recency)),
            "objectives": (wanted @ self.objectives_t).toarray()
            / np.maximum(np.asarray(wanted.sum(axis=1)), 1.0),
            "language": ((spoken @ self.languages_t).toarray() > 0).astype(np.float32),
            "track": np.log1p(track.total(recency)),
            "network": network,
            "graph": self._graph(queries) if own is None else np.zeros_like(counts),
            "funders": funded * per_count,
            "funders_mass": np.log1p(funded),
            "full": np.repeat(self.full[None, :], len(queries), axis=0),
        }

    def _graph(self, queries: Sequence[Query]) -> np.ndarray:
        """Closeness in the hub's graph to the requester: its partners, funders, peers.

        Only the requester seeds it. Named organisations have a learned signal of their
        own, and this one cannot be learned from history without leaking the answer, so
        it stays out of requests that have no requester.
        """
        if self.graph is None:
            return np.zeros((len(queries), len(self.ids)), dtype=np.float32)
        starts = [[q.requester] if q.requester else [] for q in queries]
        return np.asarray(np.log1p(self.graph.closeness(self.graph.seeds(starts))))
