"""Closeness of a request to an initiative: defined for every pair, untagged ones too."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from matching.profiles import PastActivity, Query
from matching.relevance import PLACE_LEVELS, closeness

objectives = st.lists(st.integers(1, 23), max_size=4).map(tuple)
places = st.lists(st.sampled_from(["SO", "KE", "Eastern Africa", "Africa"]), max_size=3).map(tuple)


@given(objectives, places, places, places, objectives, places, places, places, st.floats(0, 1))
def test_closeness_is_finite_and_in_range(
    mine: tuple[int, ...],
    countries: tuple[str, ...],
    subregions: tuple[str, ...],
    regions: tuple[str, ...],
    theirs: tuple[int, ...],
    their_countries: tuple[str, ...],
    their_subregions: tuple[str, ...],
    their_regions: tuple[str, ...],
    text: float,
) -> None:
    query = Query("q", "", countries, subregions, regions, objectives=mine)
    item = PastActivity(
        "a", "", their_countries, their_subregions, their_regions, objectives=theirs
    )
    near = closeness(query, item, text)
    assert math.isfinite(near.objectives) and 0.0 <= near.objectives <= 1.0
    assert near.place_level in (0.0, *PLACE_LEVELS.values())
    assert set(near.shared_objectives) == set(mine) & set(theirs)


def test_untagged_request_and_initiative_in_one_country_share_the_place_only() -> None:
    near = closeness(Query("q", "", ("SO",)), PastActivity("a", "", ("SO",)), 0.0)
    assert (near.objectives, near.place, near.shared_places) == (0.0, "country", ("SO",))
