"""What the hub's answers share: strict, frozen shapes that say what each field holds.

The API serves these models as they are, so their attribute docstrings are the field
descriptions of the OpenAPI document; the CLI prints their attributes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict

from pydantic import BaseModel, ConfigDict

from matching import reasons
from matching.reasons import PlaceLevel, ReasonCode

__all__ = ["Answer", "NamedStakeholder", "Reason", "RequestBrief"]


class Answer(BaseModel):
    """Base of every answer. A key the hub adds that the shape lacks fails (and fails
    the tests) rather than going out undocumented; frozen, because one ranking is shared
    between callers until the graph changes."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, populate_by_name=True, use_attribute_docstrings=True
    )


class NamedStakeholder(Answer):
    id: str
    name: str
    """Its name; the id again when no such stakeholder is stored."""
    kind: str
    """Its `StakeholderKind`; empty when no such stakeholder is stored."""


class RequestBrief(Answer):
    """A support request reduced to what a list of them needs."""

    id: str
    requester: str
    """The Member State that filed it."""
    title: str
    objectives: list[int]
    """GCM objective numbers (1-23)."""


class Reason(Answer):
    """One reason of an answer as parts, beside the English sentence made from them, so
    that a reader's language can word it (`matching.reasons`). Which values are set
    depends on `code`."""

    code: ReasonCode
    """What is said: `named` in the request; `implemented` `count` past activities,
    `counts.country` of them in `places`; `count` activities on a `sector` or in a
    `location` (`names`); worked with an `ally` (`names`, a stakeholder id) `count` times;
    the `closest` past activity's title (`names`); `present` in `places`; `no_capacity`
    left; `funded_nearby` `count` activities (`counts` by place level, latest in `year`);
    `funded_objectives`; `funds_kinds` (`counts` by stakeholder kind, most first);
    `declares` interest in `places` (at level `place`) and `objectives`; shared
    `objectives`; a score `part` (`names`) worth `value`; `no_fit` with capacity left;
    `providers_full` (`names`, stakeholder ids) with better fits; `lower_total` fit if
    served."""
    count: int | None = None
    """How many (activities, or times worked together)."""
    counts: dict[str, int] = {}
    """How many, by place level (`country`, `subregion`, `region`) or stakeholder kind."""
    objectives: list[int] = []
    """GCM objective numbers (1-23)."""
    places: list[str] = []
    """ISO country codes, or M49 region and subregion names when `place` says so."""
    place: PlaceLevel | None = None
    """The level of `places`."""
    names: list[str] = []
    """Stakeholder ids, a title, a sector or location, or a score part's name."""
    year: int | None = None
    """The year of the latest activity counted."""
    value: float | None = None
    """A score part's weighted value."""

    @classmethod
    def each(cls, found: Iterable[reasons.Reason]) -> list[Reason]:
        """The matching layer's reasons as answers."""
        return [cls.model_validate(asdict(r)) for r in found]
