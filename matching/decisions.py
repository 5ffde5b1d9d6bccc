"""What coordinators' accepts and rejects teach, without letting a handful undo the history.

The history's weights are the prior. Decisions move them by a logistic regression
whose penalty pulls every weight back toward that prior (a Gaussian prior in
standardised units, `strength` pseudo-decisions strong), so a few decisions barely
move the weights and many move them further. Each weight stays within a band around
its prior and keeps its sign, so no signal is switched off and no ranking collapses
into ties. A reject's reason says which signals misled: only those learn from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit, log1p

from matching import training
from matching.features import DEFAULT_WEIGHTS, FEATURES, Signals
from matching.profiles import Decision, PastActivity

__all__ = [
    "BAND",
    "REASON_SIGNALS",
    "as_activity",
    "decision_pairs",
    "shrink_toward",
    "strain",
    "trains",
]

BAND = (0.25, 4.0)
"""How far decisions may take a weight: between these multiples of its prior."""

_EXPERTISE = (
    "text",
    "text_relative",
    "text_mass",
    "text_profile",
    "profile",
    "sectors",
    "sectors_mass",
    "objectives",
)
_PLACE = ("place", "place_share", "locations")

REASON_SIGNALS: dict[str, tuple[str, ...]] = {
    "wrong_expertise": _EXPERTISE,
    "not_in_region": _PLACE,
    "wrong_region": _PLACE,
    "no_capacity": ("full",),
}
"""The signals a reject's reason blames; any other reason (and an accept) blames none
in particular, so every signal learns from it."""

CONFLICT = "conflict_of_interest"
"""Not a fault of any signal: the pair is excluded outright and teaches nothing."""


def trains(decision: Decision) -> bool:
    """Whether a decision is evidence about the signals (a conflict of interest is not)."""
    return decision.reason != CONFLICT


def as_activity(decision: Decision) -> PastActivity:
    """An accepted partner for a request: a record of what it takes on, from then on."""
    found = training.as_activity(decision.query, (decision.candidate,))
    return replace(found, id=f"decision:{decision.query.id}:{decision.candidate}")


def strain(ids: Sequence[str], decisions: Sequence[Decision]) -> np.ndarray:
    """Per candidate, how full the "no capacity" rejects say it is: half per reject, at most 1."""
    positions = {c: i for i, c in enumerate(ids)}
    found = np.zeros(len(ids), dtype=np.float32)
    for decision in decisions:
        if decision.reason == "no_capacity" and decision.candidate in positions:
            found[positions[decision.candidate]] += 0.5
    return np.minimum(found, 1.0)


def decision_pairs(
    signals: Signals, decisions: Sequence[Decision]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature rows, labels and which signals each row may teach."""
    positions = {c: i for i, c in enumerate(signals.ids)}
    known = [d for d in decisions if d.candidate in positions and trains(d)]
    if not known:
        empty = np.empty((0, len(FEATURES)))
        return empty, np.empty(0), empty.astype(bool)
    batch = signals.batch([d.query for d in known])
    cols = np.array([positions[d.candidate] for d in known])
    values = signals.features(batch, np.arange(len(known)), cols)
    rows = np.column_stack([values[f] for f in FEATURES]).astype(np.float64)
    free = np.array(
        [
            [
                d.accepted or d.reason not in REASON_SIGNALS or f in REASON_SIGNALS[d.reason]
                for f in FEATURES
            ]
            for d in known
        ]
    )
    return rows, np.array([float(d.accepted) for d in known]), free


def _bounds(prior: np.ndarray, spread: np.ndarray) -> list[tuple[float, float]]:
    """Standardised deviations keeping each weight in BAND times its prior, sign kept.
    A weight the history set to zero may grow up to its default size."""
    low, high = BAND
    default = np.array([DEFAULT_WEIGHTS[f] for f in FEATURES])
    found = []
    for p, d, s in zip(prior, default, spread, strict=True):
        ends = (0.0, d * s) if p == 0 else ((low - 1) * p * s, (high - 1) * p * s)
        found.append((min(ends), max(ends)))
    return found


def shrink_toward(
    prior: dict[str, float],
    features: np.ndarray,
    labels: np.ndarray,
    free: np.ndarray,
    spread: np.ndarray,
    strength: float,
) -> dict[str, float]:
    """Weights after the decisions, pulled toward `prior` with `strength` pseudo-decisions.

    `spread` is each signal's typical size (its standard deviation over training
    pairs), so that the pull is the same for every signal. Accepts and rejects are
    balanced, and the intercept is the one that makes the prior's average decision
    a coin toss: with rejects only, the blamed signals still learn.
    """
    if labels.size == 0:
        return dict(prior)
    base = np.array([prior[f] for f in FEATURES])
    scale = np.where(spread > 0, spread, 1.0)
    # Balanced: as much say to the accepts as to the rejects, whatever their numbers.
    counts = np.array([np.sum(labels == 0), np.sum(labels == 1)], dtype=np.float64)
    weight = labels.size / (2 * counts[labels.astype(int)])
    if 0 in counts:
        weight = np.ones(labels.size)
    offset = features @ base
    offset -= np.average(offset, weights=weight)
    taught = features * free / scale

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        logit = offset + taught @ theta
        chance = expit(logit)
        value = np.sum(
            weight * (log1p(np.exp(-np.abs(logit))) + np.maximum(logit, 0) - labels * logit)
        )
        gradient = taught.T @ (weight * (chance - labels))
        return float(value + strength * theta @ theta / 2), gradient + strength * theta

    found = minimize(
        loss,
        np.zeros(len(FEATURES)),
        jac=True,
        method="L-BFGS-B",
        bounds=_bounds(base, scale),
    )
    learned = base + found.x / scale
    return {f: float(w) for f, w in zip(FEATURES, learned, strict=True)}
