"""Where a candidate is present, as a request judged in the past could have known it.

A candidate's places (`Candidate.countries`, ...) include those the hub derives from
every activity it was accountable for or implemented, later ones and a pretend
request's own activity included: read as they are, the request's implementer would be
"present" in its countries because of the request itself, which a new request never
finds. Judged in the past, a candidate is present where it declared it is and where the
activities the request can see took place (`Presence.seen`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from matching.pairs import Pairs
from matching.places import Labels, place_level, transposed
from matching.profiles import Candidate, PastActivity

__all__ = ["Presence"]


def _declared_places(candidates: Sequence[Candidate]) -> list[list[tuple[str, ...]]]:
    """(countries, subregions, regions) of each candidate, without the `derived` ones."""
    levels = (
        [c.countries for c in candidates],
        [c.subregions for c in candidates],
        [c.regions for c in candidates],
    )
    return [
        [
            tuple(p for p in own if p not in c.derived)
            for c, own in zip(candidates, level, strict=True)
        ]
        for level in levels
    ]


def _present(history: Sequence[PastActivity], positions: dict[str, int]) -> sp.csc_matrix:
    """activities x candidates: 1 where the candidate implemented the activity or was
    accountable for it, the roles presence is derived from."""
    cells = sorted(
        {
            (row, positions[org])
            for row, activity in enumerate(history)
            for org in (*activity.implementers, *activity.accountable)
            if org in positions
        }
    )
    rows, cols = np.array(cells, dtype=np.int64).reshape(-1, 2).T
    matrix = sp.csc_matrix(
        (np.ones(rows.size, dtype=np.float32), (rows, cols)),
        shape=(len(history), len(positions)),
    )
    matrix.sort_indices()
    return matrix


class Presence:
    """Each candidate's declared places and the activities its derived presence comes
    from, for requests judged in the past.

    `labels` are the (country, subregion, region) vocabularies the requests are
    encoded with.
    """

    def __init__(
        self,
        labels: Sequence[Labels],
        candidates: Sequence[Candidate],
        history: Sequence[PastActivity],
    ) -> None:
        self.declared_t = [
            transposed(lab.encode(rows))
            for lab, rows in zip(labels, _declared_places(candidates), strict=True)
        ]
        self.by_candidate = _present(history, {c.id: i for i, c in enumerate(candidates)})

    def declared(self, places: Sequence[sp.csr_matrix]) -> np.ndarray:
        """requests x candidates: the best level shared with what each one declared."""
        return place_level(places, self.declared_t)

    def seen(
        self, levels: np.ndarray, visible: np.ndarray, rows: np.ndarray, cols: np.ndarray
    ) -> np.ndarray:
        """The best level (`levels`: requests x activities) that request `rows[k]` can
        see (`visible`) among the activities candidate `cols[k]` is present through."""
        pairs = Pairs(self.by_candidate, rows, cols)
        return pairs.best(pairs.at(levels) * pairs.at(visible))
