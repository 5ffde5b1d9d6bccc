"""Checks shared by the tests of signals read as of a judged request (held objectives,
presence): judged in the past a signal sees only earlier records, served it sees the
whole record, and training learns nothing from the request itself."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matching import Candidate, PartnerRecommender, PastActivity
from matching.features import FEATURES
from matching.signals import Signals
from matching.training import as_query, training_pairs

__all__ = ["assert_judged_as_of", "assert_not_learned"]


def assert_judged_as_of(
    candidates: Sequence[Candidate],
    history: Sequence[PastActivity],
    signal: str,
    late: int,
    implementer: int,
    peer: int,
) -> None:
    """Judged, activity `late` gives `signal` 0 to its implementer (only its own or later
    records show it) and 1 to `peer` (an earlier record does); served, 1 to both."""
    signals = Signals(candidates, history, None, 1095.0)
    batch = signals.batch([as_query(history[late])], own=np.array([late]))
    judged = signals.features(batch, np.zeros(2, dtype=int), np.array([implementer, peer]))
    assert judged[signal].tolist() == [0.0, 1.0]
    served = signals.batch([as_query(history[late])])
    found = signals.features(served, np.zeros(1, dtype=int), np.array([implementer]))
    assert found[signal].tolist() == [1.0]


def assert_not_learned(
    candidates: Sequence[Candidate], history: Sequence[PastActivity], signal: str
) -> None:
    """No implementer shows `signal` as of its request, some other candidate does, and
    the fit gives it no weight while the text still counts."""
    column = FEATURES.index(signal)
    signals = Signals(candidates, history, None, 1095.0)
    features, labels = training_pairs(signals, history, 1000, 10, np.random.default_rng(0))
    assert labels.sum() > 30
    assert np.all(features[labels == 1, column] == 0.0)
    assert np.any(features[labels == 0, column] > 0.0)
    model = PartnerRecommender(dense=False).fit(candidates, history)
    assert model.prior_weights_[signal] == 0.0
    assert model.prior_weights_["text"] > 0.0
