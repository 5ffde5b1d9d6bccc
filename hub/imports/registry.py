"""Who an organisation is: the hub's replaceable source of organisation identity.

A registry file is a JSON object keyed by an organisation's short name, in the format
of the public iati3w `org-map.json`, so that list loads as it is and an operator
extends it by writing another file of the same shape (docs/organisations.md):

    {"DRC": {"name": "Danish Refugee Council", "shortname": "DRC",
             "synonyms": ["Conseil Danois pour les Réfugiés", "dansk-flygtningehjaelp"],
             "iati_id": "DK-CVR-20699310",
             "iati": {"codeforiati:organisation-type-code": "21"},
             "kind": "ngo", "identifiers": ["XI-IATI-..."]}}

`kind` and `identifiers` are the hub's additions; keys starting with "_" are notes and
entries with `"skip": true` are ignored. Files are read in order and a later entry
with the same key adds its names and identifiers to the earlier one and overrides its
other fields. The hub's own table of UN and multilateral identifiers comes first.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from hub.domain.errors import InvalidInput
from hub.domain.records import StakeholderKind
from hub.domain.vocabulary import fold_name
from hub.imports.organisation_kinds import kind_of_identifier, kind_of_type, normalise_identifier

__all__ = [
    "BUILT_IN",
    "Identity",
    "Organisation",
    "OrganisationRegistry",
    "kind_of",
    "load_registry",
]

BUILT_IN = Path(__file__).with_name("multilaterals.json")
"""The UN and multilateral identifiers the hub ships, with their sources."""

_MAX_SYNONYM_WORDS = 12
"""Longer "synonyms" in the iati3w list are descriptions, not names."""

_LEGAL_FORMS = frozenset((
    "e", "v", "ev", "ltd", "limited", "inc", "gmbh", "ggmbh", "plc", "llc", "asbl", "vzw",
    "aisbl", "sarl", "sa", "ag", "cic",
))  # fmt: skip
"""Trailing words that say how an organisation is registered, not who it is."""

_IDENTIFIER = re.compile(r"[A-Z]{2}-[A-Z0-9_]+-\S+")
"""An org-id.guide identifier: registration agency, then the number it gave."""

_SLUG_CUT = 60
"""The iati3w slugs are cut at 64 characters: a name this long may be a prefix."""


@dataclass(frozen=True, slots=True)
class Organisation:
    key: str
    name: str
    acronym: str
    synonyms: tuple[str, ...]
    identifiers: tuple[str, ...]
    kind: StakeholderKind | None
    """Declared by the registry: it outranks everything an IATI file says."""
    type_code: str | None
    """IATI OrganisationType code, from the registry."""

    @property
    def names(self) -> tuple[str, ...]:
        """Every spelling, the organisation's own name first."""
        spellings = dict.fromkeys((self.name, self.acronym, self.key, *self.synonyms))
        return tuple(s for s in spellings if s)


@dataclass(frozen=True, slots=True)
class Identity:
    """A registry entry an IATI mention was resolved to, and how sure that is."""

    organisation: Organisation
    confidence: float
    evidence: str


class OrganisationRegistry:
    """Organisations by identifier and by folded name; ambiguous names resolve to none."""

    def __init__(self, organisations: Iterable[Organisation]) -> None:
        self.organisations = {o.key: o for o in organisations}
        self._by_identifier: dict[str, Organisation] = {}
        named: dict[str, set[str]] = {}
        for organisation in self.organisations.values():
            for identifier in organisation.identifiers:
                self._by_identifier[identifier] = organisation
            for spelling in organisation.names:
                named.setdefault(fold_name(spelling), set()).add(organisation.key)
        self._by_name = {
            name: self.organisations[next(iter(keys))]
            for name, keys in named.items()
            if len(keys) == 1 and name
        }
        self._long_names = sorted(n for n in self._by_name if len(n) >= _SLUG_CUT)
        cores: dict[str, set[str]] = {}
        for name, organisation in self._by_name.items():
            cores.setdefault(_core(name), set()).add(organisation.key)
        self._by_core = {
            core: self.organisations[next(iter(keys))]
            for core, keys in cores.items()
            if len(keys) == 1 and core
        }

    def find(self, name: str, ref: str | None = None) -> Identity | None:
        """The organisation an IATI mention names, by identifier first, then by name.

        A mention whose `@ref` is an organisation identifier the registry does not know
        is not resolved by its name: "IOM" with UNOPS's identifier is not IOM.
        """
        if ref:
            found = self._by_identifier.get(normalise_identifier(ref))
            if found is not None:
                return Identity(found, 1.0, f"identifier {ref}")
            if _IDENTIFIER.fullmatch(normalise_identifier(ref)):
                return None
        for spelling in (name, ref):
            if spelling and (hit := self._by_name.get(fold_name(spelling))) is not None:
                return Identity(hit, 0.95, f"known name {spelling!r}")
        folded = fold_name(name)
        if (hit := self._by_core.get(_core(folded))) is not None:
            return Identity(hit, 0.9, f"name {name!r} without its legal form")
        if len(folded) >= _SLUG_CUT:
            at = bisect.bisect_left(self._long_names, folded)
            starting = [n for n in self._long_names[at : at + 2] if n.startswith(folded)]
            if len(starting) == 1:
                return Identity(self._by_name[starting[0]], 0.9, f"cut name {name!r}")
        return None


