"""Pair features computed: one number per (request, candidate) and signal (`matching.features`).

A batch of requests is first compared with every past activity and every candidate at
once (`Signals.batch`, dense requests x activities and requests x candidates arrays,
one sparse product each). Features are then read off for chosen pairs only
(`Signals.features`): a short list when serving, sampled pairs when training, every
candidate when scoring exactly.

The families with state of their own live beside this: how requests read
(`matching.text_signals`), the objectives they ask (`matching.objectives`), the
requester's closeness in the graph (`matching.proximity`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import scipy.sparse as sp

from matching import objectives
from matching.dense import DenseIndex
from matching.features import DECIDED
from matching.history import TrackRecord, day_number
from matching.languages import written_in
from matching.names import NameIndex
from matching.pairs import Pairs
from matching.places import Labels, jaccard, place_level, summed_reach, transposed
from matching.presence import Presence
from matching.profiles import Candidate, PastActivity, Query
from matching.proximity import RequesterCloseness
from matching.text_signals import TextSignals
from matching.working_languages import WorkingLanguages

__all__ = ["Batch", "FromDecisions", "Signals"]


class FromDecisions(Protocol):
    """A signal made of decisions: requests x candidates, given the requests' word rows."""

    def on(self, queries: Sequence[Query], words: sp.csr_matrix) -> np.ndarray: ...


