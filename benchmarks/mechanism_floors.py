"""Same-run floors for the mechanisms benchmark: the least work each answer implies.

Each floor is timed on the same store, subjects and machine as its mechanism, so a
ratio says how far a mechanism is from the plain NumPy/SciPy core it cannot avoid:

- similar, funders: the request's TF-IDF times every initiative (funded activity) in
  one sparse product, the embedding cosines in one dense one, top 10 by argpartition
  (funders: the cosines summed per funder with one bincount);
- partners, consortium: the recommender's exact scoring of every candidate (a
  consortium weighs them all), explaining ten;
- synergies: clustering the region's open requests (`matching.synergies.group_states`);
- gaps: reading the offers and open requests the matrix counts;
- allocation: one batch ranking of every open request (its eligible pairs).
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer

from hub.access import Principal
from hub.domain import geography
from hub.domain.records import Offer, RequestStatus, SupportRequest
from hub.matchmaking.funding import funding_pool
from hub.matchmaking.inputs import request_query
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


def _products(pool: TextPool) -> Callable[[str], np.ndarray]:
    """A request's TF-IDF and embedding cosines with every row of `pool`, best of both."""
    words = sp.csr_matrix(TfidfTransformer(sublinear_tf=True).fit_transform(pool.counts))
    space = pool.space
    embedded = pool.embedded()

    def cosines(text: str) -> np.ndarray:
        asked = np.zeros(words.shape[1])
        for term in space.analyse_(text):
            if term in space.columns_:
                asked[space.columns_[term]] += 1.0
        found: np.ndarray = words @ asked
        query = space.index().queries([text])[0]
        best: np.ndarray = np.maximum(found, embedded @ query)
        return best

    return cosines


def _top(scores: np.ndarray, n: int = 10) -> np.ndarray:
    if scores.size <= n:
        return np.argsort(-scores)
    best = np.argpartition(-scores, n)[:n]
    return best[np.argsort(-scores[best])]


def floors(store: Store, principal: Principal) -> dict[str, Call]:
    """Each mechanism's floor, built on what the mechanism keeps (timed per call only)."""
    similar_cosines = _products(initiatives_pool(store)[0].text)
    funded = funding_pool(store)[0]
    funded_cosines = _products(funded.text)
    recommender = copy.copy(models(store).partners().recommender).set_params(shortlist=None)

    def similar(s: Store, r: str) -> object:
        return _top(similar_cosines(request_query(_request(s, r)).text))

    def funders(s: Store, r: str) -> object:
        cosine = funded_cosines(request_query(_request(s, r)).text)
        return _top(np.bincount(funded.funder, cosine[funded.funded_row], len(funded.funders)))

    def exact(s: Store, r: str) -> object:
        return recommender.recommend(request_query(_request(s, r)), n=10)

    def synergies(s: Store, region: str) -> object:
        area = geography.region_of(region)
        return group_states(
            [
                q
                for q in (
                    request_query(r)
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
            request_query(r)
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
