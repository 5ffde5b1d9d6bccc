"""Countries with their UN M49 region and subregion, read from country_converter, and
their official languages, read from Babel's copy of the Unicode CLDR.

Country codes are ISO 3166-1 alpha-2 throughout the hub. Regions and subregions are
named as in M49 ("Africa", "Eastern Africa"); `region_of` accepts either.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import NamedTuple

import country_converter as coco
import pycountry
from babel.languages import get_official_languages

__all__ = [
    "REGIONS",
    "SUBREGIONS",
    "Country",
    "Places",
    "countries",
    "country",
    "language_code",
    "official_languages",
    "places",
    "region_of",
]

REGIONS: tuple[str, ...] = ("Africa", "Americas", "Asia", "Europe", "Oceania")

# The M49 subregions (country_converter's UNregion column) and the region each belongs
# to; country_converter's own continent column differs from M49 for a few countries.
SUBREGIONS: Mapping[str, str] = MappingProxyType(
    {
        "Northern Africa": "Africa",
        "Eastern Africa": "Africa",
        "Middle Africa": "Africa",
        "Southern Africa": "Africa",
        "Western Africa": "Africa",
        "Caribbean": "Americas",
        "Central America": "Americas",
        "South America": "Americas",
        "Northern America": "Americas",
        "Central Asia": "Asia",
        "Eastern Asia": "Asia",
        "South-eastern Asia": "Asia",
        "Southern Asia": "Asia",
        "Western Asia": "Asia",
        "Eastern Europe": "Europe",
        "Northern Europe": "Europe",
        "Southern Europe": "Europe",
        "Western Europe": "Europe",
        "Australia and New Zealand": "Oceania",
        "Melanesia": "Oceania",
        "Micronesia": "Oceania",
        "Polynesia": "Oceania",
    }
)


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    m49: int | None
    subregion: str
    region: str
    alpha_3: str = ""

    @property
    def areas(self) -> frozenset[str]:
        """Its subregion and region: what a region filter or a call's regions match."""
        return frozenset((self.subregion, self.region))


class Places(NamedTuple):
    """Countries known to M49 with the subregions and regions they lie in, each sorted."""

    countries: tuple[str, ...]
    subregions: tuple[str, ...]
    regions: tuple[str, ...]

    @property
    def areas(self) -> frozenset[str]:
        return frozenset((*self.subregions, *self.regions))


@cache
def countries() -> dict[str, Country]:
    """Every current country, keyed by ISO alpha-2 code."""
    table = coco.CountryConverter().data
    found: dict[str, Country] = {}
    for row in table.itertuples():
        if row.UNregion not in SUBREGIONS:
            continue
        # Its ISO2 column holds patterns for a few ("^GB$|^UK$"): trust ISO3 via pycountry.
        known = pycountry.countries.get(alpha_3=str(row.ISO3))
        code = known.alpha_2 if known is not None else str(row.ISO2)
        if len(code) != 2:
            continue
        found[code] = Country(
            code=code,
            name=str(row.name_short),
            m49=int(row.UNcode) if str(row.UNcode).isdigit() else None,
            subregion=str(row.UNregion),
            region=SUBREGIONS[row.UNregion],
            alpha_3=str(row.ISO3),
        )
    return found


def places(codes: Iterable[str]) -> Places:
    """The known countries among `codes` (others left out) and the areas they lie in."""
    table = countries()
    known = sorted({c for c in codes if c in table})
    return Places(
        tuple(known),
        tuple(sorted({table[c].subregion for c in known})),
        tuple(sorted({table[c].region for c in known})),
    )


def country(value: str) -> Country:
    """Look a country up by ISO alpha-2, alpha-3 or name; ValueError names the value."""
    table = countries()
    text = value.strip()
    if text.upper() in table:
        return table[text.upper()]
    try:
        match = pycountry.countries.lookup(text)
    except LookupError:
        match = None
    if match is not None and match.alpha_2 in table:
        return table[match.alpha_2]
    raise ValueError(f"unknown country {value!r}: expected an ISO 3166 code or a country name")


def region_of(name: str) -> str:
    """The canonical spelling of an M49 region or subregion name."""
    for known in (*REGIONS, *SUBREGIONS):
        if known.casefold() == name.strip().casefold():
            return known
    raise ValueError(f"unknown region {name!r}: expected an M49 region or subregion name")


def language_code(value: str) -> str:
    """ISO 639-1 code for a code or an English language name ("Arabic" -> "ar")."""
    text = value.strip()
    match = pycountry.languages.get(alpha_2=text.lower()) if len(text) == 2 else None
    if match is None:
        try:
            match = pycountry.languages.lookup(text)
        except LookupError:
            match = None
    code = getattr(match, "alpha_2", None)
    if code is None:
        raise ValueError(f"unknown language {value!r}: expected an ISO 639-1 code or name")
    return str(code)


@cache
def official_languages(country: str) -> tuple[str, ...]:
    """The ISO 639-1 languages official in a country, in law or in fact (CLDR's
    territory data: "US" -> ("en",), "MA" -> ("ar", "fr")); languages with no two-letter
    code, which no stakeholder can declare, are left out."""
    found = get_official_languages(country.upper(), de_facto=True)
    return tuple(lang for lang in found if len(lang) == 2)
