"""Which texts the embedding model is asked to encode: a fit or a reader that reuses
rows must not encode them again."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from matching import embedding

__all__ = ["encoded"]


class _Counting:
    """A real encoder that notes every text it encodes."""

    def __init__(self, inner: embedding._Encoder, seen: list[str]) -> None:
        self._inner = inner
        self.dim = inner.dim
        self._seen = seen

    def __call__(self, texts: list[str], kind: embedding.Kind) -> np.ndarray:
        self._seen.extend(texts)
        return self._inner(texts, kind)


@pytest.fixture
def encoded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text encoded from now on; the shared embedders start with empty caches, so
    a text is encoded unless a row for it is reused."""
    seen: list[str] = []
    real = embedding._encoder
    counting = functools.cache(lambda model: _Counting(real(model), seen))
    monkeypatch.setattr(embedding, "_encoder", counting)
    monkeypatch.setattr(embedding, "_shared", functools.cache(embedding.TextEmbedder))
    return seen
