"""Regional synergies: Member States whose open requests ask for the same things.

Each state becomes one profile (the TF-IDF of its requests' texts next to a one-hot of
their objectives); agglomerative clustering with cosine distance groups states whose
profiles are close. A group of two or more is the seed of a joint regional programme.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from matching.profiles import Query, objective_weights
from matching.stopwords import STOP_WORDS

__all__ = ["SynergyGroup", "group_states", "joint_query"]


@dataclass(frozen=True, slots=True)
class SynergyGroup:
    """States that could work together, on what, and how alike their asks are."""

    states: tuple[str, ...]
    requests: tuple[str, ...]
    shared_objectives: tuple[int, ...]
    terms: tuple[str, ...]
    cohesion: float


def _profiles(
    states: Sequence[str], asks: dict[str, list[Query]], objective_weight: float
) -> tuple[np.ndarray, sp.csr_matrix, np.ndarray]:
    texts = ["\n".join(q.text for q in asks[s]) for s in states]
    vectorizer = TfidfVectorizer(
        strip_accents="unicode", sublinear_tf=True, stop_words=STOP_WORDS, min_df=2
    )
    try:
        words = sp.csr_matrix(vectorizer.fit_transform(texts))
        names = vectorizer.get_feature_names_out()
    except ValueError:  # no term is used by two states: text cannot group anyone
        words, names = sp.csr_matrix((len(states), 1)), np.array([""])
    onehot = np.zeros((len(states), 23), dtype=float)
    for row, state in enumerate(states):
        for query in asks[state]:
            for objective, weight in objective_weights(query).items():
                onehot[row, objective - 1] = max(onehot[row, objective - 1], weight)
    vectors = np.hstack([normalize(words).toarray(), objective_weight * normalize(onehot)])
    return normalize(vectors), words, names


def group_states(
    requests: Sequence[Query], max_distance: float = 0.7, objective_weight: float = 1.5
) -> list[SynergyGroup]:
    """Groups of at least two requesting states sharing an objective, most alike first.

    `max_distance` is the average-linkage cosine distance at which clusters stop
    merging; `objective_weight` weighs shared objectives against shared wording.
    """
    asks: dict[str, list[Query]] = defaultdict(list)
    for query in requests:
        if query.requester:
            asks[query.requester].append(query)
    states = sorted(asks)
    if len(states) < 2:
        return []
    vectors, words, names = _profiles(states, asks, objective_weight)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=max_distance
    ).fit_predict(vectors)
    groups = []
    for label in sorted(set(labels)):
        rows = np.flatnonzero(labels == label)
        if rows.size < 2:
            continue
        members = [states[i] for i in rows]
        held = Counter(o for s in members for o in {o for q in asks[s] for o in q.objectives})
        shared = tuple(sorted(o for o, count in held.items() if count >= 2))
        if not shared:  # alike wording alone is no common objective to work towards
            continue
        similarity = vectors[rows] @ vectors[rows].T
        pairs = similarity[np.triu_indices(rows.size, k=1)]
        used = np.asarray((words[rows] > 0).sum(axis=0)).ravel()
        weight = np.asarray(words[rows].sum(axis=0)).ravel() * (used >= 2)
        groups.append(
            SynergyGroup(
                states=tuple(members),
                requests=tuple(q.id for s in members for q in asks[s]),
                shared_objectives=shared,
                terms=tuple(str(names[i]) for i in np.argsort(-weight)[:5] if weight[i] > 0),
                cohesion=round(float(pairs.mean()), 4),
            )
        )
    groups.sort(key=lambda g: (-g.cohesion, g.states))
    return groups


def joint_query(group: SynergyGroup, requests: Sequence[Query]) -> Query:
    """The group's requests as one regional request, for partner and funder searches."""
    mine = [q for q in requests if q.id in set(group.requests)]
    objectives = group.shared_objectives or tuple(sorted({o for q in mine for o in q.objectives}))
    confirmed = {o for q in mine for o, weight in objective_weights(q).items() if weight == 1.0}
    return Query(
        id="synergy:" + "+".join(group.states),
        text="\n".join(q.text for q in mine),
        countries=tuple(sorted({c for q in mine for c in q.countries})),
        subregions=tuple(sorted({s for q in mine for s in q.subregions})),
        regions=tuple(sorted({r for q in mine for r in q.regions})),
        objectives=objectives,
        suggested_objectives=tuple(o for o in objectives if o not in confirmed),
        languages=tuple(sorted({lang for q in mine for lang in q.languages})),
    )
