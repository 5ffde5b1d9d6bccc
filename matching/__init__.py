"""Partner recommendation for the GCM Connection Hub.

Plain profiles in (`Candidate`, `PastActivity`, `Query`, `Decision`), ranked and
explained `Recommendation`s out; no store, no HTTP.
"""

from matching.baselines import CountryPopularity, Popularity, TextSimilarity
from matching.metrics import gini, hit_at_k, mean_metrics, ndcg_at_k, recall_at_k, reciprocal_rank
from matching.profiles import Candidate, Decision, PastActivity, Query, Recommendation
from matching.recommender import PartnerRecommender

__all__ = [
    "Candidate",
    "CountryPopularity",
    "Decision",
    "PartnerRecommender",
    "PastActivity",
    "Popularity",
    "Query",
    "Recommendation",
    "TextSimilarity",
    "gini",
    "hit_at_k",
    "mean_metrics",
    "ndcg_at_k",
    "recall_at_k",
    "reciprocal_rank",
]
