"""Background jobs (IATI imports) as their submitters and staff see them."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import Caller, Jobs
from api.errors import Problem, problems, status_for
from hub import errors
from hub.jobs import Job, JobProgress, JobResult, JobStatus

__all__ = ["JobPublic", "public", "router"]

router = APIRouter(tags=["data"], responses=problems(401, 503))


class JobPublic(BaseModel):
    id: str
    file: str
    status: JobStatus
    created: datetime
    started: datetime | None
    finished: datetime | None
    progress: JobProgress
    result: JobResult | None
    problem: Problem | None


def public(job: Job) -> JobPublic:
    """The job without whose process runs it; a failure as the problem the call would be."""
    found = None
    if job.failure is not None:
        kind = getattr(errors, job.failure.kind, None)
        known = isinstance(kind, type) and issubclass(kind, errors.HubError)
        found = Problem(
            title=job.failure.kind,
            status=status_for(kind) if known and kind is not None else 500,
            detail=job.failure.detail,
            instance=f"/api/v1/jobs/{job.id}",
        )
    return JobPublic(**job.model_dump(exclude={"failure", "pid", "submitter"}), problem=found)


@router.get("/jobs/{job_id}", responses=problems(404))
def get_job(jobs: Jobs, caller: Caller, job_id: str) -> JobPublic:
    """How an import goes: queued, running (bytes read), done (counts) or failed (why)."""
    return public(jobs.get(caller, job_id))
