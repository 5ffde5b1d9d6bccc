"""Countries, M49 regions and languages come from the libraries, normalised once."""

from __future__ import annotations

import pytest

from hub.domain import geography


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("SO", "SO"),
        ("som", "SO"),
        ("Somalia", "SO"),
        ("GB", "GB"),
        ("United Kingdom", "GB"),
        ("GR", "GR"),
        ("XK", "XK"),
        ("Côte d'Ivoire", "CI"),
    ],
)
def test_countries_by_code_or_name(value: str, code: str) -> None:
    assert geography.country(value).code == code


def test_every_country_sits_in_an_m49_subregion_of_its_region() -> None:
    table = geography.countries()
    assert len(table) > 240
    for place in table.values():
        assert geography.SUBREGIONS[place.subregion] == place.region
        assert place.region in geography.REGIONS
    assert geography.country("EG").subregion == "Northern Africa"
    assert geography.country("MX").region == "Americas"


def test_unknown_values_are_named() -> None:
    with pytest.raises(ValueError, match="'Narnia'"):
        geography.country("Narnia")
    with pytest.raises(ValueError, match="'Atlantis'"):
        geography.region_of("Atlantis")
    with pytest.raises(ValueError, match="'Klingon'"):
        geography.language_code("Klingon")


def test_regions_and_languages_normalise() -> None:
    assert geography.region_of("western asia") == "Western Asia"
    assert geography.language_code("Arabic") == "ar"
    assert geography.language_code("FR") == "fr"


def test_places_keep_known_countries_with_their_subregions_and_regions_sorted() -> None:
    found = geography.places(["SO", "KE", "FR", "XX", "SO"])
    assert found == (("FR", "KE", "SO"), ("Eastern Africa", "Western Europe"), ("Africa", "Europe"))
    assert found.areas == {"Eastern Africa", "Western Europe", "Africa", "Europe"}
    assert geography.countries()["KE"].areas == {"Eastern Africa", "Africa"}
    assert geography.places([]).areas == frozenset()


def test_official_languages_come_from_cldr_in_law_or_in_fact() -> None:
    assert geography.official_languages("NE") == ("fr",)
    assert set(geography.official_languages("so")) == {"so", "ar"}
    # English has no law behind it in the United States; CLDR counts it in fact.
    assert geography.official_languages("US") == ("en",)
    assert geography.official_languages("XX") == ()


def test_every_official_language_is_one_a_stakeholder_can_declare() -> None:
    for code in geography.countries():
        for language in geography.official_languages(code):
            assert geography.language_code(language) == language, code
