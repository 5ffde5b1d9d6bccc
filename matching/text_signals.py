"""How each request reads against every past activity and every candidate's profile.

By words (`matching.text`) and, when a multilingual index is fitted (`matching.dense`),
by meaning. Word similarity between two texts in different languages is not
observable; it is replaced by the one their meaning predicts (`matching.crosslingual`),
fitted here on the hub's own texts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from matching.crosslingual import Bridge
from matching.dense import DenseIndex
from matching.languages import written_in
from matching.places import transposed
from matching.profiles import Candidate, PastActivity
from matching.text import TextIndex, similarity

__all__ = ["TextSignals"]

_BRIDGE_TEXTS = 500
"""Texts (profiles, past activities) each word-to-meaning line is fitted on, against
each other: a spread sample, so fit stays cheap at any size."""


def _spread(items: np.ndarray) -> np.ndarray:
    """At most `_BRIDGE_TEXTS` of `items`, evenly spread."""
    found: np.ndarray = items[
        np.linspace(0, items.size - 1, min(items.size, _BRIDGE_TEXTS)).astype(int)
    ]
    return found


class TextSignals:
    """The word spaces of the history and the profiles, the multilingual index when
    fitted, and the lines from meaning to word similarity, all fitted once.

    `written` is the language of each past activity (`matching.languages`).
    """

    def __init__(
        self,
        candidates: Sequence[Candidate],
        history: Sequence[PastActivity],
        written: list[str | None],
        dense: DenseIndex | None,
        stop_words: bool,
    ) -> None:
        self.dense = dense
        self.written = written
        self.index = TextIndex(stop_words=stop_words)
        self.word, self.own_word, self.own_char = self.index.fit(
            [a.text for a in history], [c.text for c in candidates]
        )
        self.word_t = transposed(self.word)
        self.own_word_t, self.own_char_t = transposed(self.own_word), transposed(self.own_char)
        self.profile_bridge, self.text_bridge = self._bridges(candidates, written)

    def compare(
        self,
        texts: Sequence[str],
        word: sp.csr_matrix,
        own: np.ndarray | None,
        visible: np.ndarray | None,
    ) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
        """Word similarity to every past activity and profile, and, when fitted, the
        multilingual cosines (`dense`, `dense_profile`); word similarity across two
        languages is the one the cosine predicts.

        `word` holds the requests' word rows; `own` the past activities the requests are
        (training), whose embeddings are read rather than computed; `visible` masks the
        past activities each request may see.
        """
        text = similarity(word, self.word_t)
        profile = self.profile(word, texts)
        across: dict[str, np.ndarray] = {}
        if self.dense is not None:
            rows = self.dense.queries(texts) if own is None else self.dense.activities(own)
            across["dense"] = self.dense.to_activities(rows)
            across["dense_profile"] = self.dense.to_profiles(rows)
            # Training asks with past activities, whose languages fit found already.
            asked = written_in(texts) if own is None else [self.written[i] for i in own]
            text = self.text_bridge.fill(text, across["dense"], asked)
            profile = self.profile_bridge.fill(profile, across["dense_profile"], asked)
            if visible is not None:
                across["dense"] *= visible
        if visible is not None:
            text *= visible
        return text, profile, across

    def profile(self, word: sp.csr_matrix, texts: Sequence[str]) -> np.ndarray:
        """Text similarity to the candidates' own descriptions, by words and characters."""
        similar = word @ self.own_word_t
        # Most hubs built from IATI data have no descriptions: skip the costly characters.
        if self.own_char.nnz:
            similar = similar + self.index.chars(texts) @ self.own_char_t
        dense = np.asarray(similar.toarray())
        dense *= 0.5
        return dense

    def _bridges(
        self, candidates: Sequence[Candidate], history: list[str | None]
    ) -> tuple[Bridge, Bridge]:
        """Lines from meaning to word similarity for profiles and for past activities
        (`history`: the language of each), each fitted on a spread sample of the hub's
        own texts against each other, so that they hold for whatever languages the hub
        has."""
        profiles = written_in([c.text for c in candidates])
        if self.dense is None:
            return Bridge(tuple(profiles)), Bridge(tuple(history))
        said = _spread(np.flatnonzero([bool(c.text.strip()) for c in candidates]))
        own = [candidates[i].text for i in said]
        words = self.profile(sp.csr_matrix(self.own_word[said]), own)[:, said]
        meaning = self.dense.to_profiles(self.dense.first_parts(said))[:, said]
        profile = Bridge.fit([profiles[i] for i in said], words, meaning)
        done = _spread(np.arange(len(history)))
        rows, asked = self.dense.activities(done), sp.csr_matrix(self.word[done])
        text = Bridge.fit(
            [history[i] for i in done],
            similarity(asked, transposed(asked)),
            self.dense.to_activities(rows, rows),
        )
        return replace(profile, languages=tuple(profiles)), replace(text, languages=tuple(history))
