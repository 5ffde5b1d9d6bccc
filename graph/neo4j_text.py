"""Word search on Neo4j: one full-text (Lucene) index over the declared text fields.

The index is named after a fingerprint of the declaration, so a changed declaration
makes a new index (and drops the hub's older ones); Neo4j fills a new index from the
nodes in the background and keeps it in step with every commit, so a search waits
for it once. One index covers every declared label and property together: a label's
undeclared property is indexed too if another label declares one of that name.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any

from graph.text import TextFields, canonical, fingerprint, ranked_by_tiers

__all__ = ["PREFIX", "ensure_index", "matches"]

PREFIX = "hub_text_"
_AWAIT_SECONDS = 600

Run = Callable[..., list[Any]]

_FOUND = """
CALL db.index.fulltext.queryNodes($index, $words) YIELD node, score
WITH node, score, [l IN labels(node) WHERE l <> 'Entity'][0] AS label
WHERE ($labels IS NULL OR label IN $labels) AND NOT node.id IN $exclude
"""
"""The filters come before every limit: an excluded record never takes a place, nor
counts towards a word being common."""
_BEST = _FOUND + "RETURN node.id AS id, score ORDER BY score DESC, id LIMIT $limit"
_ANY = _FOUND + "RETURN node.id AS id LIMIT $limit"
_HOLDING = _FOUND + "WITH node LIMIT $limit RETURN count(node) AS n"


@dataclass(frozen=True, slots=True)
class _Index:
    run: Run
    filters: dict[str, object]

    def best(self, query: str, limit: int) -> list[tuple[str, float]]:
        found = self.run(_BEST, **self.filters, words=query, limit=limit)
        return [(str(r["id"]), float(r["score"])) for r in found]

    def holding(self, word: str, limit: int) -> int:
        return int(self.run(_HOLDING, **self.filters, words=word, limit=limit)[0]["n"])

    def any_of(self, query: str, limit: int) -> list[str]:
        return [str(r["id"]) for r in self.run(_ANY, **self.filters, words=query, limit=limit)]


def ensure_index(run: Run, fields: TextFields) -> str:
    """The index for `fields`, created and populated if it was not; its name."""
    name = PREFIX + fingerprint(fields)
    existing = {r["name"] for r in run("SHOW FULLTEXT INDEXES YIELD name RETURN name")}
    if name not in existing:
        for old in sorted(existing):
            if old.startswith(PREFIX):  # names are ours and plain, so formatting is safe
                run(f"DROP INDEX {old} IF EXISTS")
        declared = canonical(fields)
        labels = "|".join(declared)
        names = dict.fromkeys(name for names in declared.values() for name in names)
        on = ", ".join(f"n.{name}" for name in names)
        run(f"CREATE FULLTEXT INDEX {name} IF NOT EXISTS FOR (n:{labels}) ON EACH [{on}]")
    run("CALL db.awaitIndex($name, $seconds)", name=name, seconds=_AWAIT_SECONDS)
    return name


def matches(
    run: Run,
    index: str,
    query: str,
    labels: Collection[str] | None,
    exclude: Collection[str],
    limit: int,
) -> list[tuple[str, float]]:
    """By `graph.text.ranked_by_tiers`, Lucene's scores (ties by id); `exclude` skipped."""
    filters: dict[str, object] = {
        "index": index,
        "labels": sorted(labels) if labels is not None else None,
        "exclude": list(exclude),
    }
    return ranked_by_tiers(query, limit, _Index(run, filters), but_not="AND NOT")
