"""Ranking metrics for recommendation lists, and how evenly exposure is spread."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import numpy as np

__all__ = ["gini", "hit_at_k", "mean_metrics", "ndcg_at_k", "recall_at_k", "reciprocal_rank"]


def recall_at_k(ranked: Sequence[str], gold: Collection[str], k: int = 10) -> float:
    """Share of the right answers found in the first `k`; 0 when there are none."""
    if not gold:
        return 0.0
    return len(set(ranked[:k]) & set(gold)) / len(set(gold))


def hit_at_k(ranked: Sequence[str], gold: Collection[str], k: int = 10) -> float:
    """1 when at least one right answer is in the first `k`."""
    return float(bool(set(ranked[:k]) & set(gold)))


def reciprocal_rank(ranked: Sequence[str], gold: Collection[str]) -> float:
    """1 / rank of the first right answer; 0 when none is ranked."""
    for rank, item in enumerate(ranked, start=1):
        if item in gold:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranked: Sequence[str], gold: Collection[str], k: int = 10) -> float:
    """Binary-relevance nDCG: log-discounted hits over the best possible ordering."""
    if not gold:
        return 0.0
    gains = [1.0 / np.log2(rank + 1) for rank, item in enumerate(ranked[:k], 1) if item in gold]
    ideal = sum(1.0 / np.log2(rank + 1) for rank in range(1, min(len(set(gold)), k) + 1))
    return float(sum(gains) / ideal)


def gini(exposure: Iterable[float]) -> float:
    """Gini coefficient of exposure counts: 0 all equal, near 1 one candidate takes all.

    Pass a count for every candidate, including the zeros of those never shown.
    """
    values = np.sort(np.asarray(list(exposure), dtype=float))
    if values.size == 0 or values.sum() == 0:
        return 0.0
    ranks = np.arange(1, values.size + 1)
    return float((2 * ranks - values.size - 1) @ values / (values.size * values.sum()))


def mean_metrics(
    rankings: Sequence[Sequence[str]], golds: Sequence[Collection[str]], k: int = 10
) -> dict[str, float]:
    """recall@k, hit@k, MRR and nDCG@k averaged over requests."""
    pairs = list(zip(rankings, golds, strict=True))
    return {
        f"recall@{k}": float(np.mean([recall_at_k(r, g, k) for r, g in pairs])),
        f"hit@{k}": float(np.mean([hit_at_k(r, g, k) for r, g in pairs])),
        "mrr": float(np.mean([reciprocal_rank(r, g) for r, g in pairs])),
        f"ndcg@{k}": float(np.mean([ndcg_at_k(r, g, k) for r, g in pairs])),
    }
