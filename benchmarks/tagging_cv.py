"""Choose the multilingual tagger's hyperparameters by cross-validation on the demo hub.

`python -m benchmarks.tagging_cv` splits the demo hub's tagged requests and offers (our own
writing in four languages; neither the four-language benchmark nor any IATI data) into
folds, fits the tagger on the other folds and scores the held-out one. Ranking parameters
are chosen by hit@1 + recall@3, and among those within `TIE` of the best, the one leaning
least on keywords (they are the language-bound signal); then the sure threshold by the F1
of the suggested set against the chosen objectives. The defaults were set from its output.
"""

from __future__ import annotations

import argparse
import itertools
from collections.abc import Sequence

import numpy as np

from benchmarks.tagging import demo_examples
from hub.tagging import descriptions, keywords
from matching.multilingual_tagging import MultilingualTagger

__all__ = ["main"]

SHARPNESS = (10.0, 20.0, 40.0)
EXAMPLE_PULL = (2.0, 4.0, 8.0, 16.0, 32.0)
KEYWORD_WEIGHT = (0.0, 0.15, 0.3, 0.5)
TIE = 0.01
MIN_CONFIDENCE = (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4)


def _ranking(scores: np.ndarray, gold: list[set[int]]) -> tuple[float, float]:
    order = np.argsort(-scores, axis=1, kind="stable")[:, :3] + 1
    hit1 = np.mean([order[i, 0] in g for i, g in enumerate(gold)])
    recall3 = np.mean([len(set(order[i]) & g) / len(g) for i, g in enumerate(gold)])
    return float(hit1), float(recall3)


def _set_f1(scores: np.ndarray, gold: list[set[int]], threshold: float) -> float:
    f1 = []
    for row, chosen in zip(scores, gold, strict=True):
        order = np.argsort(-row, kind="stable")[:3]
        found = {int(c) + 1 for c in order if row[c] >= threshold} or {int(order[0]) + 1}
        both = len(found & chosen)
        f1.append(2 * both / (len(found) + len(chosen)))
    return float(np.mean(f1))


def held_out_scores(
    texts: list[str], gold: list[set[int]], folds: int, seed: int
) -> dict[tuple[float, float, float], np.ndarray]:
    """Held-out confidences of every text for every parameter combination."""
    fold = np.random.default_rng(seed).permutation(len(texts)) % folds
    found: dict[tuple[float, float, float], np.ndarray] = {}
    for sharpness in SHARPNESS:
        for k in range(folds):
            train = np.flatnonzero(fold != k)
            test = np.flatnonzero(fold == k)
            tagger = MultilingualTagger(sharpness=sharpness, keyword_weight=0.5).fit(
                descriptions(), [texts[i] for i in train], [gold[i] for i in train], keywords()
            )
            for pull, weight in itertools.product(EXAMPLE_PULL, KEYWORD_WEIGHT):
                tagger.set_params(example_pull=pull, keyword_weight=weight)
                key = (sharpness, pull, weight)
                found.setdefault(key, np.zeros((len(texts), 23)))
                found[key][test] = tagger.confidences([texts[i] for i in test])
    return found


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tagging_cv", description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    texts, gold = demo_examples()
    found = held_out_scores(texts, gold, args.folds, args.seed)
    ranked = sorted(found, key=lambda key: -sum(_ranking(found[key], gold)))
    print("| sharpness | example_pull | keyword_weight | hit@1 | recall@3 |\n|---|---|---|---|---|")
    for key in ranked[:10]:
        hit1, recall3 = _ranking(found[key], gold)
        print(f"| {key[0]} | {key[1]} | {key[2]} | {hit1:.3f} | {recall3:.3f} |")
    top = sum(_ranking(found[ranked[0]], gold))
    tied = [key for key in ranked if sum(_ranking(found[key], gold)) >= top - TIE]
    chosen = min(tied, key=lambda key: (key[2], ranked.index(key)))
    print(f"\nchosen: sharpness {chosen[0]}, example_pull {chosen[1]}, keyword_weight {chosen[2]}")
    best = found[chosen]
    print("\n| min_confidence | set F1 |\n|---|---|")
    for threshold in MIN_CONFIDENCE:
        print(f"| {threshold} | {_set_f1(best, gold, threshold):.3f} |")


if __name__ == "__main__":
    main()
