"""Bulk data in and out: IATI upload (a background job, all or nothing) and the open-data export."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.deps import Caller, Imports, Store
from api.errors import problems
from api.schemas import JobPublic, public_job
from api.schemas.reference import OpenData
from hub import opendata
from hub.domain.errors import InvalidInput
from hub.imports.uploads import admit

router = APIRouter(tags=["data"], responses=problems(503))

IATI_UPLOAD = "/import/iati"
"""Where IATI files are uploaded; bodies here have the upload limit, not the JSON one."""


class CsvResponse(PlainTextResponse):
    media_type = "text/csv"


_FORM = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {"file": {"type": "string", "format": "binary"}},
                }
            }
        },
    }
}
"""The body, documented by hand: declared as a parameter, FastAPI would read it before the key."""


@router.post(
    IATI_UPLOAD,
    status_code=202,
    responses={
        202: {
            "description": "The import is queued as a job",
            "headers": {
                "Location": {
                    "description": "The job, to follow with GET",
                    "schema": {"type": "string"},
                }
            },
        },
        **problems(400, 401, 403, 413, 422),
    },
    openapi_extra=_FORM,
)
async def import_iati(
    request: Request, response: Response, caller: Caller, imports: Imports
) -> JobPublic:
    """Queue the import of one IATI activity file; `Location` is its job.

    The key and role are checked before the body is read. The job ends `done` with the
    counts, or `failed` with a problem naming the place; a bad file stores nothing.
    """
    admit(caller)
    form = await request.form(max_files=1)
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InvalidInput("file: the upload needs a form field `file` holding the IATI XML")
        name = upload.filename or "upload.xml"
        job = await run_in_threadpool(imports.submit, caller, name, upload.file)
    finally:
        await form.close()
    response.headers["Location"] = str(request.app.url_path_for("get_job", job_id=job.id))
    return public_job(job)


@router.get("/export.json")
def export_json(store: Store) -> OpenData:
    """Everything public: stakeholders, offers, partnerships and activities."""
    return OpenData.model_validate(opendata.export_json(store))


@router.get("/export/{kind}.csv", response_class=CsvResponse, responses=problems(404))
def export_csv(store: Store, kind: str) -> CsvResponse:
    """One public table as CSV: stakeholders, offers, partnerships or activities."""
    return CsvResponse(opendata.export_csv(store, kind))
