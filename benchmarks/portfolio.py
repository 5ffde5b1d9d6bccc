"""How long the exact portfolio takes: 500 concept notes under 20 balance constraints.

Ten region caps and ten objective groups (plus the budget) on random scores and costs;
the proposal alone at 500 notes, and with every note's verdict (one more solve per
note) at the size of a real call (the Migration MPTF's first had 74 notes). Run with
`python -m benchmarks.portfolio [--notes 500] [--explained 74] [--seed 0]`; prints JSON.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from matching.portfolio import propose

__all__ = ["measure"]

REGIONS = 10
GROUPS = 10


def _call(
    notes: int, seed: int
) -> tuple[np.ndarray, np.ndarray, float, np.ndarray, int, np.ndarray]:
    rng = np.random.default_rng(seed)
    scores = rng.uniform(1.0, 5.0, notes).round(2)
    costs = rng.integers(50, 300, notes).astype(float) * 1000
    regions = rng.integers(0, REGIONS, notes)
    groups = rng.random((GROUPS, notes)) < 0.15
    budget = float(costs.sum() * 0.1)
    cap = max(1, notes // (REGIONS * 10) * 2)
    return scores, costs, budget, regions, cap, groups


def measure(notes: int = 500, explained: int = 74, seed: int = 0) -> dict[str, float | int]:
    started = time.perf_counter()
    portfolio = propose(*_call(notes, seed), explain=False)
    propose_s = time.perf_counter() - started
    started = time.perf_counter()
    propose(*_call(explained, seed))
    explain_s = time.perf_counter() - started
    return {
        "notes": notes,
        "constraints": REGIONS + GROUPS,
        "chosen": len(portfolio.chosen),
        "total": round(portfolio.total, 2),
        "balance_cost": round(portfolio.balance_cost, 2),
        "propose_s": round(propose_s, 3),
        "explained_notes": explained,
        "propose_and_explain_s": round(explain_s, 3),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notes", type=int, default=500)
    parser.add_argument("--explained", type=int, default=74)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()
    print(json.dumps(measure(arguments.notes, arguments.explained, arguments.seed), indent=2))
