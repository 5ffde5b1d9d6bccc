"""Acronyms name an organisation only where they are written as acronyms."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from matching.names import NameIndex

INDEX = NameIndex(
    [
        ("League of Arab States", ("LAS",)),
        ("Norwegian Refugee Council", ()),
        ("Organización Internacional para las Migraciones", ("OIM", "iom")),
    ]
)


def test_the_spanish_article_is_not_the_league_of_arab_states() -> None:
    assert INDEX.find("Acceso a derechos para las personas migrantes") == []
    assert INDEX.find("REGULARIZACIÓN: ACCESO A LAS PERSONAS MIGRANTES") == []
    assert INDEX.find("A joint programme with the LAS secretariat") == [0]
    assert INDEX.find("League of Arab States") == [0]


def test_initials_count_in_capitals_and_spelled_names_in_any_case() -> None:
    assert INDEX.find("Shelter with NRC in Goma") == [1]
    assert INDEX.find("the nrc of the camp") == []
    assert INDEX.find("norwegian refugee council") == [1]
    # A spelling the organisation itself writes in lower case keeps matching so.
    assert INDEX.find("con la iom") == [2]
    assert INDEX.find("La OIM apoya a los migrantes") == [2]


@given(st.lists(st.sampled_from(["las", "Las", "para", "personas", "de", "los"]), max_size=12))
def test_no_lower_case_text_names_an_organisation_by_its_initials(words: list[str]) -> None:
    assert 0 not in INDEX.find(" ".join(words))
