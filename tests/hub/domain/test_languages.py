"""The taxonomy in four languages, and which language a caller asked for."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hub.domain.geography import REGIONS, SUBREGIONS
from hub.domain.languages import (
    NAMES_PATH,
    Language,
    area_names,
    negotiate,
    objectives_in,
    principles_in,
)
from hub.domain.taxonomy import OBJECTIVES, PRINCIPLES


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5", Language.FRENCH),
        ("de-DE, es;q=0.7, ar;q=0.9", Language.ARABIC),
        ("de, ja", Language.ENGLISH),
        ("ar;q=0, es;q=0.1", Language.SPANISH),
        ("ES-mx", Language.SPANISH),
        ("fr;q=nonsense, ar", Language.ARABIC),
        ("", Language.ENGLISH),
        (None, Language.ENGLISH),
    ],
)
def test_accept_language_picks_the_most_preferred_language_we_speak(
    header: str | None, expected: Language
) -> None:
    assert negotiate(None, header) is expected


@given(st.sampled_from(Language), st.text(max_size=60))
def test_an_explicit_choice_wins_over_any_header(asked: Language, header: str) -> None:
    assert negotiate(asked, header) is asked


@given(st.text(max_size=80))
def test_any_header_yields_a_language(header: str) -> None:
    assert negotiate(None, header) in set(Language)


@pytest.mark.parametrize("language", [Language.ARABIC, Language.SPANISH, Language.FRENCH])
def test_every_objective_principle_and_area_is_named_in_each_language(language: Language) -> None:
    objectives = objectives_in(language)
    assert [o.number for o in objectives] == [o.number for o in OBJECTIVES]
    assert [o.keywords for o in objectives] == [o.keywords for o in OBJECTIVES]
    english = {o.label for o in OBJECTIVES} | {o.title for o in OBJECTIVES}
    # a translated label may happen to equal the English one; a title never does
    assert all(o.title and o.title not in english for o in objectives)
    assert all(o.label for o in objectives)
    assert [p.slug for p in principles_in(language)] == [p.slug for p in PRINCIPLES]
    names = area_names(language)
    assert set(names) == {*REGIONS, *SUBREGIONS} and all(names.values())


def test_arabic_names_are_written_in_arabic() -> None:
    arabic = [o.label for o in objectives_in(Language.ARABIC)]
    assert all(any("\u0600" <= c <= "\u06ff" for c in label) for label in arabic)


def test_english_is_the_taxonomy_itself_and_the_data_file_names_its_source() -> None:
    assert objectives_in(Language.ENGLISH) == OBJECTIVES
    assert area_names(Language.ENGLISH)["Western Asia"] == "Western Asia"
    data = json.loads(NAMES_PATH.read_text(encoding="utf-8"))
    assert "A/RES/73/195" in data["source"]
