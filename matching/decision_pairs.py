"""Decisions as labelled pairs and as profiles: two more ways for them to teach.

An accept is a (request, partner) pair that fits, a reject one that does not (for a
pairwise fit: an accept ranks above the request's other candidates, a reject below
them): beside the history's pretend requests, in the logistic regression that learns
the prior weights, each worth `weight` history pairs, so that the history's many pairs hold the
weights near where they were (the shrinkage) until decisions add up. A reject counts
as much as its reason speaks about what the history's signals measure
(`REJECT_WEIGHTS`). Features are the ones the coordinator decided on: the history
before the request, without the record its own decisions made.

A partner that took a request on may also carry it in its profile (its text, places
and objectives), as an organisation's declared work does: its profile then speaks for
it on later requests like that one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np

from matching.decisions import as_decided, trains
from matching.features import FEATURES
from matching.profiles import Candidate, Decision
from matching.signals import Signals
from matching.training import sample_negatives

__all__ = ["REJECT_WEIGHTS", "labelled_pairs", "with_taken_profiles"]

REJECT_WEIGHTS = {
    "wrong_expertise": 1.0,
    "not_in_region": 1.0,
    "wrong_region": 1.0,
    "no_capacity": 0.0,
}
"""What a reject counts for as a non-fitting pair, by reason. Expertise and region are
what the history's signals measure; "no capacity" says nothing about the fit (the
strain handles it). Any other reason counts half: the pair did not fit, for a reason
the signals may not see."""

_OTHER_REJECT = 0.5


def labelled_pairs(
    signals: Signals,
    decisions: Sequence[Decision],
    weight: float,
    others: int = 0,
    rng: np.random.Generator | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Feature rows (in FEATURES order), labels, sample weights and groups of the
    decisions that speak about a fit, as the coordinator saw them.

    Each decision is its own group. With `others` > 0 (a pairwise fit) it also holds up
    to that many other candidates for its request, sampled as the history's negatives
    are and never decided on for it: an accept ranks above them, a reject below them,
    and the decision's weight is shared among those pairs.
    """
    positions = {c: i for i, c in enumerate(signals.ids)}
    # An accept fits only once taken on: one the partner never agreed to says little,
    # and is drawn from the top of a list, so it would only teach popularity.
    kept = [
        d
        for d in decisions
        if d.candidate in positions and trains(d) and (d.taken or not d.accepted)
    ]
    share = np.array(
        [1.0 if d.accepted else REJECT_WEIGHTS.get(d.reason or "", _OTHER_REJECT) for d in kept]
    )
    kept = [d for d, s in zip(kept, share, strict=True) if s > 0]
    share = share[share > 0]
    if not kept:
        return np.empty((0, len(FEATURES))), np.empty(0), np.empty(0), np.empty(0, np.int64)
    queries = [d.query for d in kept]
    batch = signals.batch(queries, as_of=as_decided(signals, queries))
    cols = [np.array([positions[d.candidate]]) for d in kept]
    if others > 0:
        assert batch.visible is not None
        seen = signals.track.total(batch.visible) > 0
        decided: dict[str, list[int]] = defaultdict(list)
        for d in decisions:
            if d.candidate in positions:
                decided[d.query.id].append(positions[d.candidate])
        generator = rng if rng is not None else np.random.default_rng(0)
        cols = [
            np.concatenate([own, sample_negatives(signals, texts, gold, sight, others, generator)])
            for own, texts, gold, sight in zip(
                cols,
                batch.activities["text"],
                (np.array(decided[d.query.id]) for d in kept),
                seen,
                strict=True,
            )
        ]
    sizes = np.array([c.size for c in cols])
    rows = np.repeat(np.arange(len(kept)), sizes)
    values = signals.features(batch, rows, np.concatenate(cols))
    features = np.column_stack([values[f] for f in FEATURES]).astype(np.float64)
    first = np.zeros(rows.size, dtype=bool)
    first[np.cumsum(sizes) - sizes] = True
    accepted = np.array([d.accepted for d in kept])[rows]
    # The decided pair as told; the others on the other side of it.
    labels = np.where(first, accepted, ~accepted).astype(np.float64)
    worth = np.where(first, weight * share[rows], 1.0 / np.maximum(sizes[rows] - 1, 1))
    return features, labels, worth, rows


def with_taken_profiles(
    candidates: Sequence[Candidate], decisions: Sequence[Decision]
) -> list[Candidate]:
    """Candidates whose profiles also say what they took on through decisions: the
    requests' texts, places and objectives (those only suggested stay suggested)."""
    taken: dict[str, list[Decision]] = defaultdict(list)
    for d in decisions:
        if d.taken:
            taken[d.candidate].append(d)
    found = []
    for candidate in candidates:
        mine = [d.query for d in taken.get(candidate.id, [])]
        if not mine:
            found.append(candidate)
            continue
        objectives = {*candidate.objectives, *(o for q in mine for o in q.objectives)}
        confirmed = {
            *(set(candidate.objectives) - set(candidate.suggested_objectives)),
            *(o for q in mine for o in q.objectives if o not in q.suggested_objectives),
        }
        found.append(
            replace(
                candidate,
                text="\n".join([candidate.text, *(q.text for q in mine)]),
                objectives=tuple(sorted(objectives)),
                suggested_objectives=tuple(sorted(objectives - confirmed)),
                countries=_merged(candidate.countries, (c for q in mine for c in q.countries)),
                subregions=_merged(candidate.subregions, (s for q in mine for s in q.subregions)),
                regions=_merged(candidate.regions, (r for q in mine for r in q.regions)),
            )
        )
    return found


def _merged(own: Sequence[str], more: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({*own, *more}))
