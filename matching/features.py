"""Pair features: one number per (request, candidate) and signal, all zero when silent.

A batch of requests is first compared with every past activity and every candidate at
once (`Signals.batch`, dense requests x activities and requests x candidates arrays,
one sparse product each). Features are then read off for chosen pairs only
(`Signals.features`): a short list when serving, sampled pairs when training, every
candidate when scoring exactly.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import numpy as np
import scipy.sparse as sp

from matching.crosslingual import Bridge
from matching.dense import DenseIndex
from matching.history import TrackRecord, day_number
from matching.languages import written_in
from matching.names import NameIndex
from matching.pairs import Pairs
from matching.places import Labels, jaccard, place_level, summed_reach, weighted_reach
from matching.profiles import SUGGESTED_WEIGHT, Candidate, PastActivity, Query
from matching.proximity import Neighbourhood
from matching.text import TextIndex, similarity
from matching.working_languages import WorkingLanguages

__all__ = ["CANDIDATE_SIGNALS", "DECIDED", "DEFAULT_WEIGHTS", "FEATURES", "Batch", "Signals"]

DEFAULT_WEIGHTS = {
    "text": 2.0,
    "text_relative": 2.0,
    "text_mass": 0.2,
    "text_profile": 1.0,
    "dense": 2.0,
    "dense_profile": 4.0,
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
    "rejected": -1.0,
    "standing": 1.0,
    "precedent": 1.0,
}
"""Weights used where the history cannot teach one (cold start, a signal never seen).

Rounded from what the weights learned on a public IATI "who does what where" benchmark;
the sign also fixes which way a learned weight may go. The dense (multilingual) signals
start at the weights of their word counterparts (`text`, `profile`): the same evidence
in another space, and that benchmark has no profiles to learn `dense_profile` from.
"""

FEATURES = tuple(DEFAULT_WEIGHTS)

DECIDED = ("rejected", "standing", "precedent")
"""Signals made of coordinators' decisions (`matching.rejections`, `.standing`,
`.precedents`): never in the history, the recommender sets them and their weights."""


class FromDecisions(Protocol):
    """A signal made of decisions: requests x candidates, given the requests' word rows."""

    def on(self, queries: Sequence[Query], words: sp.csr_matrix) -> np.ndarray: ...


_CACHED_REQUESTERS = 4096
_BRIDGE_TEXTS = 500
"""Texts (profiles, past activities) each word-to-meaning line is fitted on, against
each other: a spread sample, so fit stays cheap at any size."""

CANDIDATE_SIGNALS = (
    "profile",
    "dense_profile",
    "named",
    "place",
    "objectives",
    "language",
    "graph",
)
"""Signals read from the candidate's own profile, known for every candidate at once."""


def _transposed(matrix: sp.spmatrix) -> sp.csr_matrix:
    return sp.csr_matrix(matrix.T)


def _spread(items: np.ndarray) -> np.ndarray:
    """At most `_BRIDGE_TEXTS` of `items`, evenly spread."""
    found: np.ndarray = items[
        np.linspace(0, items.size - 1, min(items.size, _BRIDGE_TEXTS)).astype(int)
    ]
    return found


def _places(items: Sequence[Query | PastActivity | Candidate]) -> list[list[tuple[str, ...]]]:
    return [[i.countries for i in items], [i.subregions for i in items], [i.regions for i in items]]


def _numbers(rows: Sequence[tuple[int, ...]]) -> list[list[str]]:
    return [[str(o) for o in row] for row in rows]


def _confirmed(items: Sequence[Query | PastActivity | Candidate]) -> list[tuple[int, ...]]:
    """The objectives of each item that a person chose, not only the tagger."""
    return [tuple(set(i.objectives) - set(i.suggested_objectives)) for i in items]


def _objective_weights(query: Query) -> dict[int, float]:
    """1 for an objective a person chose; `SUGGESTED_WEIGHT` for one the tagger suggested,
    times its confidence relative to the tagger's best for that text when known.

    The best guess counts as any suggestion and the others as far as they come close to
    it. Relative, because the tagger is less sure of everything in some languages than
    in others, and a request should not weigh its objectives less for the language it
    is written in, only its less likely ones.
    """
    suggested = query.suggested_objectives
    sure = (
        dict(zip(suggested, query.suggested_confidence, strict=True))
        if len(query.suggested_confidence) == len(suggested)
        else {}
    )
    best = max(sure.values(), default=0.0)
    return {
        o: SUGGESTED_WEIGHT * (sure[o] / best if best > 0 else 1.0) if o in suggested else 1.0
        for o in set(query.objectives)
    }


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


