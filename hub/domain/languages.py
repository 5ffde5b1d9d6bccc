"""The hub's four working languages, and the GCM taxonomy's names in each of them.

English names live beside the data they name (`taxonomy`, `geography`); Arabic,
French and Spanish come from hub/data/taxonomy-names.json, which names its source.
"""

from __future__ import annotations

import json
from dataclasses import replace
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from hub.domain.geography import REGIONS, SUBREGIONS
from hub.domain.taxonomy import OBJECTIVES, PRINCIPLES, Objective, Principle

__all__ = ["Language", "area_names", "negotiate", "objectives_in", "principles_in"]

NAMES_PATH = Path(__file__).resolve().parents[1] / "data" / "taxonomy-names.json"


class Language(StrEnum):
    ARABIC = "ar"
    ENGLISH = "en"
    SPANISH = "es"
    FRENCH = "fr"


def negotiate(asked: Language | None, accept_language: str | None) -> Language:
    """The language asked for, else the caller's most preferred one we speak, else English.

    `accept_language` is an HTTP Accept-Language value: `fr-CH, fr;q=0.9, en;q=0.8`.
    """
    if asked is not None:
        return asked
    ranked: list[tuple[float, int, str]] = []
    for order, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, order, tag.strip().lower().split("-")[0]))
    spoken = {language.value for language in Language}
    for negative_quality, _, base in sorted(ranked):
        if negative_quality < 0 and base in spoken:
            return Language(base)
    return Language.ENGLISH


@cache
def _names() -> dict[str, Any]:
    names: dict[str, Any] = json.loads(NAMES_PATH.read_text(encoding="utf-8"))
    return names


def objectives_in(language: Language) -> tuple[Objective, ...]:
    """The 23 objectives with their short label and title in `language`; keywords stay."""
    if language is Language.ENGLISH:
        return OBJECTIVES
    named = _names()["objectives"]
    return tuple(
        replace(
            o,
            label=named[str(o.number)][language]["label"],
            title=named[str(o.number)][language]["title"],
        )
        for o in OBJECTIVES
    )


def principles_in(language: Language) -> tuple[Principle, ...]:
    """The guiding principles, their slugs unchanged, their labels in `language`."""
    if language is Language.ENGLISH:
        return PRINCIPLES
    named = _names()["principles"]
    return tuple(replace(p, label=named[p.slug][language]) for p in PRINCIPLES)


def area_names(language: Language) -> dict[str, str]:
    """Each M49 region and subregion (its English name is its id) named in `language`."""
    areas = (*REGIONS, *SUBREGIONS)
    if language is Language.ENGLISH:
        return {area: area for area in areas}
    named = _names()["areas"]
    return {area: named[area][language] for area in areas}
