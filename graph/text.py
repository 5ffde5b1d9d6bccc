"""What both backends' word search shares: the declared text fields and query words.

A caller declares which string properties of which labels are text (`TextFields`);
the stores index exactly those, and read a query as the OR of its words, so that a
record holding more of them, rarer ones first, ranks higher. Words are runs of
letters and digits; every other character separates them, so nothing a user types
can reach a query language as syntax.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from typing import Protocol, TypeAlias

from graph.errors import GraphError

__all__ = [
    "COMMON",
    "TextFields",
    "TextIndex",
    "canonical",
    "fingerprint",
    "query_words",
    "ranked_by_tiers",
]

TextFields: TypeAlias = Mapping[str, Sequence[str]]
"""Label -> the properties holding its text (strings or lists of strings)."""

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD = re.compile(r"[^\W_]+")
MAX_WORDS = 32
"""Words of a query read at most: a pasted page would otherwise cost a scan per word."""


def canonical(fields: TextFields) -> dict[str, list[str]]:
    """The fields in one spelling (labels sorted, properties in order, no repeats),
    checked to be names, since both stores write them into their schema."""
    found: dict[str, list[str]] = {}
    for label in sorted(fields):
        names = list(dict.fromkeys(fields[label]))
        for name in (label, *names):
            if not _NAME.fullmatch(name):
                raise GraphError(f"text field {label}.{name}: {name!r} is not a plain name")
        if not names:
            raise GraphError(f"text fields of {label}: none given")
        found[label] = names
    if not found:
        raise GraphError("text fields: no label given")
    return found


def fingerprint(fields: TextFields) -> str:
    """A short stable name of a declaration, to tell whether an index still matches it."""
    text = json.dumps(canonical(fields), separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def query_words(query: str) -> list[str]:
    """The distinct words of a query, lower-cased, first `MAX_WORDS` of them."""
    words = dict.fromkeys(word.casefold() for word in _WORD.findall(query))
    return list(words)[:MAX_WORDS]


COMMON = 2000
"""Records holding a word above which the word no longer finds records on its own: a
store would score and sort every record holding it, for a word that tells little."""


class TextIndex(Protocol):
    """A store's full-text index, seen through the caller's filters and exclusions."""

    def best(self, query: str, limit: int) -> list[tuple[str, float]]:
        """Up to `limit` (id, positive score) for a query in the index's syntax, best first."""

    def holding(self, word: str, limit: int) -> int:
        """How many records hold `word` (a quoted word), counted up to `limit`."""

    def any_of(self, query: str, limit: int) -> list[str]:
        """Up to `limit` ids matching the query, unscored, in the index's own order."""


def ranked_by_tiers(
    query: str, limit: int, index: TextIndex, but_not: str = "NOT"
) -> list[tuple[str, float]]:
    """Records holding every word of the query, then those holding one of its less common
    words (held by at most `COMMON` records), both by the index's score; then, while
    room is left, records holding only common words, unscored.

    Each step asks only for the room left, so a common word never makes the index score
    every record holding it. A step's scores are raised by the best score of the steps
    after it, so the answer stays ordered by score.
    """
    words = query_words(query)
    if not words or limit <= 0:
        return []
    quoted = [f'"{word}"' for word in words]  # letters and digits only: never syntax
    every = " AND ".join(quoted)
    tiers = [index.best(every, limit)]
    found = len(tiers[0])
    if found < limit and len(words) > 1:
        rare = [word for word in quoted if index.holding(word, COMMON + 1) <= COMMON]
        if rare:
            tiers.append(index.best(f"({' OR '.join(rare)}) {but_not} ({every})", limit - found))
            found += len(tiers[-1])
    if found < limit:
        seen = {node_id for tier in tiers for node_id, _ in tier}
        rest = index.any_of(" OR ".join(quoted), limit - found + len(seen))
        tiers.append([(node_id, 1.0) for node_id in rest if node_id not in seen][: limit - found])
    answer: list[tuple[str, float]] = []
    for tier in reversed(tiers):
        lift = answer[0][1] if answer else 0.0
        answer = [(node_id, score + lift) for node_id, score in tier] + answer
    return answer
