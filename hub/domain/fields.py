"""The rules every id, name and text of a record keeps, whoever writes it.

API bodies, CLI options and IATI imports all become records of `hub.domain.records`, so these
annotated types are the one place the rules live:

- An id is 1-300 characters: a letter or digit, then letters, digits, spaces and
  `- _ . : ~ + ( ) /` (IATI identifiers hold spaces and slashes), with no empty, `.` or
  `..` part between slashes, so that no id reads as a path.
- A name (titles too) has at least one visible character: a letter, digit, punctuation
  mark or symbol, not only spaces or zero-width characters.
- Names and texts never hold control characters (texts may break lines and tab) nor
  the bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069),
  which make text display otherwise than it is stored. They are refused, not stripped:
  the writer learns which field to fix, and what is stored is what was sent.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, TypeVar

from pydantic import AfterValidator, Field, StringConstraints

from hub.domain import geography

__all__ = [
    "ID_PATTERN",
    "MAX_ID",
    "MAX_NAME",
    "MAX_TEXT",
    "CountryCode",
    "CountryList",
    "LanguageCode",
    "LanguageList",
    "Name",
    "Narrative",
    "ObjectiveList",
    "ObjectiveNumber",
    "RecordId",
    "RegionList",
    "RegionName",
    "Text",
    "id_problem",
    "text_problem",
]

MAX_ID = 300
MAX_NAME = 500
MAX_TEXT = 20_000

_ID_PART = r"[A-Za-z0-9 ._:~+()-]"
ID_PATTERN = rf"^[A-Za-z0-9]{_ID_PART}*(?:/(?!\.{{1,2}}(?:/|$)){_ID_PART}+)*$"
"""The id rule as one regular expression, published in the OpenAPI document too."""
_ID = re.compile(ID_PATTERN)
_BIDI = "\u202a-\u202e\u2066-\u2069"
_REFUSED_IN_NAME = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_REFUSED_IN_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")


def id_problem(value: str) -> str | None:
    """Why `value` is not an id, or None when it is one."""
    if _ID.fullmatch(value) is None:
        return (
            "an id starts with a letter or digit and holds only letters, digits, spaces and"
            " - _ . : ~ + ( ) /, with no empty, '.' or '..' part between slashes"
        )
    return None


def text_problem(value: str, *, lines: bool = False) -> str | None:
    """Why `value` may not be stored as a name (or, with `lines`, a text), or None."""
    refused = (_REFUSED_IN_TEXT if lines else _REFUSED_IN_NAME).search(value)
    if refused is not None:
        char = refused.group()
        kind = "a control" if unicodedata.category(char) == "Cc" else "a bidirectional control"
        return f"holds {kind} character U+{ord(char):04X} at position {refused.start()}"
    return None


def _visible(value: str) -> bool:
    return any(unicodedata.category(char)[0] in "LNPS" for char in value)


def _checked(problem: str | None, value: str) -> str:
    if problem is not None:
        raise ValueError(problem)
    return value


def _record_id(value: str) -> str:
    return _checked(id_problem(value), value)


def _name(value: str) -> str:
    if not _visible(value):
        raise ValueError("needs at least one visible character")
    return _checked(text_problem(value), value)


def _text(value: str) -> str:
    return _checked(text_problem(value, lines=True), value)


RecordId = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_ID),
    AfterValidator(_record_id),
    Field(json_schema_extra={"pattern": ID_PATTERN}),
]
Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME),
    AfterValidator(_name),
]
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT), AfterValidator(_text)
]
Narrative = Annotated[str, AfterValidator(_text)]
"""An imported text in one language: a text's character rules, the publisher's length."""


ObjectiveNumber = Annotated[int, Field(ge=1, le=23)]
CountryCode = Annotated[str, AfterValidator(lambda value: geography.country(value).code)]
RegionName = Annotated[str, AfterValidator(geography.region_of)]
LanguageCode = Annotated[str, AfterValidator(geography.language_code)]


_Item = TypeVar("_Item", int, str)


def _unique_sorted(values: list[_Item]) -> list[_Item]:
    return sorted(set(values))


ObjectiveList = Annotated[list[ObjectiveNumber], AfterValidator(_unique_sorted)]
CountryList = Annotated[list[CountryCode], AfterValidator(_unique_sorted)]
RegionList = Annotated[list[RegionName], AfterValidator(_unique_sorted)]
LanguageList = Annotated[list[LanguageCode], AfterValidator(_unique_sorted)]
