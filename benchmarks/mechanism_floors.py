"""Same-run floors for the mechanisms benchmark: the least work each answer implies.

Each floor is timed on the same store, subjects and machine as its mechanism, so a
ratio says how far a mechanism is from the plain NumPy/SciPy core it cannot avoid:

- similar, funders: the request's TF-IDF times the initiatives (funded activities)
  saying its words, one sparse product over those words' postings; for similar, the
  embedding cosines with every fitted text in one dense product on one BLAS thread (as
  `matching.dense` runs it); top 10 by argpartition (funders: the cosines summed per
  funder with one bincount, no embeddings, as funding leads use none);
- partners, consortium: the recommender's exact scoring of every candidate (a
  consortium weighs them all), explaining ten;
- synergies: clustering the region's open requests (`matching.synergies.group_states`);
- gaps: reading the offers and open requests the matrix counts;
- allocation: one batch ranking of every open request (its eligible pairs).
"""

from __future__ import annotations

import copy
from collections import Counter
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer

from hub.access import Principal
from hub.domain import geography
from hub.domain.records import Offer, RequestStatus, SupportRequest
from hub.matchmaking.funding import funding_pool
from hub.matchmaking.inputs import partner_query, request_query
from hub.matchmaking.provider import models
from hub.matchmaking.similar import initiatives_pool
from hub.records import reading
from hub.store import Store, repository
from matching.pool import TextPool
from matching.synergies import group_states

__all__ = ["floors"]

Call = Callable[[Store, str], object]


def _request(store: Store, request_id: str) -> SupportRequest:
    return repository.get(store, SupportRequest, request_id)


def _products(pool: TextPool, meaning: bool) -> Callable[[str], np.ndarray]:
    """A request's TF-IDF cosines with every row of `pool` (and, with `meaning`, the
    better of them and the embedding cosines)."""
    words = sp.csc_matrix(TfidfTransformer(sublinear_tf=True).fit_transform(pool.counts))
    space = pool.space

    def cosines(text: str) -> np.ndarray:
        said = Counter(t for t in space.analyse_(text) if t in space.columns_)
        columns = [space.columns_[t] for t in said]
        found: np.ndarray = words[:, columns] @ np.asarray(list(said.values()), dtype=float)
        if meaning:
            found = np.maximum(found, pool.meaning(text))
        return found

    return cosines


def _top(scores: np.ndarray, n: int = 10) -> np.ndarray:
    if scores.size <= n:
        return np.argsort(-scores)
    best = np.argpartition(-scores, n)[:n]
    return best[np.argsort(-scores[best])]


def floors(store: Store, principal: Principal) -> dict[str, Call]:
    """Each mechanism's floor, built on what the mechanism keeps (timed per call only)."""
    similar_cosines = _products(initiatives_pool(store)[0].text, meaning=True)
    funded = funding_pool(store)[0]
    funded_cosines = _products(funded.text, meaning=False)
    recommender = copy.copy(models(store).partners().recommender).set_params(shortlist=None)

    def similar(s: Store, r: str) -> object:
        return _top(similar_cosines(request_query(_request(s, r)).text))

    def funders(s: Store, r: str) -> object:
        cosine = funded_cosines(request_query(_request(s, r)).text)
        return _top(np.bincount(funded.funder, cosine[funded.funded_row], len(funded.funders)))

    def exact(s: Store, r: str) -> object:
        return recommender.recommend(partner_query(s, _request(s, r)), n=10)

    def synergies(s: Store, region: str) -> object:
        area = geography.region_of(region)
        return group_states(
            [
                q
                for q in (
                    partner_query(s, r)
                    for r in reading.visible(s, principal, SupportRequest)
                    if r.status is RequestStatus.OPEN
                )
                if area in (*q.regions, *q.subregions)
            ]
        )

    def gaps(s: Store, _: str) -> object:
        return list(repository.list_records(s, Offer)), [
            r
            for r in reading.visible(s, principal, SupportRequest)
            if r.status is RequestStatus.OPEN
        ]

    def allocation(s: Store, _: str) -> object:
        opened = [
            partner_query(s, r)
            for r in repository.list_records(s, SupportRequest)
            if r.status is RequestStatus.OPEN
        ]
        return models(s).partners().recommender.recommend(opened, n=10)

    return {
        "partners": exact,
        "similar": similar,
        "funders": funders,
        "consortium": exact,
        "synergies": synergies,
        "gaps": gaps,
        "allocation": allocation,
    }