def _core(folded: str) -> str:
    words = folded.split()
    while words and words[-1] in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def kind_of(
    organisation: Organisation | None, type_code: str | None, ref: str | None
) -> StakeholderKind:
    """The registry's declared kind, else the publisher's @type, the registry's type, the
    identifiers' registration agencies; else unknown."""
    identifiers = (ref, *(organisation.identifiers if organisation else ()))
    found = (
        (organisation.kind if organisation else None)
        or kind_of_type(type_code)
        or kind_of_type(organisation.type_code if organisation else None)
        or next(filter(None, map(kind_of_identifier, identifiers)), None)
    )
    return found or StakeholderKind.UNKNOWN


def _entry(key: str, raw: dict[str, Any]) -> Organisation:
    found = raw.get("iati")
    iati: dict[str, Any] = found if isinstance(found, dict) else {}
    identifiers = [raw.get("iati_id"), iati.get("code"), *raw.get("identifiers", [])]
    synonyms = [
        s.strip()
        for s in raw.get("synonyms", [])
        if isinstance(s, str) and s.strip() and len(s.split()) <= _MAX_SYNONYM_WORDS
    ]
    kind = raw.get("kind")
    name = str(raw.get("name") or "").strip()  # the key, unless a file names it
    return Organisation(
        key=key,
        name=name,
        acronym=str(raw.get("shortname") or "").strip(),
        synonyms=tuple(dict.fromkeys(synonyms)),
        identifiers=tuple(
            dict.fromkeys(normalise_identifier(i) for i in identifiers if isinstance(i, str) and i)
        ),
        kind=StakeholderKind(kind) if kind else None,
        type_code=iati.get("codeforiati:organisation-type-code") or None,
    )


def _combine(earlier: Organisation, later: Organisation) -> Organisation:
    return Organisation(
        key=later.key,
        name=later.name or earlier.name,
        acronym=later.acronym or earlier.acronym,
        synonyms=tuple(dict.fromkeys((*earlier.synonyms, *later.synonyms))),
        identifiers=tuple(dict.fromkeys((*earlier.identifiers, *later.identifiers))),
        kind=later.kind or earlier.kind,
        type_code=later.type_code or earlier.type_code,
    )


def _read(path: Path) -> list[Organisation]:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InvalidInput(f"organisation registry {path}: {error}") from None
    if not isinstance(content, dict):
        raise InvalidInput(f"organisation registry {path}: expected an object keyed by name")
    found = []
    for key, raw in content.items():
        if key.startswith("_") or not isinstance(raw, dict) or raw.get("skip"):
            continue
        try:
            found.append(_entry(key, raw))
        except ValueError as error:
            raise InvalidInput(f"organisation registry {path}: entry {key!r}: {error}") from None
    return found


@lru_cache(maxsize=8)
def _load(paths: tuple[Path, ...]) -> OrganisationRegistry:
    entries: dict[str, Organisation] = {}
    for path in paths:
        for organisation in _read(path):
            earlier = entries.get(organisation.key)
            entries[organisation.key] = _combine(earlier, organisation) if earlier else organisation
    return OrganisationRegistry(replace(o, name=o.name or o.key) for o in entries.values())


def load_registry(paths: Sequence[Path] = ()) -> OrganisationRegistry:
    """The built-in table, then each file in order; read once per set of files."""
    return _load((BUILT_IN, *(Path(p) for p in paths)))
