"""A partner's standing with coordinators: how often it is accepted when proposed.

Each accept or reject of a partner is one draw of "does it fit when we propose it?".
Its standing is the log-odds of its accepts against its rejects, both pulled toward
the share of accepts over all partners by `prior` pseudo-decisions, less the log-odds
of that share: 0 for a partner never decided on, or accepted as often as anyone, and
further from 0 only as its own decisions add up. A coordinator who decides at random
accepts every partner equally often, so noise leaves standings near 0; one who knows
the work accepts the partners who do it and turns the others down.

A standing may also be read per request (`Standing` with a `TextIndex`): each decision
then counts as much as its request reads like the new one, so a partner accepted for
water work and turned down for schools stands well on water requests only.

Only decisions about the fit count: a "no capacity" reject says the partner is busy
(`matching.decisions.strain`), a conflict of interest says nothing about it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from matching.decisions import trains
from matching.profiles import Decision, Query
from matching.text import TextIndex, similarity

__all__ = ["Standing", "standing"]


def _about_the_fit(ids: Sequence[str], decisions: Sequence[Decision]) -> list[Decision]:
    known = set(ids)
    return [
        d for d in decisions if d.candidate in known and trains(d) and d.reason != "no_capacity"
    ]


def _share(decisions: Sequence[Decision]) -> float:
    """The share of accepts, kept off 0 and 1 so that every log-odds is finite."""
    return (sum(d.accepted for d in decisions) + 0.5) / (len(decisions) + 1.0)


def _log_odds(accepts: np.ndarray, rejects: np.ndarray, share: float, prior: float) -> np.ndarray:
    odds = (accepts + prior * share) / (rejects + prior * (1 - share))
    found: np.ndarray = np.log(odds) - np.log(share / (1 - share))
    return found


def standing(ids: Sequence[str], decisions: Sequence[Decision], prior: float) -> np.ndarray:
    """Per candidate (in `ids` order), its standing in log-odds (0 without decisions)."""
    if prior <= 0:
        raise ValueError(f"prior must be positive, got {prior}")
    positions = {c: i for i, c in enumerate(ids)}
    kept = _about_the_fit(ids, decisions)
    if not kept:
        return np.zeros(len(ids))
    where = np.array([positions[d.candidate] for d in kept], dtype=np.int64)
    accepted = np.array([d.accepted for d in kept])
    accepts = np.bincount(where[accepted], minlength=len(ids))
    rejects = np.bincount(where[~accepted], minlength=len(ids))
    return _log_odds(accepts, rejects, _share(kept), prior)


class Standing:
    """Per request and candidate, the candidate's standing: over all its decisions, or,
    given a `TextIndex`, over its decisions on requests that read like this one."""

    def __init__(
        self,
        ids: Sequence[str],
        decisions: Sequence[Decision],
        prior: float,
        text: TextIndex | None = None,
    ) -> None:
        self.everywhere = standing(ids, decisions, prior).astype(np.float32)
        self.prior = prior
        kept = _about_the_fit(ids, decisions)
        self.share = _share(kept)
        positions = {c: i for i, c in enumerate(ids)}
        # decisions x candidates, a 1 at each decision's partner: accepts, then rejects.
        self.accepts, self.rejects = (
            sp.csr_matrix(
                (
                    np.array([float(d.accepted == side) for d in kept], dtype=np.float32),
                    (np.arange(len(kept)), [positions[d.candidate] for d in kept]),
                ),
                shape=(len(kept), len(ids)),
            )
            for side in (True, False)
        )
        self.words_t = (
            sp.csr_matrix(text.words([d.query.text for d in kept]).T)
            if text is not None and kept
            else None
        )

    def on(self, queries: Sequence[Query], words: sp.csr_matrix) -> np.ndarray:
        """requests x candidates; `words` are the requests' rows from the same index."""
        if self.words_t is None:
            return np.tile(self.everywhere, (len(queries), 1))
        like = similarity(words, self.words_t)
        accepts = np.asarray(self.accepts.T @ like.T).T
        rejects = np.asarray(self.rejects.T @ like.T).T
        return _log_odds(accepts, rejects, self.share, self.prior).astype(np.float32)
