"""Embeddings kept in a file, so a new process does not embed the same texts again.

Rows are keyed by the model's name and a hash of the text they came from (the caller's
key), so a file is never stale: a changed text has a new key, and a row of an old text
only costs its bytes. The file is SQLite, written one transaction per `put`, so a
process stopped mid-write leaves the rows of the earlier puts and nothing half-written.

Examples
--------
>>> import tempfile, pathlib, numpy as np
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> saved = VectorFile(folder / "vectors.db", "use-multilingual-v3")
>>> saved.put({b"k": np.ones(3, dtype=np.float32)})
>>> saved.get([b"k", b"other"])[b"k"].tolist()
[1.0, 1.0, 1.0]
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from pathlib import Path

import numpy as np
import numpy.typing as npt

__all__ = ["VectorFile"]

Row = npt.NDArray[np.float32]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    key BLOB NOT NULL,
    row BLOB NOT NULL,
    PRIMARY KEY (model, key)
) WITHOUT ROWID
"""
_CHUNK = 500
"""Keys per lookup: under SQLite's limit of bound parameters."""
_SCAN = 5000
"""Keys beyond which reading every row of the model beats looking each one up."""


class VectorFile:
    """Float32 rows of one model by key, in an SQLite file made on first use."""

    def __init__(self, path: Path, model: str) -> None:
        self.path = path
        self.model = model

    @contextmanager
    def _open(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=30.0)) as db:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute(_SCHEMA)
            yield db

    def get(self, keys: Sequence[bytes]) -> dict[bytes, Row]:
        """The rows of those keys the file holds."""
        found: dict[bytes, Row] = {}
        with self._open() as db:
            if len(keys) > _SCAN:  # a whole hub's rows: one pass over the file is faster
                wanted = set(keys)
                rows = db.execute("SELECT key, row FROM vectors WHERE model = ?", (self.model,))
                for key, row in rows:
                    if key in wanted:
                        found[key] = np.frombuffer(row, dtype=np.float32)
                return found
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ", ".join("?" for _ in chunk)
                rows = db.execute(
                    f"SELECT key, row FROM vectors WHERE model = ? AND key IN ({marks})",
                    (self.model, *chunk),
                )
                found.update((key, np.frombuffer(row, dtype=np.float32)) for key, row in rows)
        return found

    def put(self, rows: Mapping[bytes, Row]) -> None:
        """Keep these rows, all or none."""
        with self._open() as db, db:
            db.executemany(
                "INSERT OR REPLACE INTO vectors(model, key, row) VALUES (?, ?, ?)",
                (
                    (self.model, key, np.asarray(row, dtype=np.float32).tobytes())
                    for key, row in rows.items()
                ),
            )
