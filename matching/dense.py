"""Language-blind text similarity: requests against past activities and profiles.

Word signals only meet where a request and a record share words, so a French request
never finds the English history of the partner who did that work. Multilingual sentence
embeddings (`matching.embedding`) put the four working languages in one space. What the
history and the profiles say is embedded once, in fit: each activity's title and the
start of its description, and each part of a profile (description, every offer) on its
own, cut to `PASSAGE_CHARS`, so that fit costs one short text per record, not documents.
A request is embedded whole (up to the embedder's own limit), through the shared
embedder's cache: the text tagged at intake is not embedded again to be ranked.

Reading every activity's row for every request is what a request cost at 100k
activities (205 MB per request). A request served with a short list reads instead: a
projection of the rows to `NEAR_DIMS` dimensions fitted here, to *find* the activities
close in meaning (`near`); the exact rows of the activities written in another language
than the request, where the word signals take the cosine's prediction (`apart_into`),
which is why the rows are stored grouped by language; and the exact rows of the
short-listed candidates' activities (`at`), gathered, which is why they are stored one
row per text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from threadpoolctl import ThreadpoolController

from matching.embedding import Kind, TextEmbedder, embedder

__all__ = ["KEY_BYTES", "NEAR_DIMS", "PASSAGE_CHARS", "DenseIndex", "Embedded"]

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


NEAR_DIMS = 128
"""Dimensions a short list finds close activities in: the leading directions of the
fitted rows, a quarter of the reads of the 512-d rows. On the synthetic hubs they keep
95 % of the rows' energy and 97 % of each request's 500 closest activities (10k), and
their bound on the error (`spread` times `residuals`) leaves about a quarter of a
candidate's activities to compute exactly for its best cosine (100k; 64 dimensions
left two thirds). The short list's agreement with exact scoring is what
`benchmarks.recommender` reports."""


def _projection(rows: np.ndarray, dims: int) -> np.ndarray:
    """(dim, dims): the directions that keep the most of `rows`' inner products
    (leading eigenvectors of their Gram matrix, so no centring: cosines are products)."""
    with _BLAS.limit(limits=1, user_api="blas"):
        gram = (rows.T @ rows).astype(np.float64)
    _, vectors = np.linalg.eigh(gram)
    found: np.ndarray = np.ascontiguousarray(vectors[:, ::-1][:, :dims], dtype=np.float32)
    return found


KEY_BYTES = 16
"""Length of `TextEmbedder.key`: tables of keys are (texts, KEY_BYTES) uint8 arrays."""


class Embedded:
    """Rows embedded before, found by their text's `TextEmbedder.key`: a fit given the
    previous fit's rows embeds only the texts that fit did not see.

    Parameters
    ----------
    tables : (keys, rows) pairs as `DenseIndex.tables` gives them: keys (n, KEY_BYTES)
        uint8, rows (n, dim) float32, which may be memory-mapped
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
        for (_, table), (into, taken) in zip(self._tables, wanted, strict=True):
            if into:
                rows[into] = table[taken]
                known[into] = True
        return known


def _times(rows: np.ndarray, requests: np.ndarray) -> np.ndarray:
    """requests x rows products, for rows stored one per text. One request through
    numpy's own loop, which read the rows 1.7 times faster here than BLAS's
    matrix-vector kernel (1.7 against 2.9 ms for 20k rows of 512 on one thread); more
    through BLAS's matrix product, which reads them once for all."""
    if requests.shape[0] == 1:
        one: np.ndarray = np.einsum("ij,j->i", rows, requests[0])[None, :]
        return one
    with _BLAS.limit(limits=1, user_api="blas"):
        found: np.ndarray = requests @ rows.T
    return found


