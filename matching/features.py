"""Pair features: one number per (request, candidate) and signal, all zero when silent.

A batch of requests is first compared with every past activity and every candidate at
once (`Signals.batch`, dense requests x activities and requests x candidates arrays,
one sparse product each). Features are then read off for chosen pairs only
(`Signals.features`): a short list when serving, sampled pairs when training, every
candidate when scoring exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp

from matching.history import TrackRecord, day_number
from matching.names import NameIndex
from matching.pairs import Pairs
from matching.places import LEVELS, Labels, place_level, reach
from matching.profiles import Candidate, PastActivity, Query
from matching.proximity import Neighbourhood
from matching.text import TextIndex

__all__ = ["CANDIDATE_SIGNALS", "DEFAULT_WEIGHTS", "FEATURES", "Batch", "Signals"]

DEFAULT_WEIGHTS = {
    "text": 2.0,
    "text_relative": 2.0,
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

CANDIDATE_SIGNALS = ("profile", "named", "place", "objectives", "language", "graph")
"""Signals read from the candidate's own profile, known for every candidate at once."""


def _transposed(matrix: sp.spmatrix) -> sp.csr_matrix:
    return sp.csr_matrix(matrix.T)


def _places(items: Sequence[Query | PastActivity | Candidate]) -> list[list[tuple[str, ...]]]:
    return [[i.countries for i in items], [i.subregions for i in items], [i.regions for i in items]]


def _numbers(rows: Sequence[tuple[int, ...]]) -> list[list[str]]:
    return [[str(o) for o in row] for row in rows]


@dataclass(frozen=True, slots=True)
class Batch:
    """A batch of requests against every past activity (`activities`, requests x
    activities: text similarity, shared places, ...) and every candidate (`candidates`,
    requests x candidates: what its own profile says)."""

    when: np.ndarray
    words: sp.csr_matrix
    visible: np.ndarray | None
    best_text: np.ndarray
    activities: dict[str, np.ndarray]
    candidates: dict[str, np.ndarray]


