"""Funding leads: place first, then topic and recency; size alone never wins."""

from __future__ import annotations

from datetime import date

from matching.funding import rank_funders
from matching.profiles import Candidate, PastActivity, Query

SOMALIA: dict[str, tuple[str, ...]] = {
    "countries": ("SO",),
    "subregions": ("Eastern Africa",),
    "regions": ("Africa",),
}
NEPAL: dict[str, tuple[str, ...]] = {
    "countries": ("NP",),
    "subregions": ("Southern Asia",),
    "regions": ("Asia",),
}
QUERY = Query(
    "req-somalia-legal-identity",
    "civil registration and legal identity documents for returnees",
    objectives=(4, 21),
    requester="somalia",
    when=date(2026, 1, 1),
    **SOMALIA,
)


def funded(i: int, funder: str, where: dict[str, tuple[str, ...]], start: date) -> PastActivity:
    return PastActivity(
        f"{funder}-{i}",
        "civil registration and legal identity documents",
        objectives=(4, 21),
        start=start,
        implementers=("nrc",),
        funders=(funder,),
        **where,
    )


def test_a_big_donor_that_never_funded_in_the_region_is_not_ranked_first() -> None:
    big = [funded(i, "big-donor", NEPAL, date(2025, 1, 1)) for i in range(60)]
    small = [
        PastActivity(
            "small-1",
            "road maintenance",
            start=date(2019, 1, 1),
            implementers=("mof",),
            funders=("small-fund",),
            countries=("KE",),
            subregions=("Eastern Africa",),
            regions=("Africa",),
        )
    ]
    leads = rank_funders(QUERY, big + small)
    assert [lead.funder for lead in leads] == ["small-fund"]
    assert leads[0].by_place == {"subregion": 1}


def test_same_record_ranks_the_recent_funder_first_and_explains_it() -> None:
    history = [
        funded(1, "old-fund", SOMALIA, date(2012, 1, 1)),
        funded(2, "recent-fund", SOMALIA, date(2024, 6, 1)),
    ]
    leads = rank_funders(QUERY, history, kinds={"nrc": "ngo"})
    assert [lead.funder for lead in leads] == ["recent-fund", "old-fund"]
    top = leads[0]
    assert top.shared_objectives == (4, 21)
    assert top.implementer_kinds == {"ngo": 1}
    assert top.latest == date(2024, 6, 1)
    assert any("1 in the same country" in reason for reason in top.reasons)


def test_declared_profiles_give_leads_without_history_but_never_the_requester() -> None:
    profiles = [
        Candidate("sida", "Sida", kind="donor", objectives=(4, 7), regions=("Africa",)),
        Candidate("somalia", "Somalia", kind="member_state", objectives=(4,), countries=("SO",)),
        Candidate("asia-fund", "Asia fund", kind="donor", objectives=(4,), regions=("Asia",)),
    ]
    history = [funded(1, "somalia", SOMALIA, date(2024, 1, 1))]
    leads = rank_funders(QUERY, history, profiles)
    assert [lead.funder for lead in leads] == ["sida"]
    assert leads[0].declared == ("Africa", "objective 4")
    assert leads[0].funded == 0
