"""What a partner's rejects on earlier requests say about a new one.

A coordinator who turns a partner down for its expertise says something about requests
that read like that one; one who turns it down for the region, about requests in those
places. Each such reject counts against the partner on a new request as much as its
request is like the new one (words, or places), and each accept of the partner counts
for it the same way: a random coordinator accepts as often as rejects, so noise cancels
out, where a partner that keeps being wrong for a kind of request keeps being rejected.
Nothing counts until the partner has `corroboration` more rejects than accepts in all
(several requests or coordinators agree): one decision binds its own request only
(the exclusion), never others.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from matching.places import Labels
from matching.profiles import Decision, Query
from matching.text import TextIndex, similarity

__all__ = ["PLACE_REASONS", "TEXT_REASONS", "Rejections", "finest_places", "label_jaccard"]

PLACE_REASONS = ("not_in_region", "wrong_region")
TEXT_REASONS = ("wrong_expertise", "other", None)
"""Rejects that speak about the partner's expertise: a reject with no or another reason
says the partner did not fit, and words are the closest thing to what it did not fit."""


def finest_places(query: Query) -> tuple[str, ...]:
    """The finest places a request names: its locations, else its countries and subregions."""
    return query.locations or (*query.countries, *query.subregions)


def label_jaccard(left: sp.csr_matrix, right: sp.csr_matrix) -> np.ndarray:
    """rows of `left` x rows of `right`: shared labels over the union, 0 if none."""
    shared = np.asarray((left @ right.T).toarray(), dtype=np.float32)
    sizes = np.add.outer(np.diff(left.indptr), np.diff(right.indptr)).astype(np.float32)
    found = np.zeros_like(shared)
    np.divide(shared, sizes - shared, out=found, where=shared > 0)
    return found


class Rejections:
    """Per request and candidate, how much the candidate's standing rejects on like
    requests count against it (0 for most), from the decisions every caller may know of.
    """

    def __init__(
        self, text: TextIndex, ids: Sequence[str], decisions: Sequence[Decision], corroboration: int
    ) -> None:
        positions = {c: i for i, c in enumerate(ids)}
        kept = [
            d
            for d in decisions
            if d.candidate in positions
            and (d.accepted or d.reason in TEXT_REASONS or d.reason in PLACE_REASONS)
        ]
        where = np.array([positions[d.candidate] for d in kept], dtype=np.int64)
        sign = np.array([-1.0 if d.accepted else 1.0 for d in kept], dtype=np.float32)
        standing = np.bincount(where, weights=sign, minlength=len(ids))
        counted = standing[where] >= corroboration
        self.size = len(ids)
        self.text = text
        # decisions x candidates, +1 a reject, -1 an accept, for each kind of likeness;
        # an accept answers both kinds (the partner fitted, in what and where).
        on_text = counted & np.array([d.accepted or d.reason in TEXT_REASONS for d in kept], bool)
        on_place = counted & np.array([d.accepted or d.reason in PLACE_REASONS for d in kept], bool)
        self.by_text, self.by_place = (
            sp.csr_matrix(
                (sign[used], (np.flatnonzero(used), where[used])), shape=(len(kept), len(ids))
            )
            for used in (on_text, on_place)
        )
        self.words_t = sp.csr_matrix(text.words([d.query.text for d in kept]).T)
        self.place_labels = Labels(finest_places(d.query) for d in kept)
        self.places = self.place_labels.encode([finest_places(d.query) for d in kept])

    def on(self, queries: Sequence[Query], words: sp.csr_matrix) -> np.ndarray:
        """requests x candidates: log(1 + net like rejects), each kind of likeness apart.

        `words` are the requests' word rows from the same `TextIndex`.
        """
        found = np.zeros((len(queries), self.size), dtype=np.float32)
        if not (self.by_text.nnz or self.by_place.nnz):
            return found
        for likeness, signed in (
            (similarity(words, self.words_t), self.by_text),
            (
                label_jaccard(
                    self.place_labels.encode([finest_places(q) for q in queries]), self.places
                ),
                self.by_place,
            ),
        ):
            found += np.maximum(np.asarray(signed.T @ likeness.T).T, 0.0)
        return np.log1p(found)
