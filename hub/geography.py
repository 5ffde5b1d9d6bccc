"""Countries with their UN M49 region and subregion, read from country_converter.

Country codes are ISO 3166-1 alpha-2 throughout the hub. Regions and subregions are
named as in M49 ("Africa", "Eastern Africa"); `region_of` accepts either.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import country_converter as coco
import pycountry

__all__ = [
    "REGIONS",
    "Country",
    "countries",
    "country",
    "language_code",
    "region_of",
    "subregions",
]

# country_converter's continent column says "America" where M49 says "Americas".
_M49_REGION = {"America": "Americas"}

REGIONS: tuple[str, ...] = ("Africa", "Americas", "Asia", "Europe", "Oceania")


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    m49: int | None
    subregion: str
    region: str


@cache
def countries() -> dict[str, Country]:
    """Every current country, keyed by ISO alpha-2 code."""
    table = coco.CountryConverter().data
    found: dict[str, Country] = {}
    for row in table.itertuples():
        if not isinstance(row.ISO2, str) or not isinstance(row.UNregion, str):
            continue
        if row.continent == "Antarctica":
            continue
        found[row.ISO2] = Country(
            code=row.ISO2,
            name=str(row.name_short),
            m49=int(row.UNcode) if str(row.UNcode).isdigit() else None,
            subregion=str(row.UNregion),
            region=_M49_REGION.get(str(row.continent), str(row.continent)),
        )
    return found


@cache
def subregions() -> dict[str, str]:
    """M49 subregion name -> region name."""
    return {c.subregion: c.region for c in countries().values()}


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
    for known in (*REGIONS, *subregions()):
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
