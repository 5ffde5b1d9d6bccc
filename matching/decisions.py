"""What coordinators' accepts and rejects teach, without letting a handful undo the history.

The history's weights are the prior. A decision is judged against the list it was
made on (the partners the prior ranks first for its request): an accept asks for the
accepted partner to be the list's choice, a reject for the rejected one not to be
(a softmax over the list). Judged against the list, a decision taken at random from
it teaches nearly nothing, where judged alone an accept would push every signal up.
A penalty pulls every weight back toward the prior (a Gaussian prior in standardised
units, `strength` pseudo-decisions strong), so a few decisions barely move the
weights and many move them further. Each weight stays within a band around its prior
and keeps its sign, so no signal is switched off and no ranking collapses into ties.
A reject's reason says which signals misled: only those learn from it. A private
decision (`Decision.private`) teaches nothing here: the recommender leaves it out.
A side's interest (`Decision.interest`) teaches as an accept weighing `INTEREST`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from scipy.optimize import minimize
from scipy.special import logsumexp, softmax

from matching import training
from matching.features import DECIDED, DEFAULT_WEIGHTS, FEATURES
from matching.history import day_number
from matching.profiles import Decision, PastActivity, Query
from matching.signals import Signals

__all__ = [
    "BAND",
    "CORROBORATION",
    "INTEREST",
    "REASON_SIGNALS",
    "STRAIN",
    "UNTAUGHT",
    "as_activity",
    "as_decided",
    "decision_lists",
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

UNTAUGHT = DECIDED
"""Signals made of the decisions themselves: judged against its own list, a reject
would always find its partner rejected, so their weights are set, not learned."""

INTEREST = 0.25
"""What a partner's interest (or a requester's accept) weighs in the weights' fit, against
a coordinator's accept: a party's wish, not a judgement of fit, so a mild positive."""

CONFLICT = "conflict_of_interest"
"""Not a fault of any signal: the pair is excluded outright and teaches nothing."""


def trains(decision: Decision) -> bool:
    """Whether a decision is evidence about the signals (a conflict of interest is not)."""
    return decision.reason != CONFLICT


def as_activity(decision: Decision) -> PastActivity:
    """An accepted partner for a request: a record of what it takes on, from then on."""
    found = training.as_activity(decision.query, (decision.candidate,))
    return replace(found, id=_record_id(decision))


def _record_id(decision: Decision) -> str:
    return f"decision:{decision.query.id}:{decision.candidate}"


def as_decided(signals: Signals, queries: Sequence[Query]) -> list[set[int]]:
    """Per request, the rows of the record its own decisions made (`as_activity`): with
    everything on or after its date, what a coordinator deciding on it could not see."""
    wanted, known = {q.id for q in queries}, set(signals.ids)
    by_request: dict[str, set[int]] = {}
    for row, activity in enumerate(signals.history):
        if not activity.id.startswith("decision:"):
            continue
        rest = activity.id.removeprefix("decision:")
        # Ids may hold colons: try each split into a wanted request and a candidate.
        for at in (i for i, char in enumerate(rest) if char == ":"):
            if rest[:at] in wanted and rest[at + 1 :] in known:
                by_request.setdefault(rest[:at], set()).add(row)
    return [by_request.get(q.id, set()) for q in queries]


STRAIN = 0.1
"""How full one "no capacity" reject says a partner is: ten say it as loudly as a
declared capacity of zero. Softly, because a reject is one coordinator's word."""

STRAIN_DAYS = 90
"""How long after its request a "no capacity" reject holds: capacity frees up."""

CORROBORATION = 4
"""How many uncontradicted "no capacity" rejects it takes before any counts."""


