"""Decisions as labelled pairs and as profiles: two more ways for them to teach.

An accept is a (request, partner) pair that fits, a reject one that does not: beside
the history's pretend requests, in the logistic regression that learns the prior
weights, each worth `weight` history pairs, so that the history's many pairs hold the
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
    signals: Signals, decisions: Sequence[Decision], weight: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Feature rows (in FEATURES order), labels and sample weights of the decisions
    that speak about a fit, as the coordinator saw them."""
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
        return np.empty((0, len(FEATURES))), np.empty(0), np.empty(0)
    queries = [d.query for d in kept]
    batch = signals.batch(queries, as_of=as_decided(signals, queries))
    cols = np.array([positions[d.candidate] for d in kept])
    values = signals.features(batch, np.arange(len(kept)), cols)
    features = np.column_stack([values[f] for f in FEATURES]).astype(np.float64)
    labels = np.array([float(d.accepted) for d in kept])
    return features, labels, weight * share


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
