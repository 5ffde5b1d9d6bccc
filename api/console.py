"""The web console, served by the same process as the API.

The page is `/console/`; our own assets are under `/console/static/`; third-party
libraries come from `web/node_modules` under `/console/lib/<package>/<file>`, and only
the files named in `LIBRARIES` are served, so the hub never exposes what npm happened
to install. Nothing is fetched from elsewhere: the console works offline.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from api.deps import Caller, Store
from hub import records
from hub.domain.records import Stakeholder

__all__ = ["LIBRARIES", "WEB", "missing_libraries", "router"]

WEB = Path(__file__).resolve().parents[1] / "web"
STATIC = WEB / "static"
NODE_MODULES = WEB / "node_modules"

# Package → the files of it the console loads. Anything else in node_modules is a 404.
LIBRARIES: dict[str, frozenset[str]] = {
    "cytoscape": frozenset({"dist/cytoscape.esm.min.mjs", "LICENSE"}),
}

INSTALL_HINT = "scripts/setup-browser (or: npm ci --prefix web)"

_MEDIA_TYPES = {
    ".css": "text/css",
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".png": "image/png",
    ".ico": "image/x-icon",
    "": "text/plain",  # LICENSE files
}

# Everything from this origin; inline styles only because the graph library sets them.
_PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}

_NOTICE_MARK = "<!-- console:notice -->"

router = APIRouter(include_in_schema=False)


def missing_libraries(node_modules: Path | None = None) -> list[str]:
    """The whitelisted packages whose files are not installed."""
    node_modules = node_modules or NODE_MODULES
    return sorted(
        package
        for package, files in LIBRARIES.items()
        if not all((node_modules / package / name).is_file() for name in files)
    )


def _notice(missing: list[str]) -> str:
    return (
        '<section class="notice" role="alert"><h2>Some console libraries are not installed'
        f"</h2><p>Missing: {', '.join(missing)}. The graph view needs them. Install them "
        f"from the repository root with <code>{INSTALL_HINT}</code>, then reload.</p></section>"
    )


def _served_file(root: Path, relative: str) -> FileResponse:
    """A file under `root`, or 404 for anything outside it, hidden or of an unknown type."""
    parts = PurePosixPath(relative).parts
    if (
        not parts
        or "\\" in relative
        or "\x00" in relative
        or any(part in ("..", "/") or part.startswith(".") for part in parts)
    ):
        raise HTTPException(404, "no such console file")
    path = (root / Path(*parts)).resolve()
    media_type = _MEDIA_TYPES.get(path.suffix)
    if media_type is None or not path.is_relative_to(root.resolve()) or not path.is_file():
        raise HTTPException(404, "no such console file")
    return FileResponse(path, media_type=media_type, headers={"X-Content-Type-Options": "nosniff"})


@router.get("/")
def root() -> RedirectResponse:
    return RedirectResponse("/console/", status_code=307)


@router.get("/console")
def console_without_slash() -> RedirectResponse:
    return RedirectResponse("/console/", status_code=307)


@router.get("/console/", response_class=HTMLResponse)
def console_page() -> HTMLResponse:
    """The single page; it says how to install the libraries when they are missing."""
    page = (WEB / "index.html").read_text(encoding="utf-8")
    missing = missing_libraries()
    if missing:
        page = page.replace(_NOTICE_MARK, _notice(missing))
    return HTMLResponse(page, headers=_PAGE_HEADERS)


@router.get("/console/session")
def session(store: Store, caller: Caller) -> dict[str, Any]:
    """Who the presented key stands for, so the console shows what the role may use."""
    name = None
    if caller.stakeholder is not None:
        name = records.get(store, caller, Stakeholder, caller.stakeholder).name
    return {
        "role": caller.role.value,
        "stakeholder": caller.stakeholder,
        "stakeholder_name": name,
        "sees_all": caller.sees_all,
    }


@router.get("/console/static/{relative:path}")
def static_file(relative: str) -> FileResponse:
    return _served_file(STATIC, relative)


@router.get("/console/lib/{package}/{relative:path}")
def library_file(package: str, relative: str) -> FileResponse:
    if relative not in LIBRARIES.get(package, frozenset()):
        raise HTTPException(404, f"the console serves no file {relative!r} of {package!r}")
    return _served_file(NODE_MODULES / package, relative)
