"""Which candidates a request scores exactly: a short list from cheap signals.

Scoring a candidate means walking its whole track record, so a request scores only the
candidates that could reach its top: the best by what is known for every candidate at
once (its profile: places, objectives, names, graph ties, language, capacity, plus how
active it has been), and the implementers of the past activities whose texts come
closest, by words and by multilingual embedding. How much of the exact top this keeps
is measured by `benchmarks.recommender`.
"""

from __future__ import annotations

import numpy as np

from matching.features import CANDIDATE_SIGNALS
from matching.pairs import slices
from matching.signals import Batch, Signals

__all__ = ["shortlist_for"]


def _best(values: np.ndarray, size: int) -> np.ndarray:
    """Positions of the `size` largest values, in no order."""
    if values.size <= size:
        return np.arange(values.size)
    return np.argpartition(-values, size - 1)[:size]


def shortlist_for(
    signals: Signals,
    weights: dict[str, float],
    prior: np.ndarray,
    batch: Batch,
    row: int,
    size: int,
) -> np.ndarray:
    """Candidate positions worth scoring for request `row` of `batch`, sorted.

    `prior` is each candidate's score for a request that says nothing (its track record
    and capacity), computed once in fit.
    """
    cheap = prior.copy()
    weighted = np.empty(cheap.size, dtype=np.float32)
    for name in CANDIDATE_SIGNALS:
        if name in batch.candidates:
            # Into one buffer: a temporary per signal would be fresh pages every request.
            np.multiply(batch.candidates[name][row], weights[name], out=weighted)
            cheap += weighted
    found = _best(cheap, size)
    # Closest by words and, when fitted, by meaning: a request in another language
    # shares no words with the history that answers it.
    for name in ("text", "dense"):
        if name in batch.activities:
            similar = batch.activities[name][row]
            closest = _best(similar, size)
            implementers, _ = slices(signals.track.incidence, closest[similar[closest] > 0])
            found = np.union1d(found, implementers)
    return found
