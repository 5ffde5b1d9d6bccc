"""The structure of a synthetic hub, drawn at once with numpy: who does what, where, when.

The shapes follow real aid data (the Somalia benchmark): a few implementers, funders
and countries take most of the activity (preferential attachment with Zipf weights),
and organisations stay mostly within one subregion and keep to a few objectives.
`tools.synth` writes a plan out as IATI XML.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from hub.domain.errors import InvalidInput
from hub.domain.geography import Country, countries
from hub.domain.records import StakeholderKind as Kind
from hub.domain.vocabulary import fold_name

__all__ = [
    "FIRST_DATE",
    "KIND_SHARES",
    "LAST_DATE",
    "ORG_TYPES",
    "SPLIT_DATE",
    "SynthPlan",
    "place_name",
    "plan_hub",
]

Ints = npt.NDArray[np.int64]

# Share of stakeholders, IATI OrganisationType, and how strongly each kind implements and
# funds: UN entities do both, donors only fund, a few NGOs re-grant.
_KINDS = {
    Kind.NGO: (0.62, "22", 1.0, 0.005), Kind.UN_ENTITY: (0.04, "40", 4.0, 0.3),
    Kind.ACADEMIA: (0.07, "80", 0.4, 0.0), Kind.DONOR: (0.06, "10", 0.0, 1.0),
    Kind.REGIONAL_BODY: (0.02, "40", 0.6, 0.2), Kind.PRIVATE_SECTOR: (0.08, "70", 0.5, 0.02),
    Kind.LOCAL_AUTHORITY: (0.07, "11", 0.6, 0.0), Kind.OTHER: (0.04, "90", 0.5, 0.0),
}  # fmt: skip
KIND_SHARES: dict[Kind, float] = {kind: row[0] for kind, row in _KINDS.items()}
ORG_TYPES: dict[Kind, str] = {kind: row[1] for kind, row in _KINDS.items()}
"""Each kind's IATI OrganisationType code."""
# Where aid goes, by M49 subregion; a Zipf rank inside that picks the few big recipients.
_AID = dict.fromkeys(("Eastern Africa", "Western Asia", "Western Africa"), 9.0) | {
    "Southern Asia": 7.0, "Middle Africa": 5.0, "Northern Africa": 5.0,
    "South-eastern Asia": 4.0, "Central America": 4.0, "South America": 4.0,
    "Southern Africa": 2.0, "Central Asia": 2.0, "Caribbean": 2.0, "Eastern Europe": 2.0,
    "Southern Europe": 1.0, "Eastern Asia": 1.0, "Melanesia": 1.0,
}  # fmt: skip
_DONOR_HOMES = ("Western Europe", "Northern Europe", "Northern America", "Eastern Asia")
# Some objectives draw far more activity than others; none is rare enough to vanish.
_OBJECTIVE_WEIGHTS = np.array([2.5 if n in {2, 7, 15, 16, 21, 23} else 1.5 if n in {1, 3, 6,
                               10, 18} else 1.0 for n in range(1, 24)])  # fmt: skip
_SYLLABLES = ("ka", "ma", "ri", "to", "na", "sa", "le", "bo", "du", "ha", "mi", "ya", "go", "ze",
              "lu", "fa", "ni", "ra", "ko", "ba", "ti", "se")  # fmt: skip
_FIELDS = ("Migration", "Development", "Health", "Protection", "Livelihoods", "Education",
           "Peace", "Labour")  # fmt: skip
_NAMES = {
    Kind.NGO: ("{p} {f} Initiative", "Association {p} pour le développement", "Fundación {p}",
               "Jamiyat {p} al-Khayriya", "{p} Relief and Development Organisation"),
    Kind.UN_ENTITY: ("United Nations {f} Office in {c}", "UN {f} Programme, {c}"),
    Kind.ACADEMIA: ("University of {p}", "{c} Institute for {f} Studies", "{p} {f} Centre"),
    Kind.DONOR: ("{c} Agency for International Development", "{p} Foundation", "{p} Trust"),
    Kind.REGIONAL_BODY: ("{s} {f} Commission", "{s} Consultative Process on Migration"),
    Kind.PRIVATE_SECTOR: ("{p} {f} Consulting", "{p} Solutions Ltd"),
    Kind.LOCAL_AUTHORITY: ("Municipality of {p}", "{p} District Council"),
    Kind.OTHER: ("{p} {f} Platform", "{c} {f} Network"),
}  # fmt: skip
FIRST_DATE, SPLIT_DATE, LAST_DATE = date(2012, 1, 1), date(2026, 1, 1), date(2026, 12, 31)


@dataclass(frozen=True, slots=True)
class SynthPlan:
    """Who does what where; row i of the activity arrays is the file's i-th activity."""

    seed: int
    names: list[str]
    kinds: list[Kind]
    refs: list[str]
    cited: npt.NDArray[np.bool_]  # whether participating-org carries the ref
    places: list[Country]
    country: Ints
    objectives: Ints  # (activities, 2), 0 for no second objective
    implementers: Ints  # (activities, 3), -1 where none
    funders: Ints  # (activities, 3), -1 where none
    start: Ints  # days after FIRST_DATE
    days: Ints


def _zipf(rng: np.random.Generator, n: int, exponent: float) -> npt.NDArray[np.float64]:
    """Zipf weights in random order: who is big is chance, that few are big is not."""
    return np.asarray((rng.permutation(n) + 1.0) ** -exponent)


def _pick(
    rng: np.random.Generator, weights: npt.NDArray[np.float64], size: int | tuple[int, int]
) -> Ints:
    return rng.choice(len(weights), size=size, p=weights / weights.sum())