def strain(
    ids: Sequence[str], decisions: Sequence[Decision], corroboration: int = CORROBORATION
) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate, how full its "no capacity" rejects say it is (at most 1), and the
    day number until which they hold (for requests of that date or earlier).

    Only rejects near the latest one (within STRAIN_DAYS) count, and each accept of
    the same partner in that stretch contradicts one of them: it had room then. The
    rest count only once there are `corroboration` of them. A random reject lands
    most often on the partners shown most, who are also accepted most, so noise
    cancels out where a partner that really is full keeps being turned down.
    """
    positions = {c: i for i, c in enumerate(ids)}
    rejected: dict[int, list[float]] = {}
    accepted: dict[int, list[float]] = {}
    for d in decisions:
        where = positions.get(d.candidate)
        if where is not None and (d.accepted or d.reason == "no_capacity"):
            (accepted if d.accepted else rejected).setdefault(where, []).append(
                day_number(d.query.when)
            )
    found = np.zeros(len(ids), dtype=np.float32)
    until = np.full(len(ids), -np.inf)
    for where, days in rejected.items():
        dated = [d for d in days if not np.isnan(d)]
        # A reject of unknown date holds for good, and is near every other.
        latest = max(dated) if len(dated) == len(days) else np.inf
        near = [d for d in days if np.isnan(d) or d >= latest - STRAIN_DAYS]
        contradicted = [
            d for d in accepted.get(where, []) if np.isnan(d) or abs(d - latest) <= STRAIN_DAYS
        ]
        standing = len(near) - len(contradicted)
        if standing >= corroboration:
            found[where] = standing * STRAIN
            until[where] = latest + STRAIN_DAYS
    return np.minimum(found, 1.0), until


def decision_lists(
    signals: Signals, decisions: Sequence[Decision], shown: Sequence[np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per decision, the features of its partner (first) and of the others `shown` with
    it (candidate positions), which of those slots are filled, the labels, which
    signals each decision may teach, and how much it weighs (`INTEREST` or 1)."""
    positions = {c: i for i, c in enumerate(signals.ids)}
    kept = [
        (d, where)
        for d, where in zip(decisions, shown, strict=True)
        if d.candidate in positions and trains(d)
    ]
    if not kept:
        empty = np.empty((0, 1, len(FEATURES)))
        nothing = np.empty(0)
        return empty, np.empty((0, 1), bool), nothing, np.empty((0, len(FEATURES)), bool), nothing
    lists = [
        np.array([positions[d.candidate], *(p for p in where if p != positions[d.candidate])])
        for d, where in kept
    ]
    width = max(len(cols) for cols in lists)
    features = np.zeros((len(kept), width, len(FEATURES)))
    filled = np.zeros((len(kept), width), dtype=bool)
    queries = [d.query for d, _ in kept]
    batch = signals.batch(queries, as_of=as_decided(signals, queries))
    rows = np.repeat(np.arange(len(kept)), [len(cols) for cols in lists])
    values = signals.features(batch, rows, np.concatenate(lists))
    slots = np.concatenate([np.arange(len(cols)) for cols in lists])
    features[rows, slots] = np.column_stack([values[f] for f in FEATURES])
    filled[rows, slots] = True
    free = np.array(
        [
            [
                f not in UNTAUGHT
                and (d.accepted or d.reason not in REASON_SIGNALS or f in REASON_SIGNALS[d.reason])
                for f in FEATURES
            ]
            for d, _ in kept
        ]
    )
    labels = np.array([float(d.accepted) for d, _ in kept])
    mass = np.array([INTEREST if d.interest else 1.0 for d, _ in kept])
    return features, filled, labels, free, mass


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
    filled: np.ndarray,
    labels: np.ndarray,
    free: np.ndarray,
    spread: np.ndarray,
    strength: float,
    mass: np.ndarray | None = None,
) -> dict[str, float]:
    """Weights after the decisions, pulled toward `prior` with `strength` pseudo-decisions.

    `features` is decisions x list slots x signals, the decided partner in slot 0;
    `filled` marks the slots in use. `spread` is each signal's typical size (its
    standard deviation over training pairs), so that the pull is the same for every
    signal. `mass` is what each decision weighs (1 each unless given). Accepts and
    rejects are balanced, whatever their total masses.
    """
    if labels.size == 0:
        return dict(prior)
    mass = np.ones(labels.size) if mass is None else mass
    base = np.array([prior[f] for f in FEATURES])
    scale = np.where(spread > 0, spread, 1.0)
    counts = np.array([mass[labels == 0].sum(), mass[labels == 1].sum()], dtype=np.float64)
    weight = mass * (
        mass.sum() / (2 * counts[labels.astype(int)]) if counts.all() else np.ones(labels.size)
    )
    offset = np.where(filled, features @ base, -np.inf)
    taught = features * (free / scale)[:, None, :]
    accepted = labels == 1
    first = np.zeros(filled.shape)
    first[:, 0] = 1.0

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        scores = offset + taught @ theta
        share = softmax(scores, axis=1)
        whole = logsumexp(scores, axis=1)
        # An accept: minus the log share of its partner; a reject: minus the log share
        # of everyone else. Their gradients in the scores, per slot:
        others = logsumexp(np.where(first > 0, -np.inf, scores), axis=1)
        value = np.where(accepted, whole - scores[:, 0], whole - others)
        slope = np.where(
            accepted[:, None],
            share - first,
            share[:, :1] / np.maximum(1 - share[:, :1], 1e-12) * (first - share),
        )
        slope = np.where(filled, slope, 0.0) * weight[:, None]
        gradient = np.einsum("ds,dsf->f", slope, taught)
        value = np.where(np.isfinite(value), value, 0.0)
        return float(weight @ value + strength * theta @ theta / 2), gradient + strength * theta

    found = minimize(
        loss,
        np.zeros(len(FEATURES)),
        jac=True,
        method="L-BFGS-B",
        bounds=_bounds(base, scale),
    )
    learned = base + found.x / scale
    return {f: float(w) for f, w in zip(FEATURES, learned, strict=True)}
