"""Word similarity between texts in different languages, predicted from their meaning.

A word signal only meets texts written in one language. The English translation of a
request scores its real word overlap with the hub's English profiles while the Arabic
one scores nothing, so the same request ranked differently per language: on the
four-language benchmark the word `profile` signal alone moved about 1.2 of the Arabic
top-10's partners and 0.8 of the Spanish (docs/recommender.md, "Why translations
ranked apart"). Where a request and a text are written in two different known
languages their word similarity is not observable, and it is replaced by what their
multilingual cosine predicts of it: a line fitted on pairs of the hub's own texts
written in one language. Pairs in one language, or of a language not recognised
(`matching.languages`), keep their word similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Bridge"]

_FEWEST_PAIRS = 20
"""Same-language pairs below which no line is fitted (cross-language pairs then score 0,
as the word signal did)."""


@dataclass(frozen=True, slots=True)
class Bridge:
    """Word similarity to some texts (`languages`: theirs, None if not recognised),
    predicted as a line in the multilingual cosine, clipped at 0, where a request's
    language differs from a text's."""

    languages: tuple[str | None, ...] = ()
    intercept: float = 0.0
    slope: float = 0.0
    # Each known language a number and each text its language's (-1: not recognised),
    # once per fit: per request they cost a pass over every text in Python.
    codes: dict[str, int] = field(init=False, repr=False, compare=False)
    held: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        codes = {
            lang: i for i, lang in enumerate(sorted({lang for lang in self.languages if lang}))
        }
        object.__setattr__(self, "codes", codes)
        held = np.array([codes[lang] if lang else -1 for lang in self.languages], dtype=np.int64)
        object.__setattr__(self, "held", held)

    @classmethod
    def fit(cls, languages: Sequence[str | None], words: np.ndarray, meaning: np.ndarray) -> Bridge:
        """Least squares over pairs of texts in one language: the expected word
        similarity at a given cosine. `words` and `meaning` are the texts (their
        `languages`) against each other; a text is not paired with itself. A line that
        never rises with meaning is no evidence, so flat 0."""
        known = np.array([lang or "" for lang in languages])
        same = (known[:, None] == known[None, :]) & (known[None, :] != "")
        np.fill_diagonal(same, False)
        x, y = meaning[same].astype(np.float64), words[same].astype(np.float64)
        if x.size < _FEWEST_PAIRS or np.ptp(x) == 0.0:
            return cls(tuple(languages))
        slope, intercept = np.polyfit(x, y, 1)
        if slope <= 0:
            return cls(tuple(languages))
        return cls(tuple(languages), float(intercept), float(slope))

    def apart(self, asked: Sequence[str | None]) -> np.ndarray:
        """requests x texts: True where both languages are known and differ (a language
        none of the texts is in differs from them all)."""
        rows = np.array([self.codes.get(lang, -2) if lang else -1 for lang in asked])[:, None]
        found: np.ndarray = (rows != -1) & (self.held >= 0) & (rows != self.held)
        return found

    def fill(
        self, words: np.ndarray, meaning: np.ndarray, asked: Sequence[str | None]
    ) -> np.ndarray:
        """requests x texts: `words` where observable, the predicted similarity where
        the request (its language in `asked`) and the text are in different languages."""
        differ = self.apart(asked)
        if not differ.any():
            return words
        predicted = np.maximum(self.intercept + self.slope * meaning, 0.0)
        found: np.ndarray = np.where(differ, predicted, words)
        return found.astype(np.float32)