def place_name(a: int, b: int, c: int) -> str:
    """An invented place name of two or three syllables."""
    n = len(_SYLLABLES)
    return (_SYLLABLES[a % n] + _SYLLABLES[b % n] + _SYLLABLES[c % n][: c % 3]).title()


def _names(rng: np.random.Generator, kinds: list[Kind], homes: list[Country]) -> list[str]:
    """Plausible, distinct names (distinct even after the importer folds them)."""
    picks = rng.integers(0, 1 << 30, size=(len(kinds), 5)).tolist()
    seen: set[str] = set()
    names = []
    for kind, home, (t, a, b, c, f) in zip(kinds, homes, picks, strict=True):
        templates = _NAMES[kind]
        name = base = templates[t % len(templates)].format(
            p=place_name(a, b, c), f=_FIELDS[f % len(_FIELDS)], c=home.name, s=home.subregion
        )
        suffix = 1
        while fold_name(name) in seen:
            suffix += 1
            name = f"{base} {suffix}"
        seen.add(fold_name(name))
        names.append(name)
    return names


def plan_hub(stakeholders: int, activities: int, requests: int, seed: int) -> SynthPlan:
    """Draw organisations, their presence and focus, then activities by preferential choice."""
    if stakeholders < 10 or not 0 <= requests < activities:
        raise InvalidInput(
            f"synthetic hub needs ≥ 10 stakeholders and 0 ≤ requests < activities; got"
            f" {stakeholders} stakeholders, {activities} activities, {requests} requests"
        )
    rng, n, a = np.random.default_rng([seed, 0]), stakeholders, activities
    places = sorted(countries().values(), key=lambda c: c.code)
    subregions = sorted({c.subregion for c in places})
    subregion = np.array([subregions.index(c.subregion) for c in places])
    weight = np.array([_AID.get(c.subregion, 0.2) for c in places]) * _zipf(rng, len(places), 0.7)
    kind_list = list(KIND_SHARES)
    kind = _pick(rng, np.array(list(KIND_SHARES.values())), n)
    implements = np.array([_KINDS[k][2] for k in kind_list])[kind] * _zipf(rng, n, 0.8)
    funds = np.array([_KINDS[k][3] for k in kind_list])[kind] * _zipf(rng, n, 1.0)
    home = _pick(rng, weight, n)
    donor_homes = np.flatnonzero([c.subregion in _DONOR_HOMES for c in places])
    donors = kind == kind_list.index(Kind.DONOR)
    home[donors] = rng.choice(donor_homes, int(donors.sum()))
    # Presence: home plus up to three countries, most of them in the home subregion.
    extra = rng.choice(4, size=n, p=[0.55, 0.25, 0.12, 0.08])
    presence = np.column_stack([home, _pick(rng, weight, (n, 3))])
    near = rng.random((n, 3)) < 0.85
    for s in np.unique(subregion[home]):
        rows, local = np.flatnonzero(subregion[home] == s), np.flatnonzero(subregion == s)
        draws = local[_pick(rng, weight[local], (len(rows), 3))]
        presence[rows, 1:] = np.where(near[rows], draws, presence[rows, 1:])
    focus = _pick(rng, _OBJECTIVE_WEIGHTS, (n, 2)) + 1
    lead = _pick(rng, implements, a)
    country = presence[lead, (rng.random(a) * (1 + extra[lead])).astype(np.int64)]
    objectives = _pick(rng, _OBJECTIVE_WEIGHTS, (a, 2)) + 1
    own = rng.random(a) < 0.8
    objectives[own, 0] = focus[lead, rng.integers(0, 2, a)][own]
    objectives[(rng.random(a) > 0.25) | (objectives[:, 1] == objectives[:, 0]), 1] = 0
    # Co-implementers come from the activity's subregion, weighted like the leads.
    partners = _pick(rng, implements, (a, 2))
    for s in np.unique(subregion[country]):
        rows = np.flatnonzero(subregion[country] == s)
        local = np.flatnonzero((subregion[home] == s) & (implements > 0))
        if len(local):
            partners[rows] = local[_pick(rng, implements[local], (len(rows), 2))]
    partners[rng.random((a, 2)) > [0.15, 0.03]] = -1
    # Funders return to the implementers they already fund half of the time.
    loyal = _pick(rng, funds, n)[lead]
    funders = _pick(rng, funds, (a, 3))
    funders[:, 0] = np.where(rng.random(a) < 0.5, loyal, funders[:, 0])
    funders[:, 1:][rng.random((a, 2)) > [0.15, 0.04]] = -1
    history, final_year = (SPLIT_DATE - FIRST_DATE).days, (LAST_DATE - SPLIT_DATE).days
    # Activity grows over the years, as in real data: density rising linearly in time.
    start = np.concatenate(
        [
            (np.sqrt(rng.random(a - requests)) * history).astype(np.int64),
            history + rng.integers(0, final_year, requests),
        ]
    )
    days = np.clip(rng.lognormal(np.log(730), 0.5, a), 90, 2555).astype(np.int64)
    kinds = [kind_list[k] for k in kind.tolist()]
    return SynthPlan(
        seed=seed,
        names=_names(rng, kinds, [places[h] for h in home.tolist()]),
        kinds=kinds,
        refs=[f"XM-SYN-{i:06d}" for i in range(n)],
        cited=rng.random(n) < 0.6,
        places=places,
        country=country,
        objectives=objectives,
        implementers=np.column_stack([lead, partners]),
        funders=funders,
        start=start,
        days=days,
    )
