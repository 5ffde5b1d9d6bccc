"""The `objectives` signal: how much of what a request asks a candidate has shown it holds.

The GCM's 23 objectives come from people and from the tagger. A person's choice counts
fully, a tagger's suggestion less (`SUGGESTED_WEIGHT`), on both sides: in what a request
asks and in what a candidate declared or did.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from matching.places import Labels, weighted_reach
from matching.profiles import SUGGESTED_WEIGHT, Candidate, PastActivity, Query

__all__ = ["asked", "held", "labels", "met"]


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


def held(
    objectives: Labels,
    candidates: Sequence[Candidate],
    history: Sequence[PastActivity],
    incidence: sp.csr_matrix,
) -> sp.csr_matrix:
    """candidates x objectives: each candidate's strongest evidence for an objective,
    declared or done (`incidence`: activities x candidates it implemented), 1 when a
    person chose it and `SUGGESTED_WEIGHT` when only the tagger did."""
    found = [
        (objectives.encode(_numbers(c)), objectives.encode(_numbers(a)))
        for c, a in (
            ([c.objectives for c in candidates], [a.objectives for a in history]),
            (_confirmed(candidates), _confirmed(history)),
        )
    ]
    anything, confirmed = ((own + incidence.T @ done) > 0 for own, done in found)
    return sp.csr_matrix(
        anything * SUGGESTED_WEIGHT + confirmed * (1.0 - SUGGESTED_WEIGHT), dtype=np.float32
    )


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
