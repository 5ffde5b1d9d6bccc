"""Whether a candidate can work in a request's languages, from evidence of its own.

A request declares the languages its requester works in. A candidate's working
languages are what it declares; one that declares none (most organisations met in IATI
data) works in the languages its own texts (each part of its profile: description,
offers) and the past activities it implemented are written in (`matching.languages`).
The signal is there to move down a candidate the evidence says cannot work in the
request's languages; a candidate of which nothing is known is not one of them, so it
scores as one that can. A request that asks for no language some candidate works in
gives every candidate 0.

Texts fill in only where nothing is declared: on the demo hub, where every candidate
declares its languages, adding the languages of their (mostly English) texts to what
they declare moved the translations' top-10 further from the English one (French 7.50
to 7.13, Arabic 7.00 to 6.67, Spanish 6.83 to 7.07; `benchmarks.translations`), as two
Spanish-only candidates writing in English rose for the English request alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

from matching.languages import written_in
from matching.places import Labels, reach
from matching.profiles import Candidate, Query

__all__ = ["WorkingLanguages"]


class WorkingLanguages:
    """Each candidate's working languages, fitted once; `can_work_in` per request.

    Parameters
    ----------
    candidates : their declared `languages` and their own `text`, parts on separate lines
    history : the language each past activity is written in (None: not recognised)
    done : candidates x past activities, nonzero where the candidate implemented it

    Examples
    --------
    >>> from matching import Candidate, Query
    >>> import scipy.sparse as sp
    >>> candidates = [
    ...     Candidate("a", "A", languages=("es",)),
    ...     Candidate("b", "B", text="Legal aid for the migrants in the city"),
    ...     Candidate("c", "C"),
    ... ]
    >>> spoken = WorkingLanguages(candidates, [], sp.csr_matrix((3, 0)))
    >>> spoken.spoken
    [('es',), ('en',), ()]
    >>> spoken.can_work_in([Query("q", "", languages=("en",))]).tolist()
    [[0.0, 1.0, 1.0]]
    """

    def __init__(
        self,
        candidates: Sequence[Candidate],
        history: Sequence[str | None],
        done: sp.csr_matrix,
    ) -> None:
        # Only the texts of candidates that declare nothing are read: fit stays cheap.
        parts = [
            [] if c.languages else [p for p in c.text.split("\n") if p.strip()] for c in candidates
        ]
        found = iter(written_in([p for own in parts for p in own]))
        written = np.array([lang or "" for lang in history], dtype=object)
        self.spoken: list[tuple[str, ...]] = []
        for row, (candidate, own) in enumerate(zip(candidates, parts, strict=True)):
            done_in = written[done.indices[done.indptr[row] : done.indptr[row + 1]]]
            recognised = {*(next(found) for _ in own), *done_in.tolist()}
            evidence = set(candidate.languages) or recognised
            self.spoken.append(tuple(sorted(lang for lang in evidence if lang)))
        self.labels = Labels(self.spoken)
        self.speakers_t = sp.csr_matrix(self.labels.encode(self.spoken).T)
        self.unknown = np.array([not s for s in self.spoken], dtype=np.float32)

    def can_work_in(self, queries: Sequence[Query]) -> np.ndarray:
        """requests x candidates: 1 where a candidate works in one of the request's
        languages or nothing is known of its languages, 0 where the evidence says it
        works in none of them; 0 throughout for a request asking for no language that
        some candidate works in (a Member State's own language no partner in the hub
        speaks says nothing about who can work with it)."""
        asked = self.labels.encode([q.languages for q in queries])
        found: np.ndarray = np.minimum(reach(asked, self.speakers_t), 1.0)
        spoken = np.diff(asked.indptr) > 0
        found[spoken] = np.maximum(found[spoken], self.unknown)
        return found
