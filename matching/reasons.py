"""Why an answer says what it says, as parts: a code and the values it is about.

The API serves each reason twice: as an English sentence (`say`), for CLI and API
readers, and as these parts, from which the console words the same reason in its
reader's language. Only the wording lives twice; which values a reason carries is
decided here, once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["PlaceLevel", "Reason", "ReasonCode", "declared_items", "say"]

PlaceLevel = Literal["country", "subregion", "region"]

ReasonCode = Literal[
    "named",
    "implemented",
    "sector",
    "location",
    "ally",
    "closest",
    "present",
    "no_capacity",
    "funded_nearby",
    "funded_objectives",
    "funds_kinds",
    "declares",
    "objectives",
    "part",
    "no_fit",
    "providers_full",
    "lower_total",
]


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason; which values are set depends on `code` (see `say`)."""

    code: ReasonCode
    count: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    objectives: tuple[int, ...] = ()
    places: tuple[str, ...] = ()
    place: PlaceLevel | None = None
    names: tuple[str, ...] = ()
    year: int | None = None
    value: float | None = None


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _implemented(r: Reason) -> str:
    there = r.counts.get("country", 0)
    return f"implemented {r.count} past activities" + (
        f", {there} in {', '.join(r.places)}" if there else ""
    )


def _funded_nearby(r: Reason) -> str:
    where = ", ".join(f"{count} in the same {place}" for place, count in r.counts.items())
    latest = f", latest {r.year}" if r.year else ""
    noun = "activity" if r.count == 1 else "activities"
    return f"funded {r.count} {noun} nearby ({where}{latest})"


def declared_items(r: Reason) -> tuple[str, ...]:
    """What a `declares` reason names: its places, then its objectives."""
    return (*r.places, *(f"objective {o}" for o in r.objectives))


def _full(r: Reason) -> str:
    return f"its matching providers are at capacity with better fits: {', '.join(r.names)}"


_SENTENCES: dict[ReasonCode, Callable[[Reason], str]] = {
    "named": lambda r: "named in the request",
    "implemented": _implemented,
    "sector": lambda r: f"{r.count} activities on {r.names[0]}",
    "location": lambda r: f"{r.count} activities in {r.names[0]}",
    "ally": lambda r: f"worked with {r.names[0]} {_times(r.count or 0)}",
    "closest": lambda r: f"most similar past activity: {r.names[0]!r}",
    "present": lambda r: "present in " + ", ".join(r.places),
    "no_capacity": lambda r: "has no capacity left",
    "funded_nearby": _funded_nearby,
    "funded_objectives": lambda r: f"funded work on objectives {list(r.objectives)}",
    "funds_kinds": lambda r: "funds " + ", ".join(f"{k} ({n})" for k, n in r.counts.items()),
    "declares": lambda r: "declares interest in " + ", ".join(declared_items(r)),
    "objectives": lambda r: f"objectives {list(r.objectives)}",
    "part": lambda r: f"{r.names[0]} {r.value:+.2f}",
    "no_fit": lambda r: "no provider with capacity left matches it",
    "providers_full": _full,
    "lower_total": lambda r: "serving it would lower the total fit (load balancing)",
}


def say(reason: Reason) -> str:
    """The reason as the English sentence the API has always served."""
    return _SENTENCES[reason.code](reason)
