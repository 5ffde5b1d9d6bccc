"""Gap matrix: counts per objective and area; cells nobody serves come first."""

from __future__ import annotations

from datetime import date, timedelta

from matching.capacity import engagements, recent
from matching.gaps import Demand, Supply, gap_matrix, records
from matching.profiles import PastActivity


def test_counts_and_the_emptiest_cells_first() -> None:
    demand = [
        Demand("r1", (6, 7), ("Asia",)),
        Demand("r2", (6,), ("Asia",)),
        Demand("r3", (15,), ("Africa",)),
        Demand("r4", (6,), ("Africa",)),
    ]
    supply = [
        Supply("ilo", (6,), ("Asia", "Africa"), 3),
        Supply("ilo", (6, 18), ("Asia",), 2),
        Supply("who", (15,), ("Africa",), 0),
        Supply("unicef", (7,), ("Asia",), None),
    ]
    matrix = gap_matrix(demand, supply, ["Africa", "Asia"], limits={"ilo": 4})
    cell = matrix.objectives.index(6), matrix.areas.index("Asia")
    assert matrix.requests[cell] == 2
    assert matrix.providers[cell] == 1
    assert matrix.capacity[cell] == 4  # ilo offers 5 there but has 4 left
    worst = matrix.gaps[0]
    assert (worst.objective, worst.area, worst.providers) == (15, "Africa", 0)
    assert worst.ratio == float("inf")
    assert {(g.objective, g.area) for g in matrix.gaps} == {
        (6, "Asia"),
        (7, "Asia"),
        (15, "Africa"),
        (6, "Africa"),
    }
    assert matrix.capacity[matrix.objectives.index(7), 1] == 1  # unknown counts as one


def test_track_records_count_apart_from_offers() -> None:
    demand = [Demand("r1", (15,), ("Africa",)), Demand("r2", (15,), ("Africa",))]
    supply = [
        Supply("who", (15,), ("Africa",), 0),
        Supply("wash-ngo", (15,), ("Africa",), 0.5, declared=False),
        Supply("wash-ngo", (15,), ("Africa",), 0.5, declared=False),
        Supply("care", (15, 7), ("Africa",), 0.5, declared=False),
    ]
    matrix = gap_matrix(demand, supply, ["Africa"], limits={"wash-ngo": 0, "care": 0})
    [gap] = matrix.gaps
    assert (gap.providers, gap.capacity) == (0, 0.0)  # the only offer is full
    # A limit on offers says nothing about what a track record shows.
    assert (gap.record_providers, gap.record_capacity) == (2, 1.5)
    assert gap.ratio == 2 / 1.5
    # Track records kept from an earlier call give the same matrix, offers read anew.
    kept = records(supply, ["Africa"])
    offers = [s for s in supply if s.declared]
    again = gap_matrix(demand, offers, ["Africa"], track_records=kept)
    assert again.gaps == gap_matrix(demand, supply, ["Africa"]).gaps


def test_engagements_a_year_from_recent_activities() -> None:
    history = [
        PastActivity(
            f"a{i}",
            "",
            start=date(2019, 1, 1) - timedelta(days=200 * i),
            implementers=("busy",) if i < 7 else ("old",),
        )
        for i in range(9)
    ]
    assert [a.id for a in recent(history)][-1] == "a5"  # within three years of the latest
    assert engagements(history) == {"busy": 2}
    assert engagements(history, now=date(2030, 1, 1)) == {}
