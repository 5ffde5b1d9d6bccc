"""The id, name and text rules every record keeps, whoever writes it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from hub.domain.fields import ID_PATTERN, id_problem, text_problem
from hub.domain.records import Stakeholder, SupportRequest

BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


def stakeholder(**fields: object) -> Stakeholder:
    return Stakeholder.model_validate({"id": "ngo", "name": "An NGO", "kind": "ngo", **fields})


@pytest.mark.parametrize(
    "bad", ["../../etc/passwd", "a/../b", "a/./b", "a//b", "a/", "/a", ".hidden", "-x", "a\x00b"]
)
def test_ids_that_read_as_paths_or_hide_characters_are_refused(bad: str) -> None:
    with pytest.raises(ValidationError, match="id"):
        stakeholder(id=bad)


@pytest.mark.parametrize(
    "good", ["iom", "country:SO", "sugg:req-x:iom~0123", "GB-COH-01846493-TAF2+", "DK-CVR 19/78"]
)
def test_hub_and_iati_ids_are_kept(good: str) -> None:
    assert stakeholder(id=good).id == good


@pytest.mark.parametrize("title", ["\u200b", " \u200b\u200c ", "\u2066\u2069", ""])
def test_a_title_needs_a_visible_character(title: str) -> None:
    with pytest.raises(ValidationError, match="title"):
        SupportRequest(id="r", requester="morocco", title=title)


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x85", "\n", *BIDI])
def test_names_refuse_control_and_bidi_characters_naming_the_field(char: str) -> None:
    with pytest.raises(ValidationError, match=rf"name\n.*U\+{ord(char):04X}"):
        stakeholder(name=f"Good{char}Name")


def test_texts_may_break_lines_but_not_hold_other_controls() -> None:
    assert stakeholder(description="one\n\ttwo\r\n").description == "one\n\ttwo"
    with pytest.raises(ValidationError, match=r"description\n.*U\+202E"):
        stakeholder(description="invoice \u202egpj.exe")


@given(st.text())
def test_accepted_ids_are_never_paths(value: str) -> None:
    if id_problem(value) is None:
        assert value[0].isascii() and value[0].isalnum()
        assert not {"", ".", ".."} & set(value.split("/"))


@given(st.text())
def test_accepted_names_hold_no_control_or_bidi_character(value: str) -> None:
    if text_problem(value) is None:
        assert not any(c in BIDI or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in value)


@given(st.from_regex(ID_PATTERN, fullmatch=True).filter(lambda v: v == v.strip()))
def test_ids_the_openapi_pattern_describes_are_accepted(value: str) -> None:
    assert id_problem(value) is None
