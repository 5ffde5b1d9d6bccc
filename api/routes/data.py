"""Bulk data in and out: IATI upload (all or nothing) and the open-data export."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, UploadFile
from fastapi.responses import PlainTextResponse

from api.deps import Caller, Registry, Store
from api.errors import problems
from hub import opendata
from hub.uploads import import_upload

router = APIRouter(tags=["data"], responses=problems(503))

IATI_UPLOAD = "/import/iati"
"""Where IATI files are uploaded; bodies here have the upload limit, not the JSON one."""


class CsvResponse(PlainTextResponse):
    media_type = "text/csv"


@router.post(IATI_UPLOAD, status_code=201, responses=problems(400, 401, 403, 413, 422))
def import_iati(
    store: Store, caller: Caller, registry: Registry, file: UploadFile
) -> dict[str, Any]:
    """Import one IATI activity file; a bad file stores nothing and names the place."""
    return asdict(import_upload(store, caller, file.filename or "upload.xml", file.file, registry))


@router.get("/export.json")
def export_json(store: Store) -> dict[str, list[dict[str, Any]]]:
    """Everything public: stakeholders, offers, partnerships and activities."""
    return opendata.export_json(store)


@router.get("/export/{kind}.csv", response_class=CsvResponse, responses=problems(404))
def export_csv(store: Store, kind: str) -> CsvResponse:
    """One public table as CSV: stakeholders, offers, partnerships or activities."""
    return CsvResponse(opendata.export_csv(store, kind))
