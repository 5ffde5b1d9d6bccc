import math

import pytest

from matching.metrics import gini, hit_at_k, mean_metrics, ndcg_at_k, recall_at_k, reciprocal_rank

RANKED = ["a", "b", "c", "d"]


def test_recall_counts_gold_found_in_the_first_k() -> None:
    assert recall_at_k(RANKED, {"b", "z"}, k=2) == 0.5
    assert recall_at_k(RANKED, {"d"}, k=3) == 0.0
    assert recall_at_k(RANKED, set(), k=3) == 0.0


def test_hit_is_one_when_any_gold_is_in_the_first_k() -> None:
    assert hit_at_k(RANKED, {"c", "z"}, k=3) == 1.0
    assert hit_at_k(RANKED, {"d"}, k=3) == 0.0


def test_reciprocal_rank_of_the_first_gold() -> None:
    assert reciprocal_rank(RANKED, {"c", "d"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(RANKED, {"z"}) == 0.0


def test_ndcg_by_hand() -> None:
    # Gold at ranks 2 and 4 out of two gold: (1/log2(3) + 1/log2(5)) / (1 + 1/log2(3)).
    expected = (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))
    assert ndcg_at_k(RANKED, {"b", "d"}, k=10) == pytest.approx(expected)
    assert ndcg_at_k(RANKED, {"a"}, k=1) == 1.0


def test_gini_of_exposure() -> None:
    assert gini([3, 3, 3]) == 0.0
    # One of four candidates takes everything: (n - 1) / n.
    assert gini([0, 0, 0, 8]) == pytest.approx(0.75)
    assert gini([1, 2, 3]) == pytest.approx(2 / 9)
    assert gini([]) == 0.0


def test_mean_metrics_averages_over_requests() -> None:
    scores = mean_metrics([["a", "b"], ["c", "d"]], [{"a"}, {"d"}], k=2)
    assert scores == pytest.approx(
        {"recall@2": 1.0, "hit@2": 1.0, "mrr": 0.75, "ndcg@2": (1 + 1 / math.log2(3)) / 2}
    )
