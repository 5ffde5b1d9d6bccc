"""Organisation identity on the Somalia benchmark: duplicates and known kinds.

The file is imported twice into fresh stores: with no reference (identity from the
file alone, as before the registry) and with the iati3w organisation registry. For
each it counts stakeholders, their kinds, and duplicates two ways:

- named families, checked by hand: every stakeholder with a spelling matching the
  family's pattern counts (Danish Refugee Council, Handicap International / Humanity
  & Inclusion, arche noVa, World Vision UK);
- registry entries carried by more than one stakeholder (each stakeholder's names
  looked up in the registry): the extra stakeholders are duplicates.

Then the merge-review list is filled and its pairs counted by confidence.

    python -m benchmarks.organisations
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from graph.sqlite import SqliteGraphStore
from hub import merges
from hub.domain.records import Stakeholder, StakeholderKind
from hub.imports.importer import import_file
from hub.imports.registry import OrganisationRegistry, load_registry
from hub.store import repository

__all__ = ["FAMILIES", "main", "measure"]

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SOMALIA = DATA / "iati" / "somalia-3w-2021.xml"
ORG_MAP = DATA / "orgs" / "iati3w-org-map.json"
RESULTS = Path(__file__).parent / "results" / "organisations-somalia.json"

FAMILIES = {
    "Danish Refugee Council": r"danish refugee council|dansk flygtning|^drc$",
    "Handicap International": r"handicap international|humanity (&|and) inclusion",
    "arche noVa": r"arche nova",
    "World Vision UK": r"world vision (uk|united kingdom)",
}
_UNSETTLED = (StakeholderKind.UNKNOWN, StakeholderKind.OTHER)


def _families(
    stakeholders: list[Stakeholder], pairs: list[tuple[str, str]]
) -> dict[str, dict[str, int]]:
    """Per family: its stakeholders, and how many remain once its pairs on the review
    list are accepted."""
    found = {}
    for family, pattern in FAMILIES.items():
        matches = re.compile(pattern, re.IGNORECASE)
        members = {
            s.id for s in stakeholders if any(matches.search(n) for n in (s.name, *s.aliases))
        }
        parent = {m: m for m in members}
        for one, other in pairs:
            if one in members and other in members:
                parent[_root(parent, one)] = _root(parent, other)
        found[family] = {
            "after import": len(members),
            "after the review list": len({_root(parent, m) for m in members}),
        }
    return found


def _root(parent: dict[str, str], node: str) -> str:
    while parent[node] != node:
        node = parent[node]
    return node


def _registry_duplicates(stakeholders: list[Stakeholder], registry: OrganisationRegistry) -> int:
    carriers: dict[str, set[str]] = {}
    for s in stakeholders:
        for spelling in (s.name, *s.aliases):
            if (identity := registry.find(spelling)) is not None:
                carriers.setdefault(identity.organisation.key, set()).add(s.id)
    return sum(len(ids) - 1 for ids in carriers.values())


def measure(registry: OrganisationRegistry, reference: OrganisationRegistry) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="gcm-hub-orgs-") as folder:
        store = SqliteGraphStore(Path(folder) / "hub.db")
        try:
            import_file(store, SOMALIA, registry=registry)
            stakeholders = list(repository.list_records(store, Stakeholder))
            proposed = merges.propose(store, merges.IMPORT_ACTOR)
        finally:
            store.close()
    kinds = Counter(s.kind.value for s in stakeholders)
    known = sum(1 for s in stakeholders if s.kind not in _UNSETTLED)
    return {
        "stakeholders": len(stakeholders),
        "kinds": dict(kinds.most_common()),
        "known_kind_share": round(known / len(stakeholders), 3),
        "families": _families(stakeholders, [(p.keep, p.merge) for p in proposed]),
        "registry_duplicates": _registry_duplicates(stakeholders, reference),
        "review_list": {
            "pairs": len(proposed),
            "confidence >= 0.8": sum(p.confidence >= 0.8 for p in proposed),
        },
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    reference = load_registry([ORG_MAP])
    report = {
        "no reference": measure(OrganisationRegistry([]), reference),
        "iati3w registry": measure(reference, reference),
    }
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
