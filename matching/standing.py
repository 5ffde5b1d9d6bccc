"""A partner's standing with coordinators: how often it is accepted when proposed.

Each accept or reject of a partner is one draw of "does it fit when we propose it?".
Its standing is the log-odds of its accepts against its rejects, both pulled toward
the share of accepts over all partners by `prior` pseudo-decisions, less the log-odds
of that share: 0 for a partner never decided on, or accepted as often as anyone, and
further from 0 only as its own decisions add up. A coordinator who decides at random
accepts every partner equally often, so noise leaves standings near 0; one who knows
the work accepts the partners who do it and turns the others down.

Only decisions about the fit count: a "no capacity" reject says the partner is busy
(`matching.decisions.strain`), a conflict of interest says nothing about it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching.decisions import trains
from matching.profiles import Decision

__all__ = ["standing"]


def standing(ids: Sequence[str], decisions: Sequence[Decision], prior: float) -> np.ndarray:
    """Per candidate (in `ids` order), its standing in log-odds (0 without decisions)."""
    if prior <= 0:
        raise ValueError(f"prior must be positive, got {prior}")
    positions = {c: i for i, c in enumerate(ids)}
    kept = [
        d for d in decisions if d.candidate in positions and trains(d) and d.reason != "no_capacity"
    ]
    found = np.zeros(len(ids))
    if not kept:
        return found
    where = np.array([positions[d.candidate] for d in kept], dtype=np.int64)
    accepted = np.array([d.accepted for d in kept])
    # The share of accepts, kept off 0 and 1 so that every log-odds is finite.
    share = (accepted.sum() + 0.5) / (len(kept) + 1.0)
    accepts = np.bincount(where[accepted], minlength=len(ids))
    rejects = np.bincount(where[~accepted], minlength=len(ids))
    odds = (accepts + prior * share) / (rejects + prior * (1 - share))
    found[:] = np.log(odds) - np.log(share / (1 - share))
    return found