def _left(rows: np.ndarray, projected: np.ndarray) -> np.ndarray:
    """Norms of what an orthonormal projection leaves of each row."""
    left = np.einsum("ij,ij->i", rows, rows) - np.einsum("ij,ij->i", projected, projected)
    found: np.ndarray = np.sqrt(np.maximum(left, 0.0)).astype(np.float32)
    return found


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
    languages : the language each past activity is written in (None: not recognised),
        when the caller serves requests across languages (`apart_into`)
    near_dims : dimensions of the projection `near` reads
    """

    def __init__(
        self,
        history: Sequence[str],
        profiles: Sequence[str],
        model: TextEmbedder | None = None,
        known: Embedded | None = None,
        languages: Sequence[str | None] | None = None,
        near_dims: int = NEAR_DIMS,
    ) -> None:
        self.model = model or embedder()
        said = list(languages) if languages is not None else [None] * len(history)
        if len(said) != len(history):
            raise ValueError(f"{len(said)} languages given for {len(history)} past activities")
        names = sorted({lang for lang in said if lang})
        code = np.array([names.index(lang) + 1 if lang else 0 for lang in said], dtype=np.int64)
        # Stored grouped by language (`order`: stored row -> activity; `slot`: back), so
        # that one language's rows are one slice; one row per text, so that a gather of
        # some activities reads only theirs.
        self.order = np.argsort(code, kind="stable")
        self.slot = np.empty_like(self.order)
        self.slot[self.order] = np.arange(self.order.size)
        bounds = np.searchsorted(code[self.order], np.arange(len(names) + 2)).tolist()
        self.blocks = {lang: (bounds[i + 1], bounds[i + 2]) for i, lang in enumerate(names)}
        self.grouped = bool(np.any(self.order != np.arange(self.order.size)))
        texts = [_head(history[i]) for i in self.order.tolist()]
        self.activity_keys, self.activity_rows = self._embedded(texts, known)
        self.projection = _projection(self.activity_rows, near_dims)
        projected = self.activity_rows @ self.projection
        # Transposed and in activity order: one request's projected row times this is a
        # plain matrix-vector product, the fastest BLAS reads here.
        self.near_t = np.ascontiguousarray(projected[self.slot].T)
        # What the projection leaves of each row: a projected cosine is within
        # `spread(request) * residuals[activity]` of the exact one (Cauchy-Schwarz).
        self.residuals = _left(self.activity_rows, projected)[self.slot]
        parts, owners = [], []
        for owner, text in enumerate(profiles):
            for part in text.split("\n"):
                if part.strip():
                    parts.append(_head(part))
                    owners.append(owner)
        self.part_keys, self.part_rows = self._embedded(parts, known)
        self.owners = np.asarray(owners, dtype=np.int64)
        self.candidates = len(profiles)

    def tables(self) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(keys, rows) of the activities, then of the profile parts: what `Embedded`
        reads to spare a later fit embedding them again."""
        yield self.activity_keys, self.activity_rows
        yield self.part_keys, self.part_rows

    def passages(self, history: Sequence[str]) -> np.ndarray:
        """Rows of past activities' texts, cut as fit cuts them."""
        return self._passages([_head(t) for t in history])

    def _passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.model.dim), dtype=np.float32)
        return self.model.embed(texts, Kind.PASSAGE)

    def _embedded(self, texts: list[str], known: Embedded | None) -> tuple[np.ndarray, np.ndarray]:
        """Keys and rows of passages already cut, the `known` ones copied."""
        keys = [self.model.key(t, Kind.PASSAGE) for t in texts]
        if known is None or not texts:
            return _packed(keys), self._passages(texts)
        rows = np.empty((len(texts), self.model.dim), dtype=np.float32)
        found = known.fill(keys, rows)
        if not found.all():
            rows[~found] = self._passages([t for t, f in zip(texts, found, strict=True) if not f])
        return _packed(keys), rows

    def activities(self, which: np.ndarray) -> np.ndarray:
        """Rows of the past activities `which` (training asks with them)."""
        rows: np.ndarray = self.activity_rows[self.slot[which]]
        return rows

    def first_parts(self, which: np.ndarray) -> np.ndarray:
        """Rows of the first part of candidates `which`' profiles; zeros for none."""
        found = np.zeros((which.size, self.part_rows.shape[1]), dtype=np.float32)
        if not self.owners.size:
            return found
        starts = np.flatnonzero(np.r_[True, self.owners[1:] != self.owners[:-1]])
        first = dict(zip(self.owners[starts].tolist(), starts.tolist(), strict=True))
        for row, owner in enumerate(which.tolist()):
            if owner in first:
                found[row] = self.part_rows[first[owner]]
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
        """requests x activities cosines (opposites count as unrelated: 0), with every
        fitted activity or the `activities` rows given."""
        against = self.activity_rows if activities is None else activities
        found: np.ndarray = np.maximum(_times(against, rows), 0.0, dtype=np.float32)
        if activities is None and self.grouped:
            found = found.take(self.slot, axis=1)
        return found

    def near(self, rows: np.ndarray) -> np.ndarray:
        """requests x activities: the cosines as the projection sees them (not clipped
        at 0), for finding the close activities, not for scoring them."""
        with _BLAS.limit(limits=1, user_api="blas"):
            found: np.ndarray = (rows @ self.projection) @ self.near_t
        return found

    def spread(self, rows: np.ndarray) -> np.ndarray:
        """What the projection leaves of each request row (see `residuals`)."""
        return _left(rows, rows @ self.projection)

    def apart_into(self, found: np.ndarray, rows: np.ndarray, asked: Sequence[str | None]) -> None:
        """Write into `found` (requests x activities) the exact cosines of each request
        (written in `asked`) with the activities written in another known language:
        those whose word similarity `matching.crosslingual.Bridge` predicts from them.
        One product per pair of languages: the requests of one language read each other
        language's rows once."""
        languages = np.array([lang or "" for lang in asked])
        for lang in sorted(set(languages.tolist()) - {""}):
            which = np.flatnonzero(languages == lang)
            for other, (start, stop) in self.blocks.items():
                if other != lang:
                    cosines = _times(self.activity_rows[start:stop], rows[which])
                    found[np.ix_(which, self.order[start:stop])] = np.maximum(cosines, 0.0)

    def at(self, rows: np.ndarray, query: np.ndarray, activities: np.ndarray) -> np.ndarray:
        """Exact cosines (at least 0) of request `query[k]` (a row of `rows`) with past
        activity `activities[k]`: `to_activities` read at those places only."""
        found = np.zeros(activities.size, dtype=np.float32)
        order = np.argsort(query, kind="stable")
        starts = np.flatnonzero(np.r_[True, np.diff(query[order]) != 0]) if order.size else order
        for start, stop in zip(starts.tolist(), [*starts[1:].tolist(), order.size], strict=True):
            where = order[start:stop]
            row = query[where[0]]
            chosen = self.activity_rows[self.slot[activities[where]]]
            found[where] = _times(chosen, rows[row : row + 1])[0]
        return np.maximum(found, 0.0)

    def to_profiles(self, rows: np.ndarray) -> np.ndarray:
        """requests x candidates: the best cosine with any part of each profile (at
        least 0), 0 for a candidate with no text of its own."""
        found = np.zeros((rows.shape[0], self.candidates), dtype=np.float32)
        if self.owners.size:
            with _BLAS.limit(limits=1, user_api="blas"):
                cosines = rows @ self.part_rows.T
            starts = np.flatnonzero(np.r_[True, self.owners[1:] != self.owners[:-1]])
            best = np.maximum.reduceat(cosines, starts, axis=1)
            found[:, self.owners[starts]] = np.maximum(best, 0.0)
        return found
