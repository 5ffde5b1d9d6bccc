"""Exports as the caller may see them: IATI XML, and any coordinator's list as CSV or Excel."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import AppSettings, Caller, Store
from api.errors import problems
from hub.knowledge import exports
from hub.knowledge.iati_export import Reporter, organisations_xml, partnerships_xml

router = APIRouter(prefix="/export", tags=["data"], responses=problems(401, 503))

_XML: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/xml": {"schema": {"type": "string"}}}},
    **problems(422),
}
_FILES: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            media: {"schema": {"type": "string", "format": "binary"}}
            for media in exports.MEDIA_TYPES.values()
        }
    },
    **problems(403, 404, 422),
}


class XmlResponse(Response):
    media_type = "application/xml"


@router.get("/iati", response_class=XmlResponse, responses=_XML)
def iati_activities(store: Store, caller: Caller, settings: AppSettings) -> XmlResponse:
    """Partnerships the caller may see as IATI 2.03 activities (GCM objectives as tags)."""
    return XmlResponse(partnerships_xml(store, caller, Reporter.from_settings(settings)))


@router.get("/iati-org", response_class=XmlResponse, responses=_XML)
def iati_organisations(store: Store, caller: Caller, settings: AppSettings) -> XmlResponse:
    """The hub's stakeholders as an IATI 2.03 organisation file."""
    return XmlResponse(organisations_xml(store, caller, Reporter.from_settings(settings)))


@router.get("/lists")
def list_names() -> list[str]:
    """The lists that export as CSV or Excel."""
    return list(exports.LISTS)


@router.get(
    "/lists/{name}", response_class=Response, responses={**_FILES, **problems(403, 404, 422)}
)
def export_list(
    store: Store,
    caller: Caller,
    name: str,
    format: Annotated[exports.Format, Query(description="csv or xlsx")] = exports.Format.CSV,
    group: Annotated[str | None, Query(description="The group of group-requests")] = None,
) -> Response:
    """One list, every page of it, as the caller sees it in JSON: CSV or an Excel workbook."""
    found = exports.list_table(store, caller, name, {"group": group} if group else {})
    return Response(
        exports.render(found, format),
        media_type=exports.MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}.{format.value}"'},
    )
