"""The track record: who implemented which past activity, and when.

Signals are first computed per past activity (how relevant is activity j to request i)
and then gathered per candidate over the activities it implemented, as a sum or a max
(see `matching.pairs`). Training hides each request's own activity and everything that
started after it, so a past activity never scores itself and the future never leaks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
import scipy.sparse as sp

from matching.profiles import PastActivity
from matching.relevance import UNDATED_WEIGHT, halved

__all__ = ["TrackRecord", "day_number"]


def day_number(when: date | None) -> float:
    """Days since year 1, NaN when unknown."""
    return float(when.toordinal()) if when is not None else float("nan")


class TrackRecord:
    """Incidence of candidates in past activities, with dates for recency and masking.

    Parameters
    ----------
    history : past activities
    positions : candidate id -> column
    half_life_days : the age at which an activity counts half as much as a new one
    """

    def __init__(
        self, history: Sequence[PastActivity], positions: dict[str, int], half_life_days: float
    ) -> None:
        rows, cols = [], []
        for row, activity in enumerate(history):
            for org in dict.fromkeys(activity.implementers):
                if org in positions:
                    rows.append(row)
                    cols.append(positions[org])
        data = np.ones(len(rows), dtype=np.float32)
        shape = (len(history), len(positions))
        self.incidence = sp.csr_matrix((data, (rows, cols)), shape=shape)
        self.incidence.sort_indices()
        self.by_candidate = self.incidence.tocsc()
        self.by_candidate.sort_indices()
        self.starts = np.array([day_number(a.start) for a in history])
        self.latest = float(np.nanmax(self.starts)) if np.isfinite(self.starts).any() else 0.0
        self.half_life_days = half_life_days

    def visible(self, when: np.ndarray, own: np.ndarray) -> np.ndarray:
        """Mask of the activities a request may see: started before it, not itself.

        `own` holds each request's own activity row, or -1 for a request from outside.
        """
        seen = self.starts[None, :] < when[:, None]
        undated = np.isnan(when)[:, None] | np.isnan(self.starts)[None, :]
        mask = (seen | undated).astype(np.float32)
        inside = own >= 0
        mask[np.flatnonzero(inside), own[inside]] = 0.0
        return np.asarray(mask)

    def recency(self, when: np.ndarray, activities: np.ndarray) -> np.ndarray:
        """Weight of activities for requests made `when` (same shapes): halves every
        half-life; a request without a date is taken to come after the latest activity."""
        anchor = np.where(np.isnan(when), self.latest, when)
        age = np.clip(anchor - self.starts[activities], 0.0, None)
        weight = halved(age, self.half_life_days)
        return np.where(np.isnan(weight), UNDATED_WEIGHT, weight).astype(np.float32)

    def total(self, relevance: np.ndarray) -> np.ndarray:
        """Sum of per-activity relevance over each candidate's activities, requests x candidates."""
        return np.asarray(self.incidence.T @ relevance.T).T
