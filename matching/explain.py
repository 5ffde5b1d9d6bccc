"""Why a candidate was proposed: the score's parts and plain sentences from its record.

Only run for the few candidates shown, so it may loop over their past activities.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from matching.features import FEATURES, Signals
from matching.profiles import Query, Recommendation

__all__ = ["explain"]

_TITLE_CHARS = 80


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _record(signals: Signals, column: int, query: Query, rows: np.ndarray) -> list[str]:
    """Sentences about the activities a candidate implemented, from the request's angle.

    Counted with the fitted sparse matrices, so a candidate with thousands of past
    activities costs no more than one with three.
    """
    if rows.size == 0:
        return []
    countries = signals.place_labels[0]
    wanted = countries.encode([query.countries])
    there = (signals.place_acts[0][rows] @ wanted.T).toarray().ravel() > 0
    sentence = f"implemented {rows.size} past activities"
    if there.any():
        sentence += f", {int(there.sum())} in {', '.join(sorted(query.countries))}"
    found = [sentence]
    for labels, matrix, asked, what in (
        (signals.sector_labels, signals.sectors, query.sectors, "on"),
        (signals.location_labels, signals.locations, query.locations, "in"),
    ):
        counts = np.asarray(matrix[rows].sum(axis=0)).ravel()
        known = [
            (int(counts[labels.positions[labels.key(a)]]), a)
            for a in asked
            if labels.key(a) in labels.positions
        ]
        count, label = max(known, default=(0, ""))
        if count:
            found.append(f"{count} activities {what} {label}")
    allies = np.asarray(signals.members[rows].sum(axis=0)).ravel()
    allies[column] = 0
    if allies.max(initial=0) > 0:
        ally = int(np.argmax(allies))
        found.append(f"worked with {signals.orgs[ally]} {_times(int(allies[ally]))}")
    return found


def explain(
    signals: Signals,
    weights: dict[str, float],
    query: Query,
    query_words: sp.csr_matrix,
    values: dict[str, np.ndarray],
    row: int,
    columns: list[int],
    scores: np.ndarray,
) -> list[Recommendation]:
    """Recommendations for the chosen columns, with score parts, shared objectives,
    the terms that drove text similarity, and evidence sentences."""
    terms = query_words.indices
    # The request's terms in every past activity, sliced per candidate below.
    in_activities = sp.csc_matrix(signals.word_t[terms].multiply(query_words.data[:, None]))
    similarity = np.asarray(in_activities.sum(axis=0)).ravel()
    names = signals.text.term_names()
    found = []
    for column in columns:
        candidate = signals.candidates[column]
        track = signals.track.by_candidate
        rows = track.indices[track.indptr[column] : track.indptr[column + 1]]
        weight = np.asarray(in_activities[:, rows].sum(axis=1)).ravel()
        weight += signals.own_word[column, terms].toarray().ravel() * query_words.data
        strongest = [
            str(names[terms[i]])
            for i in np.argsort(-weight)
            if weight[i] > 0 and not set(str(names[terms[i]]).split()) <= ENGLISH_STOP_WORDS
        ][:5]
        # Objective labels were built in order 1..23, so position + 1 is the objective.
        objectives = {int(i) + 1 for i in signals.objectives[column].indices}
        evidence = []
        if values["named"][row, column] > 0:
            evidence.append("named in the request")
        evidence.extend(_record(signals, column, query, rows))
        if rows.size and similarity[rows].max() > 0:
            closest = signals.history[rows[np.argmax(similarity[rows])]].text.split("\n", 1)[0]
            evidence.append(f"most similar past activity: {closest[:_TITLE_CHARS]!r}")
        declared = sorted(set(candidate.countries) & set(query.countries))
        if declared:
            evidence.append("present in " + ", ".join(declared))
        if candidate.capacity_left == 0:
            evidence.append("has no capacity left")
        parts = {f: float(weights[f] * values[f][row, column]) for f in FEATURES}
        found.append(
            Recommendation(
                candidate=candidate.id,
                score=float(scores[column]),
                parts={name: value for name, value in parts.items() if value},
                shared_objectives=tuple(sorted(objectives & set(query.objectives))),
                matched_terms=tuple(strongest),
                evidence=tuple(evidence),
            )
        )
    return found
