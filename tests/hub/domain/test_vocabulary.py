"""Slugs are made, recognised and spelled out by one rule, whoever uses them."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from hub.domain.vocabulary import fold_name, fold_text, is_slug, slug, slug_words
from hub.groups.working_groups import Slug

_SLUGS = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,3}", fullmatch=True)


@given(st.text(max_size=40))
def test_slug_always_makes_a_slug_of_the_folded_name(text: str) -> None:
    made = slug(text)
    assert is_slug(made)
    assert made == "org" or made.replace("-", " ") == " ".join(fold_name(text).split())


@given(_SLUGS)
def test_slug_words_spell_a_slug_that_slugs_back(text: str) -> None:
    spelled = slug_words(text)
    assert slug(spelled) == text
    assert (spelled == text) is ("-" not in text)


@pytest.mark.parametrize("text", ["Save-The-Children", "save--the", "-iom", "iom-", "iom", "ü-x"])
def test_only_hyphenated_slugs_are_spelled_out(text: str) -> None:
    assert slug_words(text) == text


@given(st.one_of(_SLUGS, st.text(max_size=12)))
def test_a_working_group_slug_is_a_slug(text: str) -> None:
    adapter = TypeAdapter(Slug)
    if is_slug(text) and len(text) <= 60:
        assert adapter.validate_python(text) == text
    else:
        with pytest.raises(ValidationError):
            adapter.validate_python(text)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Gestión DE Fronteras", "gestion de fronteras"),
        ("Straße, Zürich!", "strasse, zurich!"),  # punctuation stays: the index splits words
        ("الهجرة", "الهجرة"),
    ],
)
def test_fold_text_sets_case_and_accents_aside_and_keeps_every_script(
    text: str, folded: str
) -> None:
    assert fold_text(text) == folded


@given(st.text())
def test_fold_text_drops_exactly_the_combining_characters_of_the_decomposed_text(
    text: str,
) -> None:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    assert fold_text(text) == "".join(c for c in decomposed if not unicodedata.combining(c))
