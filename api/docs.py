"""The interactive API docs, /docs (Swagger UI) and /redoc, served from local files.

FastAPI's own pages load Swagger UI and Redoc from a CDN, so offline they are blank, and
their inline scripts would need a weaker Content-Security-Policy. These pages load the
dist files that the `fastapi-offline` package ships (Swagger UI, Redoc) from
`/docs/assets/`, and start Swagger UI from a script of ours there, so that the CSP
allows scripts from this origin only.
"""

from __future__ import annotations

from html import escape
from importlib.resources import files

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

__all__ = ["router"]

_DIST = files("fastapi_offline") / "static"

_ASSETS = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}

_SWAGGER_START = """\
window.addEventListener("load", () => {
  window.ui = SwaggerUIBundle({
    url: document.body.dataset.openapi,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
    layout: "BaseLayout",
  });
});
"""

# Scripts from this origin only; Swagger UI and Redoc style their elements inline, and
# Redoc searches in a worker it starts from a blob.
DOCS_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

router = APIRouter(include_in_schema=False)


def _page(request: Request, what: str, head: str, body: str) -> HTMLResponse:
    """A page titled after the app, its body given the OpenAPI document's address."""
    html = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(request.app.title)} - {what}</title>"
        f'<link rel="icon" href="/docs/assets/favicon.png">{head}</head>'
        f"{body.format(openapi=escape(request.app.openapi_url))}</html>"
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": DOCS_POLICY})


@router.get("/docs")
def swagger_ui(request: Request) -> HTMLResponse:
    return _page(
        request,
        "API",
        '<link rel="stylesheet" href="/docs/assets/swagger-ui.css">',
        '<body data-openapi="{openapi}"><div id="swagger-ui"></div>'
        '<script src="/docs/assets/swagger-ui-bundle.js"></script>'
        '<script src="/docs/assets/swagger-start.js"></script></body>',
    )


@router.get("/redoc")
def redoc(request: Request) -> HTMLResponse:
    return _page(
        request,
        "API reference",
        "",
        '<body><redoc spec-url="{openapi}"></redoc>'
        '<script src="/docs/assets/redoc.standalone.js"></script></body>',
    )


@router.get("/docs/assets/swagger-start.js")
def swagger_start() -> Response:
    return Response(_SWAGGER_START, media_type="text/javascript")


@router.get("/docs/assets/{name}")
def asset(name: str) -> FileResponse:
    if name not in _ASSETS:
        raise HTTPException(404, f"the docs serve no file {name!r}")
    return FileResponse(str(_DIST / name), media_type=_ASSETS[name])
