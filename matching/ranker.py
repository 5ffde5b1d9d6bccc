"""What every partner ranker shares: one `recommend` for a request or a batch."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import overload

from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from matching.profiles import Query, Recommendation

__all__ = ["Ranker"]


class Ranker(BaseEstimator):  # type: ignore[misc]
    """A fitted ranker answers one Query with a list, a sequence of them with lists."""

    @overload
    def recommend(
        self,
        query_or_queries: Query,
        n: int = ...,
        exclude: Iterable[str] = ...,
        max_exposure: int | None = ...,
    ) -> list[Recommendation]: ...

    @overload
    def recommend(
        self,
        query_or_queries: Sequence[Query],
        n: int = ...,
        exclude: Iterable[str] = ...,
        max_exposure: int | None = ...,
    ) -> list[list[Recommendation]]: ...

    def recommend(
        self,
        query_or_queries: Query | Sequence[Query],
        n: int = 10,
        exclude: Iterable[str] = (),
        max_exposure: int | None = None,
    ) -> list[Recommendation] | list[list[Recommendation]]:
        """Top-`n` per request, best first, never the requester nor `exclude`.

        `max_exposure` caps in how many lists of this batch one candidate may appear,
        where a ranker supports it.
        """
        check_is_fitted(self)
        single = isinstance(query_or_queries, Query)
        queries = (
            [query_or_queries] if isinstance(query_or_queries, Query) else list(query_or_queries)
        )
        ranked = self._recommend_many(queries, n, list(exclude), max_exposure)
        return ranked[0] if single else ranked

    def _recommend_many(
        self, queries: list[Query], n: int, exclude: list[str], max_exposure: int | None
    ) -> list[list[Recommendation]]:
        raise NotImplementedError
