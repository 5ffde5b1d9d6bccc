"""Word search on the embedded store: an FTS5 index kept in step by triggers.

`text_docs` holds each indexed node's text (its declared properties joined, lists
item by item) and `text_index` is the FTS5 index over it. Triggers on `nodes` write
`text_docs` in the very statement that writes the node, so the index commits and rolls
back with the graph, whoever writes the file. The triggers live in the file, so a
process that opened it without ever searching keeps the index in step too.

The declaration is written into the file (`text_config`); a search with another
declaration, or a file from before search existed, rebuilds the tables and triggers
from `nodes` first, in one transaction: the migration.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from graph.text import TextFields, canonical, ranked_by_tiers

__all__ = ["matches", "migrate", "needs_migration"]

_DROP = """
DROP TRIGGER IF EXISTS text_nodes_insert;
DROP TRIGGER IF EXISTS text_nodes_update;
DROP TRIGGER IF EXISTS text_nodes_delete;
DROP TABLE IF EXISTS text_index;
DROP TABLE IF EXISTS text_docs;
CREATE TABLE IF NOT EXISTS text_config (fields TEXT NOT NULL);
DELETE FROM text_config;
"""
_TABLES = """
CREATE TABLE text_docs (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE VIRTUAL TABLE text_index USING fts5(
    body, content='text_docs', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER text_docs_insert AFTER INSERT ON text_docs BEGIN
    INSERT INTO text_index(rowid, body) VALUES (NEW.rowid, NEW.body);
END;
CREATE TRIGGER text_docs_delete AFTER DELETE ON text_docs BEGIN
    INSERT INTO text_index(text_index, rowid, body) VALUES ('delete', OLD.rowid, OLD.body);
END;
CREATE TRIGGER text_docs_update AFTER UPDATE ON text_docs BEGIN
    INSERT INTO text_index(text_index, rowid, body) VALUES ('delete', OLD.rowid, OLD.body);
    INSERT INTO text_index(rowid, body) VALUES (NEW.rowid, NEW.body);
END;
"""


def _body(fields: dict[str, list[str]], row: str) -> str:
    """SQL for a node's text from `<row>.label` and `<row>.props`; names are checked."""
    cases = []
    for label, names in fields.items():
        keys = ", ".join(f"'{name}'" for name in names)
        cases.append(
            f"WHEN '{label}' THEN (SELECT group_concat(CASE j.type WHEN 'array' THEN"
            " (SELECT group_concat(a.value, ' ') FROM json_each(j.value) a"
            " WHERE a.type = 'text') ELSE j.value END, ' ')"
            f" FROM json_each({row}props) j WHERE j.key IN ({keys})"
            " AND j.type IN ('text', 'array'))"
        )
    return f"coalesce(CASE {row}label {' '.join(cases)} END, '')"


def _triggers(fields: dict[str, list[str]]) -> str:
    labels = ", ".join(f"'{label}'" for label in fields)
    return f"""
CREATE TRIGGER text_nodes_insert AFTER INSERT ON nodes WHEN NEW.label IN ({labels}) BEGIN
    INSERT INTO text_docs(id, label, body) VALUES (NEW.id, NEW.label, {_body(fields, "NEW.")});
END;
CREATE TRIGGER text_nodes_update AFTER UPDATE OF props ON nodes
WHEN NEW.label IN ({labels}) BEGIN
    UPDATE text_docs SET body = {_body(fields, "NEW.")} WHERE id = NEW.id;
END;
CREATE TRIGGER text_nodes_delete AFTER DELETE ON nodes WHEN OLD.label IN ({labels}) BEGIN
    DELETE FROM text_docs WHERE id = OLD.id;
END;
"""


def _declared(fields: TextFields) -> str:
    return json.dumps(canonical(fields), separators=(",", ":"))


def needs_migration(db: sqlite3.Connection, fields: TextFields) -> bool:
    """Whether the file's index was built for another declaration, or never built."""
    try:
        row = db.execute("SELECT fields FROM text_config").fetchone()
    except sqlite3.OperationalError:  # a file from before search: no table yet
        return True
    return row is None or row[0] != _declared(fields)


def migrate(db: sqlite3.Connection, fields: TextFields) -> None:
    """Rebuild the index for `fields` from the nodes; the caller holds a write transaction."""
    declared = canonical(fields)
    script = _DROP + _TABLES + _triggers(declared)
    for statement in _statements(script):
        db.execute(statement)
    labels = list(declared)
    marks = ", ".join("?" for _ in labels)
    db.execute(
        f"INSERT INTO text_docs(id, label, body) SELECT id, label, {_body(declared, '')}"
        f" FROM nodes WHERE label IN ({marks})",
        labels,
    )
    db.execute("INSERT INTO text_config(fields) VALUES (?)", (_declared(fields),))


def _statements(script: str) -> Iterator[str]:
    """Statements of a script one by one: `executescript` would commit the transaction."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""


_FOUND = """
FROM text_index WHERE text_index MATCH :words
  AND rowid NOT IN (
    SELECT rowid FROM text_docs WHERE id IN (SELECT value FROM json_each(:exclude)))
  AND (:labels IS NULL OR rowid IN (
    SELECT rowid FROM text_docs WHERE label IN (SELECT value FROM json_each(:labels))))
"""
"""The filters sit inside every query, before the limit: an excluded record never takes
a place, nor counts towards a word being common. FTS5 alone then scores and keeps the
best; only those are joined to their ids."""
_BEST = f"""
SELECT d.id, s.score FROM (
    SELECT rowid, -bm25(text_index) AS score {_FOUND} ORDER BY score DESC LIMIT :limit
) s JOIN text_docs d ON d.rowid = s.rowid ORDER BY s.score DESC, d.id
"""
_ANY = (
    f"SELECT d.id FROM (SELECT rowid {_FOUND} LIMIT :limit) s JOIN text_docs d ON d.rowid = s.rowid"
)
_HOLDING = f"SELECT count(*) FROM (SELECT 1 {_FOUND} LIMIT :limit)"


@dataclass(frozen=True, slots=True)
class _Index:
    db: sqlite3.Connection
    filters: dict[str, object]

    def best(self, query: str, limit: int) -> list[tuple[str, float]]:
        found = self.db.execute(_BEST, {**self.filters, "words": query, "limit": limit})
        return [(str(node_id), float(score)) for node_id, score in found]

    def holding(self, word: str, limit: int) -> int:
        found = self.db.execute(_HOLDING, {**self.filters, "words": word, "limit": limit})
        return int(found.fetchone()[0])

    def any_of(self, query: str, limit: int) -> list[str]:
        found = self.db.execute(_ANY, {**self.filters, "words": query, "limit": limit})
        return [str(node_id) for (node_id,) in found]


def matches(
    db: sqlite3.Connection,
    query: str,
    labels: Collection[str] | None,
    exclude: Collection[str],
    limit: int,
) -> list[tuple[str, float]]:
    """By `graph.text.ranked_by_tiers`, bm25 as positive scores; `exclude` skipped."""
    filters: dict[str, object] = {
        "labels": json.dumps(sorted(labels)) if labels is not None else None,
        "exclude": json.dumps(sorted(exclude)),
    }
    return ranked_by_tiers(query, limit, _Index(db, filters))
