"""A practice: what was done, where, by whom, with what results and lessons.

Its searchable text is title + summary + results + lessons (the search index and the
similar-initiatives mechanism agree on this); its node label is `Practice`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field

from hub.domain.fields import CountryList, Name, ObjectiveList, RecordId, Text
from hub.domain.records import Record
from hub.domain.taxonomy import PRINCIPLES

__all__ = [
    "AUTHORED",
    "LEARNED_FROM",
    "PRACTICE_LANGUAGES",
    "Practice",
    "PracticeLanguage",
    "PracticeVisibility",
    "practice_body",
    "practice_text",
]

LEARNED_FROM = "LEARNED_FROM"
"""Edge type from a practice to a partnership or activity it came from."""

AUTHORED = "AUTHORED"
"""Edge type from a stakeholder to a practice it wrote up."""


class PracticeLanguage(StrEnum):
    """The hub's working languages; a practice is written in one of them."""

    AR = "ar"
    EN = "en"
    ES = "es"
    FR = "fr"


PRACTICE_LANGUAGES = tuple(PracticeLanguage)


class PracticeVisibility(StrEnum):
    """Public: everyone, the anonymous public included. Open to partners: every Member
    State and partner. Confidential: its authors and the parties of its partnerships."""

    PUBLIC = "public"
    OPEN_TO_PARTNERS = "open_to_partners"
    CONFIDENTIAL = "confidential"


_PRINCIPLE_SLUGS = tuple(p.slug for p in PRINCIPLES)


def _principles(values: list[str]) -> list[str]:
    unknown = sorted(set(values) - set(_PRINCIPLE_SLUGS))
    if unknown:
        raise ValueError(f"unknown guiding principle(s) {unknown}: expected {_PRINCIPLE_SLUGS}")
    return sorted(set(values))


PrincipleList = Annotated[list[str], AfterValidator(_principles)]


class Practice(Record):
    """A practice and its lessons, linked to the partnerships and activities it came from."""

    title: Name
    summary: Text = ""
    results: Text = ""
    lessons: Text = ""
    language: PracticeLanguage
    countries: CountryList = Field(default_factory=list)
    authors: Annotated[list[RecordId], Field(min_length=1)]
    """The stakeholders who did the work and write it up."""
    objectives: ObjectiveList = Field(default_factory=list)
    principles: PrincipleList = Field(default_factory=list)
    partnerships: list[RecordId] = Field(default_factory=list)
    activities: list[RecordId] = Field(default_factory=list)
    visibility: PracticeVisibility = PracticeVisibility.OPEN_TO_PARTNERS
    recorded_by: str
    """Who filed it; callers who are not staff read a staff key as its role."""
    recorded_at: datetime
    edited_at: datetime | None = None


def practice_body(practice: Practice) -> str:
    """Its summary, results and lessons, the parts that are set."""
    parts = (practice.summary, practice.results, practice.lessons)
    return "\n".join(part for part in parts if part.strip())


def practice_text(practice: Practice) -> str:
    """What is searched and compared: title, summary, results and lessons."""
    return "\n".join(part for part in (practice.title, practice_body(practice)) if part)