def _per_activity(matrix: sp.csr_matrix, asked: np.ndarray) -> np.ndarray:
    """requests x activities: the sum of each request's `asked` weights over each
    activity's labels (`matrix` is activities x labels). Sparse times dense, one pass."""
    return np.asarray(matrix @ asked.T, dtype=np.float32).T


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
        self.word, self.own_word, self.own_char = self.text.fit(
            [a.text for a in history], [c.text for c in candidates]
        )
        self.place_labels = [
            Labels([*a, *c]) for a, c in zip(_places(history), _places(candidates), strict=True)
        ]
        self.place_acts = [
            lab.encode(r) for lab, r in zip(self.place_labels, _places(history), strict=True)
        ]
        place_cands = [
            lab.encode(r) for lab, r in zip(self.place_labels, _places(candidates), strict=True)
        ]
        self.location_labels = Labels(a.locations for a in history)
        self.locations = self.location_labels.encode([a.locations for a in history])
        self.sector_labels = Labels(a.sectors for a in history)
        self.sectors = self.sector_labels.encode([a.sectors for a in history])
        self.sector_counts = np.diff(self.sectors.indptr)[None, :].astype(np.float32)
        self.objective_labels = Labels([[str(n) for n in range(1, 24)]])
        declared = self.objective_labels.encode(_numbers([c.objectives for c in candidates]))
        done = self.objective_labels.encode(_numbers([a.objectives for a in history]))
        self.objectives = sp.csr_matrix(
            (declared + self.track.incidence.T @ done) > 0, dtype=np.float32
        )
        self.language_labels = Labels(c.languages for c in candidates)
        languages = self.language_labels.encode([c.languages for c in candidates])
        self.full = np.array([c.capacity_left == 0 for c in candidates], dtype=np.float32)
        # Every organisation met anywhere, candidates first, for names and co-participation.
        self.orgs = list(self.ids)
        for activity in history:
            for org in (*activity.implementers, *activity.funders, *activity.partners):
                if org not in positions:
                    positions[org] = len(self.orgs)
                    self.orgs.append(org)
        self.names = NameIndex(
            [(c.name, (c.id, *c.aliases)) for c in candidates]
            + [(o, ()) for o in self.orgs[len(candidates) :]]
        )
        self.members = Labels.known(positions).encode(
            [(*a.implementers, *a.funders, *a.partners) for a in history]
        )
        self.funders = Labels.known(positions).encode([a.funders for a in history])
        # How often a name found in a text meant the organisation took part: "UNHCR" almost
        # always does, a name that is also a plain word ("care", "lead") seldom.
        self.mentions = self.names.matrix([a.text for a in history])
        self.true_mentions = sp.csr_matrix(self.mentions.multiply(self.members))
        self.mention_counts = np.asarray(self.mentions.sum(axis=0))
        self.true_mention_counts = np.asarray(self.true_mentions.sum(axis=0))
        self.graph = Neighbourhood(graph, self.ids) if graph is not None else None
        self.implemented = (np.diff(self.track.incidence.indptr) > 0).astype(np.float32)
        # Transposed once here: scipy would convert them on every request otherwise.
        self.word_t = _transposed(self.word)
        self.own_word_t, self.own_char_t = _transposed(self.own_word), _transposed(self.own_char)
        self.place_cands_t = [_transposed(m) for m in place_cands]
        self.objectives_t, self.languages_t = _transposed(self.objectives), _transposed(languages)
        self.funders_t = _transposed(self.funders)

    def batch(self, queries: Sequence[Query], own: np.ndarray | None = None) -> Batch:
        """A batch of requests compared with every past activity and candidate.

        `own` is for training, where each request is a past activity: it hides that
        activity and everything that started on or after it.
        """
        when = np.array([day_number(q.when) for q in queries])
        texts = [q.text for q in queries]
        if own is None:
            visible = None
            word = self.text.words(texts)
            mentions, true_mentions = self.mention_counts, self.true_mention_counts
        else:
            visible = self.track.visible(when, own)
            word = self.word[own]
            mentions = np.asarray(self.mentions.T @ visible.T).T
            true_mentions = np.asarray(self.true_mentions.T @ visible.T).T
        text = (word @ self.word_t).toarray()
        if visible is not None:
            text *= visible
        best_text = (text * self.implemented).max(axis=1, initial=0.0)
        places = [lab.encode(r) for lab, r in zip(self.place_labels, _places(queries), strict=True)]
        level = np.zeros_like(text)
        for weight, asked, matrix in zip(LEVELS.values(), places, self.place_acts, strict=True):
            level = np.maximum(level, weight * (_per_activity(matrix, asked.toarray()) > 0))
        sectors = self.sector_labels.encode([q.sectors for q in queries]).toarray()
        shared = _per_activity(self.sectors, sectors)
        union = sectors.sum(axis=1, keepdims=True) + self.sector_counts - shared
        wanted = self.objective_labels.encode(_numbers([q.objectives for q in queries]))
        spoken = self.language_labels.encode([q.languages for q in queries])
        reliability = (true_mentions + 1.0) / (mentions + 2.0)
        named = np.asarray(self.names.matrix(texts).multiply(reliability).toarray(), np.float32)
        # Who funded the activities that read like the request, as shares.
        funders = np.asarray(self.funders_t @ text.T).T
        funders /= np.maximum(funders.sum(axis=1, keepdims=True), 1e-12)
        locations = self.location_labels.encode([q.locations for q in queries]).toarray()
        return Batch(
            when=when,
            words=word,
            visible=visible,
            best_text=best_text,
            activities={
                "text": text,
                "places": level,
                "sectors": np.divide(shared, union, out=np.zeros_like(shared), where=union > 0),
                "locations": (_per_activity(self.locations, locations) > 0).astype(np.float32),
                "together": _per_activity(self.members, named),
                "funded": _per_activity(self.funders, funders),
            },
            candidates={
                "profile": self._profile(word, texts),
                "named": named[:, : len(self.ids)],
                "place": place_level(places, self.place_cands_t),
                "objectives": reach(wanted, self.objectives_t)
                / np.maximum(np.asarray(wanted.sum(axis=1)), 1.0),
                "language": (reach(spoken, self.languages_t) > 0).astype(np.float32),
                "graph": self._graph(queries)
                if own is None
                else np.zeros((len(queries), len(self.ids)), dtype=np.float32),
            },
        )

    def features(self, batch: Batch, rows: np.ndarray, cols: np.ndarray) -> dict[str, np.ndarray]:
        """Every signal for request `rows[k]` of the batch and candidate `cols[k]`."""
        pairs = Pairs(self.track.by_candidate, rows, cols)
        seen = (
            np.ones(pairs.activities.size, dtype=np.float32)
            if batch.visible is None
            else pairs.at(batch.visible)
        )
        per_activity = {name: pairs.at(values) * seen for name, values in batch.activities.items()}
        counts = pairs.total(seen)
        per_count = 1.0 / np.maximum(counts, 1.0)
        recency = self.track.recency(batch.when[pairs.query], pairs.activities) * seen
        text, best_text = per_activity["text"], pairs.best(per_activity["text"])
        places, sectors = per_activity["places"], per_activity["sectors"]
        together = pairs.total(per_activity["together"])
        funded = pairs.total(per_activity["funded"])
        own = {name: values[rows, cols] for name, values in batch.candidates.items()}
        return {
            "text": best_text,
            "text_relative": best_text / np.maximum(batch.best_text[rows], 1e-6),
            "text_mass": np.log1p(pairs.total(text * recency)),
            "text_profile": pairs.total(text) * np.sqrt(per_count),
            "profile": own["profile"],
            "named": own["named"],
            "place": np.maximum(own["place"], pairs.best(places)),
            "place_share": pairs.total(places) * per_count,
            "locations": np.log1p(pairs.total(per_activity["locations"])),
            "sectors": pairs.total(sectors) * per_count,
            "sectors_mass": np.log1p(pairs.total(sectors * recency)),
            "objectives": own["objectives"],
            "language": own["language"],
            "track": np.log1p(pairs.total(recency)),
            # Taking part with a named organisation; being named oneself is `named`'s business.
            "network": np.log1p(np.maximum(together - own["named"] * counts, 0.0)),
            "graph": own["graph"],
            "funders": funded * per_count,
            "funders_mass": np.log1p(funded),
            "full": self.full[cols],
        }

    def _profile(self, word: sp.csr_matrix, texts: Sequence[str]) -> np.ndarray:
        """Text similarity to the candidates' own descriptions, by words and characters."""
        similar = word @ self.own_word_t
        # Most hubs built from IATI data have no descriptions: skip the costly characters.
        if self.own_char.nnz:
            similar = similar + self.text.chars(texts) @ self.own_char_t
        return np.asarray(0.5 * similar.toarray())

    def _graph(self, queries: Sequence[Query]) -> np.ndarray:
        """Closeness in the hub's graph to the requester: its partners, funders, peers.

        Only the requester seeds it. Named organisations have a learned signal of their
        own, and this one cannot be learned from history without leaking the answer, so
        it stays out of requests that have no requester (and out of training).
        """
        if self.graph is None:
            return np.zeros((len(queries), len(self.ids)), dtype=np.float32)
        starts = [[q.requester] if q.requester else [] for q in queries]
        return np.asarray(np.log1p(self.graph.closeness(self.graph.seeds(starts))))
