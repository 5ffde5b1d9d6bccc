"""The objective tagger on the same requests written in English, French, Spanish and Arabic.

`python -m benchmarks.tagging` tags `benchmarks/data/requests-4lang.json` (our own writing,
never fitted on) with three taggers: the keyword tagger that came before (TF-IDF on the
taxonomy's vocabulary), the multilingual tagger from the descriptions alone, and the
multilingual tagger after learning from the demo hub's tagged requests and offers. Per
language it reports hit@1, hit@3 and recall@3 of the suggestions a person would see (at
most 3, sure or unsure), and the Jaccard overlap of each translation's objectives with the
English ones; then the same for the three objectives `gcm-hub tag --top 3` lists (those a
text gets, then its next best); then the cost of tagging one new text. Results go to
`benchmarks/results/tagging.json`.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

import hub.demo
from hub.matchmaking.tagging import descriptions, fit_examples, keywords
from matching.embedding import TextEmbedder
from matching.multilingual_tagging import MultilingualTagger
from matching.tagging import ObjectiveTagger, Suggestion, Suggests

__all__ = ["main", "measure"]

DATA = Path(__file__).parent / "data" / "requests-4lang.json"
RESULTS = Path(__file__).parent / "results" / "tagging.json"
LANGUAGES = ("en", "fr", "es", "ar")
TOP = 3


def demo_examples() -> tuple[list[str], list[set[int]]]:
    """The demo hub's tagged requests and offers, as `hub.objectives.tagger` would read them."""
    document = json.loads((Path(hub.demo.__file__).parent / "hub.json").read_text("utf-8"))
    described = [*document["requests"], *document["offers"]]
    tagged = [r for r in described if r["objectives"]]
    return [f"{r['title']}\n{r['text']}" for r in tagged], [set(r["objectives"]) for r in tagged]


class Listed:
    """What `gcm-hub tag --top N` lists: the objectives a text gets, then its next best."""

    def __init__(self, tagger: MultilingualTagger) -> None:
        self.tagger = tagger

    def suggest_many(self, texts: Sequence[str], top: int = 5) -> list[list[Suggestion]]:
        return self.tagger.suggest_many(texts, top, more=True)


def taggers() -> dict[str, Suggests]:
    texts, labels = demo_examples()
    learned = fit_examples(texts, labels)
    return {
        "keywords (before)": ObjectiveTagger().fit(keywords(), texts, labels),
        "multilingual, descriptions only": fit_examples([], []),
        "multilingual, + demo examples": learned,
        "multilingual, + demo examples, as `gcm-hub tag --top 3` lists": Listed(learned),
    }


def _scores(found: list[list[int]], gold: list[list[int]]) -> dict[str, float]:
    pairs = list(zip(found, gold, strict=True))
    return {
        "hit@1": float(np.mean([bool(f) and f[0] in g for f, g in pairs])),
        "hit@3": float(np.mean([bool(set(f[:TOP]) & set(g)) for f, g in pairs])),
        "recall@3": float(np.mean([len(set(f[:TOP]) & set(g)) / len(g) for f, g in pairs])),
        "empty": float(np.mean([not f for f, _ in pairs])),
    }


def _jaccard(first: Sequence[int], second: Sequence[int]) -> float:
    union = set(first) | set(second)
    return len(set(first) & set(second)) / len(union) if union else 1.0


def measure(tagger: Suggests, items: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Per language: the scores, and the mean Jaccard with the English objectives."""
    gold = [item["objectives"] for item in items]
    found = {
        language: [
            [s.objective for s in row]
            for row in tagger.suggest_many([item["text"][language] for item in items], TOP)
        ]
        for language in LANGUAGES
    }
    return {
        language: _scores(found[language], gold)
        | {
            "jaccard_vs_en": float(
                np.mean([_jaccard(a, b) for a, b in zip(found[language], found["en"], strict=True)])
            )
        }
        for language in LANGUAGES
    }


def cost(items: list[dict[str, Any]]) -> dict[str, float]:
    """Milliseconds to tag one text never seen before (a fresh embedder: nothing cached)."""
    texts, labels = demo_examples()
    began = time.perf_counter()
    tagger = MultilingualTagger(embedder=TextEmbedder()).fit(
        descriptions(), texts, labels, keywords()
    )
    fit_s = time.perf_counter() - began
    took = []
    for item in items:
        for language in LANGUAGES:
            began = time.perf_counter()
            tagger.suggest(item["text"][language], TOP)
            took.append((time.perf_counter() - began) * 1000)
    return {
        "fit_s": round(fit_s, 2),
        "texts": len(took),
        "median_ms": round(float(np.median(took)), 2),
        "p99_ms": round(float(np.percentile(took, 99)), 2),
        "max_ms": round(max(took), 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def format_table(name: str, result: dict[str, dict[str, float]]) -> str:
    lines = [
        f"\n{name}",
        "| language | hit@1 | hit@3 | recall@3 | Jaccard vs en | empty |",
        "|---|---|---|---|---|---|",
    ]
    for language, row in result.items():
        lines.append(
            f"| {language} | {row['hit@1']:.3f} | {row['hit@3']:.3f} | {row['recall@3']:.3f}"
            f" | {row['jaccard_vs_en']:.3f} | {row['empty']:.3f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.tagging", description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    items = json.loads(args.data.read_text(encoding="utf-8"))["items"]
    results: dict[str, Any] = {"items": len(items)}
    for name, tagger in taggers().items():
        results[name] = measure(tagger, items)
        print(format_table(name, results[name]), flush=True)
    results["cost"] = cost(items)
    print(f"\ncost: {results['cost']}")
    args.out.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
