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
from collections.abc import Callable, Mapping, Sequence
from typing import TypeAlias

from graph.errors import GraphError

__all__ = ["TextFields", "all_words_first", "canonical", "fingerprint", "query_words"]

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


Ask = Callable[[str, int], list[tuple[str, float]]]
"""A store's query: (query in its syntax, limit) -> up to limit (id, score), best first."""


def all_words_first(
    query: str, limit: int, ask: Ask, but_not: str = "NOT"
) -> list[tuple[str, float]]:
    """Records holding every word of the query first, then those holding some.

    Each tier asks the store's index for its best `limit` only, so a common word does
    not make the store score and sort every record holding it when the first tier
    fills the answer. `but_not` is the index's operator for "and not". An all-words
    record's score is raised by the best other score, so the answer stays ordered.
    """
    words = query_words(query)
    if not words or limit <= 0:
        return []
    quoted = [f'"{word}"' for word in words]  # letters and digits only: never syntax
    every = " AND ".join(quoted)
    found = ask(every, limit)
    if len(found) < limit and len(words) > 1:
        others = ask(f"({' OR '.join(quoted)}) {but_not} ({every})", limit - len(found))
        if others:
            found = [(node_id, score + others[0][1]) for node_id, score in found]
        found += others
    return found
