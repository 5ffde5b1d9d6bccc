"""Recommendation orchestration: fit the recommender from the graph, answer requests."""

from __future__ import annotations

from graph import GraphStore
from hub import records
from hub.model import SupportRequest
from hub.profiles import build_candidates, build_history, request_query
from matching.profiles import Candidate, PastActivity, Recommendation
from matching.recommender import PartnerRecommender

__all__ = ["fit_recommender", "recommend_partners"]


def fit_recommender(
    store: GraphStore,
) -> tuple[PartnerRecommender, list[Candidate], list[PastActivity]]:
    """A recommender fitted on everything the store knows, with the inputs it saw."""
    candidates = build_candidates(store)
    history = build_history(store)
    model = PartnerRecommender().fit(candidates, history, graph=store.projection())
    return model, candidates, history


def recommend_partners(store: GraphStore, request_id: str, n: int = 10) -> list[Recommendation]:
    """Ranked partners for a stored support request, each with its explanation."""
    request = records.get(store, SupportRequest, request_id)
    model, _, _ = fit_recommender(store)
    return list(model.recommend(request_query(request), n=n))
