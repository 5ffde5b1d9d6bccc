"""Language-blind text similarity: requests against past activities and profiles.

Word signals only meet where a request and a record share words, so a French request
never finds the English history of the partner who did that work. Multilingual sentence
embeddings (`matching.embedding`) put the four working languages in one space. What the
history and the profiles say is embedded once, in fit: each activity's title and the
start of its description, and each part of a profile (description, every offer) on its
own, cut to `PASSAGE_CHARS`, so that fit costs one short text per record, not documents.
A request is embedded whole (up to the embedder's own limit), through the shared
embedder's cache: the text tagged at intake is not embedded again to be ranked.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from threadpoolctl import ThreadpoolController

from matching.embedding import Kind, TextEmbedder, embedder

__all__ = ["KEY_BYTES", "PASSAGE_CHARS", "DenseIndex", "Embedded"]

PASSAGE_CHARS = 300
"""A title and the first sentences: about 15 ms of embedding each on a loaded machine."""


def _head(text: str) -> str:
    """The first `PASSAGE_CHARS` of a text, cut at a space."""
    if len(text) <= PASSAGE_CHARS:
        return text
    cut = text.rfind(" ", PASSAGE_CHARS // 2, PASSAGE_CHARS)
    return text[: cut if cut > 0 else PASSAGE_CHARS]


_BLAS = ThreadpoolController()
"""One BLAS thread for the products: on the hub's shared cores a second thread made
one request's product against 10k activities four times slower (7.8 ms against 29.6 ms,
under load), and the embedding model runs on one thread for the same reason."""


def _transposed(rows: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(rows.T)


KEY_BYTES = 16
"""Length of `TextEmbedder.key`: tables of keys are (texts, KEY_BYTES) uint8 arrays."""


class Embedded:
    """Rows embedded before, found by their text's `TextEmbedder.key`: a fit given the
    previous fit's rows embeds only the texts that fit did not see.

    Parameters
    ----------
    tables : (keys, rows_t) pairs as `DenseIndex.tables` gives them: keys (n, KEY_BYTES)
        uint8, rows_t (dim, n) float32, which may be memory-mapped
    """

    def __init__(self, tables: Sequence[tuple[np.ndarray, np.ndarray]] = ()) -> None:
        self._tables = list(tables)
        self._where: dict[bytes, tuple[int, int]] = {}
        for table, (keys, _) in enumerate(self._tables):
            for row, key in enumerate(keys):
                self._where.setdefault(key.tobytes(), (table, row))

    def __len__(self) -> int:
        return len(self._where)

    def fill(self, keys: Sequence[bytes], rows: np.ndarray) -> np.ndarray:
        """Copy the known rows of `keys` into `rows`; returns which were known."""
        known = np.zeros(len(keys), dtype=bool)
        wanted: list[tuple[list[int], list[int]]] = [([], []) for _ in self._tables]
        for at, key in enumerate(keys):
            found = self._where.get(key)
            if found is not None:
                wanted[found[0]][0].append(at)
                wanted[found[0]][1].append(found[1])
        for (_, rows_t), (into, taken) in zip(self._tables, wanted, strict=True):
            if into:
                rows[into] = rows_t[:, taken].T
                known[into] = True
        return known


def _packed(keys: list[bytes]) -> np.ndarray:
    return np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(len(keys), KEY_BYTES).copy()


class DenseIndex:
    """Embeddings of past activities and profile parts, and cosines with new requests.

    Parameters
    ----------
    history : texts of the past activities
    profiles : each candidate's own text, parts on separate lines
    model : the embedder; the process's shared one when None
    known : rows embedded before (a previous fit's `tables`), taken instead of embedding
        their texts again
    """

    def __init__(
        self,
        history: Sequence[str],
        profiles: Sequence[str],
        model: TextEmbedder | None = None,
        known: Embedded | None = None,
    ) -> None:
        self.model = model or embedder()
        # Kept transposed (dimensions x texts, C order): a request's row times that is a
        # plain matrix-vector product, ten times faster here at 10k activities (0.9 ms
        # against 10 ms) than the same product against the rows' transposed view.
        self.activity_keys, self.activities_t = self._embedded([_head(t) for t in history], known)
        parts, owners = [], []
        for owner, text in enumerate(profiles):
            for part in text.split("\n"):
                if part.strip():
                    parts.append(_head(part))
                    owners.append(owner)
        self.part_keys, self.parts_t = self._embedded(parts, known)
        self.owners = np.asarray(owners, dtype=np.int64)
        self.candidates = len(profiles)

    def tables(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(keys, rows_t) of the activities, then of the profile parts: what `Embedded`
        reads to spare a later fit embedding them again."""
        yield self.activity_keys, self.activities_t
        yield self.part_keys, self.parts_t

    def passages(self, history: Sequence[str]) -> np.ndarray:
        """Rows of past activities' texts, cut as fit cuts them."""
        return self._passages([_head(t) for t in history])

    def _passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.model.dim), dtype=np.float32)
        return self.model.embed(texts, Kind.PASSAGE)

    def _embedded(self, texts: list[str], known: Embedded | None) -> tuple[np.ndarray, np.ndarray]:
        """Keys and transposed rows of passages already cut, the `known` ones copied."""
        keys = [self.model.key(t, Kind.PASSAGE) for t in texts]
        if known is None or not texts:
            return _packed(keys), _transposed(self._passages(texts))
        rows = np.empty((len(texts), self.model.dim), dtype=np.float32)
        found = known.fill(keys, rows)
        if not found.all():
            rows[~found] = self._passages([t for t, f in zip(texts, found, strict=True) if not f])
        return _packed(keys), _transposed(rows)

    def activities(self, which: np.ndarray) -> np.ndarray:
        """Rows of the past activities `which` (training asks with them)."""
        rows: np.ndarray = self.activities_t[:, which].T
        return rows

    def first_parts(self, which: np.ndarray) -> np.ndarray:
        """Rows of the first part of candidates `which`' profiles; zeros for none."""
        found = np.zeros((which.size, self.parts_t.shape[0]), dtype=np.float32)
        if not self.owners.size:
            return found
        starts = np.flatnonzero(np.r_[True, self.owners[1:] != self.owners[:-1]])
        first = dict(zip(self.owners[starts].tolist(), starts.tolist(), strict=True))
        for row, owner in enumerate(which.tolist()):
            if owner in first:
                found[row] = self.parts_t[:, first[owner]]
        return found

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """Rows of new requests; zeros for a blank one, which says nothing."""
        texts = list(texts)
        found = np.zeros((len(texts), self.model.dim), dtype=np.float32)
        said = [i for i, text in enumerate(texts) if text.strip()]
        if said:
            found[said] = self.model.embed([texts[i] for i in said], Kind.QUERY)
        return found

    def to_activities(self, rows: np.ndarray, activities: np.ndarray | None = None) -> np.ndarray:
        """requests x activities cosines (opposites count as unrelated: 0), with the
        fitted activities or the `activities` rows given."""
        against_t = self.activities_t if activities is None else activities.T
        with _BLAS.limit(limits=1, user_api="blas"):
            found: np.ndarray = np.maximum(rows @ against_t, 0.0, dtype=np.float32)
        return found

    def to_profiles(self, rows: np.ndarray) -> np.ndarray:
        """requests x candidates: the best cosine with any part of each profile (at
        least 0), 0 for a candidate with no text of its own."""
        found = np.zeros((rows.shape[0], self.candidates), dtype=np.float32)
        if self.owners.size:
            with _BLAS.limit(limits=1, user_api="blas"):
                cosines = rows @ self.parts_t
            starts = np.flatnonzero(np.r_[True, self.owners[1:] != self.owners[:-1]])
            best = np.maximum.reduceat(cosines, starts, axis=1)
            found[:, self.owners[starts]] = np.maximum(best, 0.0)
        return found
