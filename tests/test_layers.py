"""Imports flow faces (api, cli) -> hub services -> {hub/store -> graph, matching}.

graph and matching never import hub, api or cli; the domain imports nothing else from
hub; only hub/store imports graph; the faces call services, not the store or matching.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = {
    "graph": {"hub", "api", "cli", "tools"},
    "matching": {"hub", "api", "cli", "tools"},
    "hub": {"api", "cli", "tools"},
}

FACES_REACHING_IN: dict[str, set[str]] = {}
"""Faces that still open, catch or walk the store themselves: none since the records
service (`hub.records`) and `hub.session`; do not add to it."""


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def _under(module: str, packages: set[str]) -> set[str]:
    return {p for p in packages if module == p or module.startswith(p + ".")}


def _offenders(folder: str, forbidden: set[str]) -> dict[str, list[str]]:
    found = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        bad = set()
        for module in imported_modules(path):
            bad |= _under(module, forbidden)
        if bad:
            found[str(path.relative_to(ROOT))] = sorted(bad)
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_lower_layers_never_import_higher_ones(package: str) -> None:
    assert _offenders(package, FORBIDDEN[package]) == {}


def test_the_domain_imports_nothing_else_from_hub() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            m
            for m in imported_modules(path)
            if _under(m, {"hub", "graph"}) and not _under(m, {"hub.domain"})
        )
        for path in (ROOT / "hub" / "domain").rglob("*.py")
    }
    assert {file: bad for file, bad in offenders.items() if bad} == {}


def test_only_hub_store_imports_graph() -> None:
    offenders = _offenders("hub", {"graph"})
    assert {f: m for f, m in offenders.items() if not f.startswith("hub/store/")} == {}


@pytest.mark.parametrize("face", ["api", "cli"])
def test_faces_call_services_not_the_store_or_matching(face: str) -> None:
    offenders = _offenders(face, {"graph", "hub.store", "matching"})
    allowed = {f: m for f, m in FACES_REACHING_IN.items() if f.startswith(face + "/")}
    assert {f: set(m) for f, m in offenders.items()} == allowed


def test_the_rules_see_every_way_of_importing(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from hub import store\nimport graph.sqlite\nfrom . import x\n", "utf-8")
    found = imported_modules(module)
    assert found == {"hub", "hub.store", "graph.sqlite"}
    assert _under("hub.store", {"hub.store"}) and not _under("hub.stores", {"hub.store"})
