"""The `objectives` signal: how much of what a request asks a candidate has shown it holds.

The GCM's 23 objectives come from people and from the tagger. A person's choice counts
fully, a tagger's suggestion less (`SUGGESTED_WEIGHT`), on both sides: in what a request
asks and in what a candidate declared or did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from matching.places import Labels, weighted_reach
from matching.profiles import SUGGESTED_WEIGHT, Candidate, PastActivity, Query

__all__ = ["Holdings", "asked", "held", "holdings", "labels", "met", "met_as_of"]


def labels() -> Labels:
    """The 23 objectives, numbered "1" to "23"."""
    return Labels([[str(n) for n in range(1, 24)]])


def _numbers(rows: Sequence[tuple[int, ...]]) -> list[list[str]]:
    return [[str(o) for o in row] for row in rows]


def _confirmed(items: Sequence[Query | PastActivity | Candidate]) -> list[tuple[int, ...]]:
    """The objectives of each item that a person chose, not only the tagger."""
    return [tuple(set(i.objectives) - set(i.suggested_objectives)) for i in items]


def _weights(query: Query) -> dict[int, float]:
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
class Holdings:
    """The objectives each candidate declared (candidates x objectives) and each past
    activity was tagged with (activities x objectives): each pair as (any origin,
    chosen by a person). Kept by column, as `met_as_of` reads one objective at a time."""

    declared: tuple[sp.csc_matrix, sp.csc_matrix]
    done: tuple[sp.csc_matrix, sp.csc_matrix]


def holdings(
    objectives: Labels, candidates: Sequence[Candidate], history: Sequence[PastActivity]
) -> Holdings:
    """What each candidate declared and each past activity was tagged with."""
    return Holdings(
        declared=(
            objectives.encode(_numbers([c.objectives for c in candidates])).tocsc(),
            objectives.encode(_numbers(_confirmed(candidates))).tocsc(),
        ),
        done=(
            objectives.encode(_numbers([a.objectives for a in history])).tocsc(),
            objectives.encode(_numbers(_confirmed(history))).tocsc(),
        ),
    )


def _rows_with(matrix: sp.csc_matrix, column: int) -> np.ndarray:
    """The rows holding `column` (not zero), in order."""
    span = slice(matrix.indptr[column], matrix.indptr[column + 1])
    return np.sort(matrix.indices[span][matrix.data[span] != 0])


_ORIGINS = (SUGGESTED_WEIGHT, 1.0 - SUGGESTED_WEIGHT)
"""What holding an objective of any origin, then one a person chose, adds to its weight."""


def held(found: Holdings, incidence: sp.csr_matrix) -> sp.csr_matrix:
    """candidates x objectives: each candidate's strongest evidence for an objective,
    declared or done (`incidence`: activities x candidates it implemented), 1 when a
    person chose it and `SUGGESTED_WEIGHT` when only the tagger did."""
    anything, confirmed = (
        (own + incidence.T @ did) > 0 for own, did in zip(found.declared, found.done, strict=True)
    )
    return sp.csr_matrix(anything * _ORIGINS[0] + confirmed * _ORIGINS[1], dtype=np.float32)


def asked(objectives: Labels, queries: Sequence[Query]) -> sp.csr_matrix:
    """requests x objectives: each asked objective's weight (`_weights`)."""
    rows, cols, weights = [], [], []
    for row, query in enumerate(queries):
        for objective, weight in _weights(query).items():
            # Numbers outside the 23 objectives are dropped, as labels always were.
            col = objectives.positions.get(str(objective))
            if col is not None:
                rows.append(row)
                cols.append(col)
                weights.append(weight)
    return sp.csr_matrix(
        (np.array(weights, dtype=np.float32), (rows, cols)),
        shape=(len(queries), len(objectives.positions)),
    )


def met(objectives: Labels, held_t: sp.csr_matrix, queries: Sequence[Query]) -> np.ndarray:
    """requests x candidates: the weights of the asked objectives each candidate holds
    (`held_t`: objectives x candidates, from `held`), summed and divided by how many
    objectives the request asks."""
    wanted = asked(objectives, queries)
    found = weighted_reach(wanted, held_t)
    found /= np.maximum(np.diff(wanted.indptr), 1.0).astype(np.float32)[:, None]
    return found


def met_as_of(
    objectives: Labels,
    found: Holdings,
    incidence: sp.csr_matrix,
    visible: np.ndarray,
    queries: Sequence[Query],
) -> np.ndarray:
    """As `met`, each request's candidates holding only what they declared and did in
    the activities it can see (`visible`: requests x activities). From the whole record
    a pretend request's implementers would hold its objectives from that very activity,
    which a new request never finds in anyone's record."""
    wanted = asked(objectives, queries)
    by_objective = wanted.tocsc()
    result = np.zeros((len(queries), incidence.shape[1]), dtype=np.float32)
    for objective in np.flatnonzero(np.diff(by_objective.indptr)).tolist():
        span = slice(by_objective.indptr[objective], by_objective.indptr[objective + 1])
        rows, weights = by_objective.indices[span], by_objective.data[span]
        strength = np.zeros((rows.size, incidence.shape[1]), dtype=np.float32)
        for own, did, worth in zip(found.declared, found.done, _ORIGINS, strict=True):
            # Only the activities tagged with it can show it: the product stays small.
            tagged = _rows_with(did, objective)
            seen = np.asarray(incidence[tagged].T @ visible[np.ix_(rows, tagged)].T).T > 0
            seen[:, _rows_with(own, objective)] = True
            strength += worth * seen
        result[rows] += weights[:, None] * strength
    result /= np.maximum(np.diff(wanted.indptr), 1.0).astype(np.float32)[:, None]
    return result
