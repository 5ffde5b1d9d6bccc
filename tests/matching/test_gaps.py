"""Gap matrix: counts per objective and area; cells nobody serves come first."""

from __future__ import annotations

from matching.gaps import Demand, Supply, gap_matrix


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