def _shares(found: np.ndarray, asked: sp.csr_matrix) -> np.ndarray:
    """Counts of the asked labels as shares of how many were asked (in place)."""
    found /= np.maximum(np.diff(asked.indptr), 1.0).astype(np.float32)[:, None]
    return found


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
        self.text = TextIndex(stop_words=stop_words)
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
        self.sector_counts = np.diff(self.sectors.indptr).astype(np.float32)
        self.objective_labels = Labels([[str(n) for n in range(1, 24)]])
        self.objectives = self._held(candidates, history)
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
        self.graph = Neighbourhood(ties, self.ids) if ties is not None else None
        self.implemented = (np.diff(self.track.incidence.indptr) > 0).astype(np.float32)
        # Transposed once here: scipy would convert them on every request otherwise.
        self.word_t = _transposed(self.word)
        self.own_word_t, self.own_char_t = _transposed(self.own_word), _transposed(self.own_char)
        # Which language each past activity is written in: for the word signals across
        # languages and for the languages its implementers work in.
        written = written_in([a.text for a in history])
        self.profile_bridge, self.text_bridge = self._bridges(written)
        self.place_cands_t = [_transposed(m) for m in place_cands]
        self.objectives_t = _transposed(self.objectives)
        self.funders_t = _transposed(self.funders)
        self.place_acts_t = [_transposed(m) for m in self.place_acts]
        self.sectors_t, self.locations_t = _transposed(self.sectors), _transposed(self.locations)
        self.members_t = _transposed(self.members)
        # Per candidate over its whole record, for the explanations: activities per
        # sector, per location, with each organisation.
        done = _transposed(self.track.incidence)
        self.working = WorkingLanguages(candidates, written, done)
        self.sectors_done = sp.csr_matrix(done @ self.sectors)
        self.locations_done = sp.csr_matrix(done @ self.locations)
        self.allies = sp.csr_matrix(done @ self.members)
        for matrix in (self.sectors_done, self.locations_done, self.allies):
            matrix.sort_indices()
        # Graph closeness rows of recent requesters: a donor asks again and again, and a
        # large donor's neighbourhood is the costliest signal to compute.
        self.closeness: dict[str, tuple[np.ndarray, np.ndarray]] = {}

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
            word = self.text.words(texts)
            reliability = self.reliability
        else:
            if own is None:
                visible = self.track.visible(when, np.full(len(queries), -1))
                for row, hidden in enumerate(as_of or ()):
                    visible[row, list(hidden)] = 0.0
                word = self.text.words(texts)
            else:
                visible = self.track.visible(when, own)
                word = self.word[own]
            mentions = np.asarray(self.mentions.T @ visible.T).T
            true_mentions = np.asarray(self.true_mentions.T @ visible.T).T
            reliability = (true_mentions + 1.0) / (mentions + 2.0)
        text, profile, across = self._texts(texts, word, own, visible)
        best_text = np.max(text, axis=1, initial=0.0, where=self.implemented > 0)
        places = [lab.encode(r) for lab, r in zip(self.place_labels, _places(queries), strict=True)]
        level = place_level(places, self.place_acts_t)
        sectors = self.sector_labels.encode([q.sectors for q in queries])
        shared = summed_reach(sectors, self.sectors_t)
        asked_sectors = np.diff(sectors.indptr).astype(np.float32)
        wanted = self._wanted(queries)
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
                "place": place_level(places, self.place_cands_t),
                "objectives": _shares(weighted_reach(wanted, self.objectives_t), wanted),
                "language": self.working.can_work_in(queries),
                "graph": self._graph(queries)
                if own is None
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
            # A request of unknown date (NaN) is taken to be now: the strain holds.
            "full": np.maximum(
                self.full[cols],
                self.strain[cols] * ~(batch.when[rows] > self.strained_until[cols]),
            ),
            **{name: own[name] for name in DECIDED},
        }

    def _held(
        self, candidates: Sequence[Candidate], history: Sequence[PastActivity]
    ) -> sp.csr_matrix:
        """candidates x objectives: each candidate's strongest evidence for an objective,
        declared or done, 1 when a person chose it and `SUGGESTED_WEIGHT` when only the
        tagger did."""
        held = [
            (self.objective_labels.encode(_numbers(c)), self.objective_labels.encode(_numbers(a)))
            for c, a in (
                ([c.objectives for c in candidates], [a.objectives for a in history]),
                (_confirmed(candidates), _confirmed(history)),
            )
        ]
        anything, confirmed = ((own + self.track.incidence.T @ done) > 0 for own, done in held)
        return sp.csr_matrix(
            anything * SUGGESTED_WEIGHT + confirmed * (1.0 - SUGGESTED_WEIGHT), dtype=np.float32
        )

    def _wanted(self, queries: Sequence[Query]) -> sp.csr_matrix:
        """requests x objectives: each asked objective's weight (`_objective_weights`)."""
        rows, cols, weights = [], [], []
        for row, query in enumerate(queries):
            for objective, weight in _objective_weights(query).items():
                # Numbers outside the 23 objectives are dropped, as labels always were.
                col = self.objective_labels.positions.get(str(objective))
                if col is not None:
                    rows.append(row)
                    cols.append(col)
                    weights.append(weight)
        return sp.csr_matrix(
            (np.array(weights, dtype=np.float32), (rows, cols)),
            shape=(len(queries), len(self.objective_labels.positions)),
        )

    def _texts(
        self,
        texts: Sequence[str],
        word: sp.csr_matrix,
        own: np.ndarray | None,
        visible: np.ndarray | None,
    ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        """Word similarity to every past activity and profile, and, when fitted, the
        multilingual cosines; word similarity across two languages is the one the
        cosine predicts (`matching.crosslingual`)."""
        text = similarity(word, self.word_t)
        profile = self._profile(word, texts)
        across: dict[str, np.ndarray] = {}
        if self.dense is not None:
            rows = self.dense.queries(texts) if own is None else self.dense.activities(own)
            across["dense"] = self.dense.to_activities(rows)
            across["dense_profile"] = self.dense.to_profiles(rows)
            asked = written_in(texts)
            text = self.text_bridge.fill(text, across["dense"], asked)
            profile = self.profile_bridge.fill(profile, across["dense_profile"], asked)
            if visible is not None:
                across["dense"] *= visible
        if visible is not None:
            text *= visible
        return text, profile, across

    def _bridges(self, history: list[str | None]) -> tuple[Bridge, Bridge]:
        """Lines from meaning to word similarity (`matching.crosslingual`) for profiles
        and for past activities (`history`: the language of each), each fitted on a
        spread sample of the hub's own texts against each other, so that they hold for
        whatever languages the hub has."""
        profiles = written_in([c.text for c in self.candidates])
        if self.dense is None:
            return Bridge(tuple(profiles)), Bridge(tuple(history))
        said = _spread(np.flatnonzero([bool(c.text.strip()) for c in self.candidates]))
        own = [self.candidates[i].text for i in said]
        words = self._profile(sp.csr_matrix(self.own_word[said]), own)[:, said]
        meaning = self.dense.to_profiles(self.dense.first_parts(said))[:, said]
        profile = Bridge.fit([profiles[i] for i in said], words, meaning)
        done = _spread(np.arange(len(self.history)))
        rows, asked = self.dense.activities(done), sp.csr_matrix(self.word[done])
        text = Bridge.fit(
            [history[i] for i in done],
            similarity(asked, _transposed(asked)),
            self.dense.to_activities(rows, rows),
        )
        return replace(profile, languages=tuple(profiles)), replace(text, languages=tuple(history))

    def _profile(self, word: sp.csr_matrix, texts: Sequence[str]) -> np.ndarray:
        """Text similarity to the candidates' own descriptions, by words and characters."""
        similar = word @ self.own_word_t
        # Most hubs built from IATI data have no descriptions: skip the costly characters.
        if self.own_char.nnz:
            similar = similar + self.text.chars(texts) @ self.own_char_t
        dense = np.asarray(similar.toarray())
        dense *= 0.5
        return dense

    def _graph(self, queries: Sequence[Query]) -> np.ndarray:
        """Closeness in the hub's graph to the requester: its partners, funders, peers.

        Only the requester seeds it. Named organisations have a learned signal of their
        own, and this one cannot be learned from history without leaking the answer, so
        it stays out of requests that have no requester (and out of training).
        """
        found = np.zeros((len(queries), len(self.ids)), dtype=np.float32)
        if self.graph is None:
            return found
        for row, query in enumerate(queries):
            if query.requester:
                where, values = self._close_to(query.requester)
                found[row, where] = values
        return found

    def _close_to(self, requester: str) -> tuple[np.ndarray, np.ndarray]:
        """The candidates close to a requester and how close, least recently used out."""
        assert self.graph is not None
        # Popped and put back so the dict's order is the order of use.
        found = self.closeness.pop(requester, None)
        if found is None:
            row = np.log1p(self.graph.closeness(self.graph.seeds([[requester]]))[0])
            where = np.flatnonzero(row)
            found = (where, row[where])
            if len(self.closeness) >= _CACHED_REQUESTERS:
                self.closeness.pop(next(iter(self.closeness)), None)
        self.closeness[requester] = found
        return found