def _places(items: Sequence[Query | PastActivity | Candidate]) -> list[list[tuple[str, ...]]]:
    return [[i.countries for i in items], [i.subregions for i in items], [i.regions for i in items]]


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
        ties: Iterable[tuple[str, str]] | None,
        half_life_days: float,
        dense: DenseIndex | None = None,
        stop_words: bool = True,
    ) -> None:
        self.candidates, self.history, self.dense = list(candidates), list(history), dense
        self.ids = [c.id for c in candidates]
        positions = {c: i for i, c in enumerate(self.ids)}
        self.track = TrackRecord(history, positions, half_life_days)
        # Which language each past activity is written in: for the word signals across
        # languages and for the languages its implementers work in.
        written = written_in([a.text for a in history])
        self.texts = TextSignals(candidates, history, written, dense, stop_words)
        self.place_labels = [
            Labels([*a, *c]) for a, c in zip(_places(history), _places(candidates), strict=True)
        ]
        self.place_acts = [
            lab.encode(r) for lab, r in zip(self.place_labels, _places(history), strict=True)
        ]
        place_cands = [
            lab.encode(r) for lab, r in zip(self.place_labels, _places(candidates), strict=True)
        ]
        self.presence = Presence(self.place_labels, candidates, history)
        self.location_labels = Labels(a.locations for a in history)
        self.locations = self.location_labels.encode([a.locations for a in history])
        self.sector_labels = Labels(a.sectors for a in history)
        self.sectors = self.sector_labels.encode([a.sectors for a in history])
        self.sector_counts = np.diff(self.sectors.indptr).astype(np.float32)
        self.objective_labels = objectives.labels()
        self.holdings = objectives.holdings(self.objective_labels, candidates, history)
        self.objectives = objectives.held(self.holdings, self.track.incidence)
        self.full = np.array([c.capacity_left == 0 for c in candidates], dtype=np.float32)
        # How full coordinators' "no capacity" rejects say a candidate is, and until
        # which day (`matching.decisions.strain`); nobody, until set.
        self.strain, self.strained_until = (
            np.zeros(len(candidates), dtype=np.float32),
            np.full(len(candidates), -np.inf),
        )
        # What coordinators' decisions say (`DECIDED`); nothing, until set.
        self.decided: dict[str, FromDecisions] = {}
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
        self.reliability = (self.true_mention_counts + 1.0) / (self.mention_counts + 2.0)
        self.graph = RequesterCloseness(ties, self.ids) if ties is not None else None
        self.implemented = (np.diff(self.track.incidence.indptr) > 0).astype(np.float32)
        # Transposed once here: scipy would convert them on every request otherwise.
        self.place_cands_t = [transposed(m) for m in place_cands]
        self.objectives_t = transposed(self.objectives)
        self.funders_t = transposed(self.funders)
        self.place_acts_t = [transposed(m) for m in self.place_acts]
        self.sectors_t, self.locations_t = transposed(self.sectors), transposed(self.locations)
        self.members_t = transposed(self.members)
        # Per candidate over its whole record, for the explanations: activities per
        # sector, per location, with each organisation.
        done = transposed(self.track.incidence)
        self.working = WorkingLanguages(candidates, written, done)
        self.sectors_done = sp.csr_matrix(done @ self.sectors)
        self.locations_done = sp.csr_matrix(done @ self.locations)
        self.allies = sp.csr_matrix(done @ self.members)
        for matrix in (self.sectors_done, self.locations_done, self.allies):
            matrix.sort_indices()

    def batch(
        self,
        queries: Sequence[Query],
        own: np.ndarray | None = None,
        as_of: Sequence[Collection[int]] | None = None,
    ) -> Batch:
        """A batch of requests compared with every past activity and candidate.

        `own` is for training, where each request is a past activity: it hides that
        activity and everything that started on or after it. `as_of` is for requests from
        outside the history judged as a coordinator saw them: it hides everything that
        started on or after each request, and per request the rows given (the record its
        own decisions made, dated or not).
        """
        when = np.array([day_number(q.when) for q in queries])
        texts = [q.text for q in queries]
        if own is None and as_of is None:
            visible = None
            word = self.texts.index.words(texts)
            reliability = self.reliability
        else:
            if own is None:
                visible = self.track.visible(when, np.full(len(queries), -1))
                for row, hidden in enumerate(as_of or ()):
                    visible[row, list(hidden)] = 0.0
                word = self.texts.index.words(texts)
            else:
                visible = self.track.visible(when, own)
                word = self.texts.word[own]
            mentions = np.asarray(self.mentions.T @ visible.T).T
            true_mentions = np.asarray(self.true_mentions.T @ visible.T).T
            reliability = (true_mentions + 1.0) / (mentions + 2.0)
        text, profile, across = self.texts.compare(texts, word, own, visible)
        best_text = np.max(text, axis=1, initial=0.0, where=self.implemented > 0)
        places = [lab.encode(r) for lab, r in zip(self.place_labels, _places(queries), strict=True)]
        level = place_level(places, self.place_acts_t)
        sectors = self.sector_labels.encode([q.sectors for q in queries])
        shared = summed_reach(sectors, self.sectors_t)
        asked_sectors = np.diff(sectors.indptr).astype(np.float32)
        named_sparse = sp.csr_matrix(self.names.matrix(texts).multiply(reliability))
        named = np.asarray(named_sparse.toarray(), np.float32)
        # Who funded the activities that read like the request, as shares.
        funders = np.asarray(self.funders_t @ text.T).T
        funders /= np.maximum(funders.sum(axis=1, keepdims=True), 1e-12)
        locations = self.location_labels.encode([q.locations for q in queries])
        return Batch(
            when=when,
            words=word,
            visible=visible,
            best_text=best_text,
            activities={
                "text": text,
                "places": level,
                "sectors": jaccard(shared, asked_sectors, self.sector_counts),
                "locations": np.minimum(summed_reach(locations, self.locations_t), 1.0),
                "together": summed_reach(named_sparse, self.members_t),
                "funded": _per_activity(self.funders, funders),
                **{k: v for k, v in across.items() if k == "dense"},
            },
            candidates={
                **{k: v for k, v in across.items() if k == "dense_profile"},
                "profile": profile,
                "named": named[:, : len(self.ids)],
                # Declared presence only when judged in the past: the rest comes from
                # the activities the request can see (`matching.presence`).
                "place": place_level(places, self.place_cands_t)
                if visible is None
                else self.presence.declared(places),
                # Held as of the request when judged in the past, as every history signal.
                "objectives": objectives.met(self.objective_labels, self.objectives_t, queries)
                if visible is None
                else objectives.met_as_of(
                    self.objective_labels, self.holdings, self.track.incidence, visible, queries
                ),
                "language": self.working.can_work_in(queries),
                # Cannot be learned from history without leaking the answer: not in training.
                "graph": self.graph.on(queries)
                if own is None and self.graph is not None
                else np.zeros((len(queries), len(self.ids)), dtype=np.float32),
                **{
                    name: self.decided[name].on(queries, word)
                    if own is None and name in self.decided
                    else np.zeros((len(queries), len(self.ids)), dtype=np.float32)
                    for name in DECIDED
                },
            },
        )

    def features(self, batch: Batch, rows: np.ndarray, cols: np.ndarray) -> dict[str, np.ndarray]:
        """Every signal for request `rows[k]` of the batch and candidate `cols[k]`."""
        pairs = Pairs(self.track.by_candidate, rows, cols)
        if batch.visible is None:
            # Serving sees the whole history: no mask to multiply by.
            per_activity = {name: pairs.at(values) for name, values in batch.activities.items()}
            counts = np.diff(self.track.by_candidate.indptr)[cols].astype(np.float32)
            recency = self.track.recency(batch.when[pairs.query], pairs.activities)
        else:
            seen = pairs.at(batch.visible)
            per_activity = {
                name: pairs.at(values) * seen for name, values in batch.activities.items()
            }
            counts = pairs.total(seen)
            recency = self.track.recency(batch.when[pairs.query], pairs.activities) * seen
        per_count = 1.0 / np.maximum(counts, 1.0)
        text, best_text = per_activity["text"], pairs.best(per_activity["text"])
        places, sectors = per_activity["places"], per_activity["sectors"]
        together = pairs.total(per_activity["together"])
        funded = pairs.total(per_activity["funded"])
        own = {name: values[rows, cols] for name, values in batch.candidates.items()}
        silent = np.zeros(cols.size, dtype=np.float32)
        return {
            "text": best_text,
            "text_relative": best_text / np.maximum(batch.best_text[rows], 1e-6),
            "text_mass": np.log1p(pairs.total(text * recency)),
            "text_profile": pairs.total(text) * np.sqrt(per_count),
            "dense": pairs.best(per_activity["dense"]) if self.dense else silent,
            "dense_profile": own["dense_profile"] if self.dense else silent,
            "profile": own["profile"],
            "named": own["named"],
            "place": np.maximum(
                own["place"],
                pairs.best(places)
                if batch.visible is None
                else self.presence.seen(batch.activities["places"], batch.visible, rows, cols),
            ),
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
            # A request of unknown date (NaN) is taken to be now: the strain holds.
            "full": np.maximum(
                self.full[cols],
                self.strain[cols] * ~(batch.when[rows] > self.strained_until[cols]),
            ),
            **{name: own[name] for name in DECIDED},
        }
