"""Why a candidate was proposed: the score's parts and plain sentences from its record.

Only run for the few candidates shown, so it may loop over their past activities.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from matching.features import FEATURES
from matching.pairs import stored
from matching.places import LEVELS
from matching.profiles import Query, Recommendation
from matching.reasons import Reason, ReasonCode, say
from matching.signals import Batch, Signals
from matching.stopwords import is_stop_phrase

__all__ = ["explain", "likeness"]

_TITLE_CHARS = 80
_TERMS = 5
_CLOSEST = 20
"""Matched terms are read from a candidate's closest past activities only: the rest of
a long record adds little to the terms but would cost more than the scoring."""


def likeness(batch: Batch, row: int) -> np.ndarray:
    """How close each past activity reads to request `row`, by words and, when fitted,
    by meaning, to pick the activities an explanation cites."""
    found: np.ndarray = batch.activities["text"][row]
    if "dense" in batch.activities:
        found = found + batch.activities["dense"][row]
    return found


def _row(matrix: sp.csr_matrix, row: int) -> tuple[np.ndarray, np.ndarray]:
    """The columns and values stored in one row."""
    start, end = matrix.indptr[row], matrix.indptr[row + 1]
    return matrix.indices[start:end], matrix.data[start:end]


def _record(
    signals: Signals, column: int, query: Query, level: np.ndarray, rows: np.ndarray
) -> list[Reason]:
    """Reasons about the activities a candidate implemented, from the request's angle
    (`level` holds the request's place level with every past activity).

    The counts over a whole record were made in fit (`Signals.sectors_done`, ...); only
    the places depend on the request, and the batch already compared those.
    """
    if rows.size == 0:
        return []
    there = int(np.count_nonzero(level[rows] >= LEVELS["country"]))
    found = [
        Reason(
            "implemented",
            count=int(rows.size),
            counts={"country": there} if there else {},
            places=tuple(sorted(query.countries)) if there else (),
        )
    ]
    codes: tuple[ReasonCode, ...] = ("sector", "location")
    for (labels, matrix, asked), code in zip(
        (
            (signals.sector_labels, signals.sectors_done, query.sectors),
            (signals.location_labels, signals.locations_done, query.locations),
        ),
        codes,
        strict=True,
    ):
        known_labels, known_counts = _row(matrix, column)
        counts = dict(zip(known_labels.tolist(), known_counts.astype(int).tolist(), strict=True))
        known = [(counts.get(labels.positions.get(labels.key(a), -1), 0), a) for a in asked]
        count, label = max(known, default=(0, ""))
        if count:
            found.append(Reason(code, count=count, names=(label,)))
    allies, times = _row(signals.allies, column)
    times = np.where(allies == column, 0.0, times)
    if times.max(initial=0) > 0:
        ally = int(np.argmax(times))
        found.append(Reason("ally", count=int(times[ally]), names=(signals.orgs[allies[ally]],)))
    return found


def _closest(rows: np.ndarray, similarity: np.ndarray) -> np.ndarray:
    """The `_CLOSEST` rows most similar, best first, ties in row order: a stable sort of
    all of them, but sorting only those that can make it."""
    values = similarity[rows]
    if rows.size > _CLOSEST:
        cut = np.partition(values, rows.size - _CLOSEST)[rows.size - _CLOSEST]
        keep = np.flatnonzero(values >= cut)
        rows, values = rows[keep], values[keep]
    return rows[np.argsort(-values, kind="stable")[:_CLOSEST]]


def _terms(
    signals: Signals,
    columns: list[int],
    closest: list[np.ndarray],
    query_words: sp.csr_matrix,
    slot: np.ndarray,
) -> list[list[str]]:
    """For each candidate `columns[i]`, the request's strongest terms in its past
    activities `closest[i]` and its own text (`slot` maps a term to its place in the
    request, -1 when absent). All candidates in one pass: per candidate it was twenty
    small array operations, whose overhead was most of an explanation's cost."""
    terms, weights = query_words.indices, query_words.data
    size = terms.size
    by_term = np.zeros((len(columns), size))
    for matrix, which in (
        (signals.texts.word, closest),
        (signals.texts.own_word, [np.array([column]) for column in columns]),
    ):
        where, lengths = stored(matrix, np.concatenate([*which, np.zeros(0, dtype=np.int64)]))
        owner = np.repeat(np.repeat(np.arange(len(columns)), [w.size for w in which]), lengths)
        places = slot[matrix.indices[where]]
        hit = places >= 0
        # Each (candidate, term) bin adds its entries in the same order as one candidate
        # at a time did, so the sums are the same to the last bit.
        by_term += np.bincount(
            owner[hit] * size + places[hit],
            matrix.data[where][hit] * weights[places[hit]],
            len(columns) * size,
        ).reshape(len(columns), size)
    names = signals.texts.index.term_names()
    found: list[list[str]] = []
    for sums in by_term:
        strongest: list[str] = []
        for place in np.argsort(-sums, kind="stable"):
            term = str(names[terms[place]])
            if sums[place] <= 0 or len(strongest) == _TERMS:
                break
            if not is_stop_phrase(term):
                strongest.append(term)
        found.append(strongest)
    return found


def explain(
    signals: Signals,
    weights: dict[str, float],
    query: Query,
    query_words: sp.csr_matrix,
    similarity: np.ndarray,
    level: np.ndarray,
    values: dict[str, np.ndarray],
    columns: np.ndarray,
    scores: np.ndarray,
) -> list[Recommendation]:
    """Recommendations for the chosen candidates (`values` and `scores` hold their signals
    and scores, in the same order), with score parts, shared objectives, the terms that
    drove text similarity, and evidence sentences. `similarity` and `level` are the
    request's text similarity and place level with every past activity."""
    track = signals.track.by_candidate
    slot = np.full(signals.texts.word.shape[1], -1, dtype=np.int64)
    slot[query_words.indices] = np.arange(query_words.indices.size)
    chosen = columns.tolist()
    records = [track.indices[track.indptr[column] : track.indptr[column + 1]] for column in chosen]
    closest_of = [_closest(rows, similarity) for rows in records]
    terms_of = _terms(signals, chosen, closest_of, query_words, slot)
    # Every part of every chosen score at once: per candidate, 23 scalar products cost
    # more than the sentences.
    parts_of = np.stack([weights[f] * values[f] for f in FEATURES], axis=1).tolist()
    held = signals.objectives
    found = []
    for place, column in enumerate(chosen):
        candidate = signals.candidates[column]
        rows, closest, strongest = records[place], closest_of[place], terms_of[place]
        # Objective labels were built in order 1..23, so position + 1 is the objective.
        done = held.indices[held.indptr[column] : held.indptr[column + 1]].tolist()
        objectives = {i + 1 for i in done}
        evidence = []
        if values["named"][place] > 0:
            evidence.append(Reason("named"))
        evidence.extend(_record(signals, column, query, level, rows))
        if closest.size and similarity[closest[0]] > 0:
            title = signals.history[closest[0]].text.split("\n", 1)[0]
            evidence.append(Reason("closest", names=(title[:_TITLE_CHARS],)))
        declared = tuple(sorted(set(candidate.countries) & set(query.countries)))
        if declared:
            evidence.append(Reason("present", places=declared, place="country"))
        if candidate.capacity_left == 0:
            evidence.append(Reason("no_capacity"))
        parts = dict(zip(FEATURES, parts_of[place], strict=True))
        found.append(
            Recommendation(
                candidate=candidate.id,
                score=float(scores[place]),
                parts={name: value for name, value in parts.items() if value},
                shared_objectives=tuple(sorted(objectives & set(query.objectives))),
                matched_terms=tuple(strongest),
                evidence=tuple(say(r) for r in evidence),
                evidence_parts=tuple(evidence),
            )
        )
    return found
