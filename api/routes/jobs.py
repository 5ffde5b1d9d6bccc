"""Background jobs (IATI imports) as their submitters and staff see them."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import Caller, Jobs
from api.errors import problems
from api.schemas import JobPublic, public_job

__all__ = ["router"]

router = APIRouter(tags=["data"], responses=problems(401, 503))


@router.get("/jobs/{job_id}", responses=problems(404))
def get_job(jobs: Jobs, caller: Caller, job_id: str) -> JobPublic:
    """How an import goes: queued, running (bytes read), done (counts) or failed (why)."""
    return public_job(jobs.get(caller, job_id))
