"""Similar initiatives and funding leads from pools kept per revision are the top of
the full computations over the same items less those hidden, for any history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.funding import CLOSEST, closest_texts, rank_funders
from matching.funding_pool import FundingPool
from matching.profiles import Candidate, PastActivity, Query
from matching.similar import SimilarPool, similar_initiatives
from matching.textspace import TextSpace

WORDS = ["water", "skills", "migrant", "workers", "returning", "wells", "identity", "of"]
ACTORS = ["iom", "nrc", "jordan", "mali"]
FUNDERS = ["eu", "usaid", "fund", "jordan"]
PLACES = [
    ("JO", "Western Asia", "Asia"),
    ("LB", "Western Asia", "Asia"),
    ("ML", "Western Africa", "Africa"),
]

text = st.lists(st.sampled_from(WORDS), min_size=0, max_size=5).map(" ".join)
objectives = st.lists(st.integers(1, 4), max_size=3, unique=True).map(tuple)


@st.composite
def items(draw: st.DrawFn, i: int) -> PastActivity:
    place = draw(st.sampled_from([*PLACES, None]))
    held = draw(objectives)
    return PastActivity(
        f"item-{draw(st.integers(0, i))}",  # ids may repeat, as a request and its partnership
        draw(text),
        *(((p,) for p in place) if place else ((), (), ())),
        sectors=draw(st.lists(st.sampled_from(["health", "labour"]), max_size=1).map(tuple)),
        objectives=held,
        suggested_objectives=held[:1] if draw(st.booleans()) else (),
        start=draw(st.none() | st.integers(0, 3000).map(lambda d: date(2016, 1, 1) + timedelta(d))),
        implementers=tuple(draw(st.lists(st.sampled_from(ACTORS), max_size=2))),
        funders=tuple(draw(st.lists(st.sampled_from(FUNDERS), max_size=2))),
    )


histories = st.integers(1, 14).flatmap(lambda n: st.tuples(*(items(i) for i in range(n))))


@st.composite
def queries(draw: st.DrawFn) -> Query:
    place = draw(st.sampled_from(PLACES))
    return Query(
        f"item-{draw(st.integers(0, 3))}",
        draw(text),
        *((p,) for p in place),
        sectors=draw(st.lists(st.sampled_from(["health", "labour"]), max_size=1).map(tuple)),
        objectives=draw(objectives),
        requester=draw(st.sampled_from([None, *ACTORS])),
        when=draw(st.none() | st.just(date(2025, 6, 1))),
    )


DONORS = [
    Candidate("eu", "EU", kind="donor", objectives=(1, 2), regions=("Asia",)),
    Candidate("fund", "Fund", kind="donor", objectives=(3,), countries=("ML",)),
    Candidate("undp", "UNDP", kind="donor", objectives=(1,), subregions=("Western Asia",)),
]
KINDS = {"iom": "un", "nrc": "ngo", "jordan": "member_state"}

against_the_full_computation = settings(max_examples=150, deadline=None)(
    given(history=histories, query=queries(), hidden=st.sets(st.sampled_from(["item-0", "item-2"])))
)
"""Random histories and requests, with some items the caller may not see."""


def _space(history: tuple[PastActivity, ...], query: Query) -> TextSpace:
    return TextSpace().fit([query.text, *(item.text for item in history)])


@against_the_full_computation
def test_similar_pool_answers_as_the_full_computation(
    history: tuple[PastActivity, ...], query: Query, hidden: set[str]
) -> None:
    texts = _space(history, query)
    n = 3
    pooled = SimilarPool(history, texts).closest(query, n, hidden)
    full = similar_initiatives(query, [i for i in history if i.id not in hidden], n, texts=texts)
    assert pooled == full


def _told(lead: Any) -> tuple[Any, ...]:
    """A lead but for the order of implementers funded equally often (the full
    computation meets them in the order of a set of strings)."""
    return (
        lead.funder,
        lead.score,
        lead.funded,
        lead.by_place,
        lead.shared_objectives,
        lead.activities,
        sorted(lead.implementers),
        lead.implementer_kinds,
        lead.latest,
        lead.declared,
        len(lead.reasons),
    )


@against_the_full_computation
def test_funding_pool_answers_as_the_full_computation(
    history: tuple[PastActivity, ...], query: Query, hidden: set[str]
) -> None:
    texts = _space(history, query)
    n = 2  # fewer than the funders, so that the top is cut
    pooled = FundingPool(history, texts).leads(query, DONORS, KINDS, n, hidden)
    seen = [item for item in history if item.id not in hidden]
    full = rank_funders(query, seen, DONORS, KINDS, n, texts=texts)
    assert [_told(lead) for lead in pooled] == [_told(lead) for lead in full]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.9]), max_size=80))
def test_the_closest_texts_are_the_first_of_a_stable_sort(cosines: list[float]) -> None:
    """Many equal cosines around the CLOSEST-th, as a short request's words give."""
    cosine = np.asarray(cosines)
    expected = np.zeros(cosine.size)
    best = cosine.max(initial=0.0)
    if best > 0:
        near = np.argsort(-cosine, kind="stable")[:CLOSEST]
        expected[near] = cosine[near] / best
    assert closest_texts(cosine).tolist() == expected.tolist()
