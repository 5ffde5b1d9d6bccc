"""Background jobs and where their state is kept, so that it outlives the process.

A job is written to its own small SQLite file beside the graph (not into the graph,
where progress writes would queue behind the very import they describe). A process
that dies mid-job cannot say so; the next one to open the file marks every unfinished
job of a process no longer running as failed, which is the truth: an import is one
transaction, so nothing of its file was stored.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import threading
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel

from hub.access import Principal
from hub.domain.errors import HubError, NotFound, Unauthorized

__all__ = [
    "INTERRUPTED",
    "Job",
    "JobFailure",
    "JobProgress",
    "JobResult",
    "JobStatus",
    "JobTable",
    "failure_of",
]


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobProgress(BaseModel):
    bytes_read: int = 0
    bytes_total: int | None = None


class JobResult(BaseModel):
    """What an import stored, as the CLI reports it per file."""

    activities: int
    organisations: int
    edges: int
    nodes_added: int
    edges_added: int


class JobFailure(BaseModel):
    kind: str
    """The hub error's class name (`InvalidInput`, `Busy`, ...), or `Interrupted`."""
    detail: str


INTERRUPTED = "Interrupted"


class Job(BaseModel):
    id: str
    file: str
    submitter: str
    status: JobStatus = JobStatus.QUEUED
    created: datetime
    started: datetime | None = None
    finished: datetime | None = None
    progress: JobProgress = JobProgress()
    result: JobResult | None = None
    failure: JobFailure | None = None
    pid: int
    """The process that runs it: when it is gone and the job unfinished, the job failed."""

    @classmethod
    def new(cls, principal: Principal, file: str, size: int | None) -> Job:
        return cls(
            id=f"job-{secrets.token_hex(8)}",
            file=file,
            submitter=principal.name,
            created=datetime.now(UTC),
            progress=JobProgress(bytes_total=size),
            pid=os.getpid(),
        )


def failure_of(error: BaseException) -> JobFailure:
    """The hub's word for why a job failed; an error it did not expect names only its type."""
    if isinstance(error, HubError):
        kind = next(c for c in type(error).__mro__ if c.__module__ == HubError.__module__)
        return JobFailure(kind=kind.__name__, detail=str(error))
    return JobFailure(kind="InternalError", detail=f"the job failed: {type(error).__name__}")


def _running(pid: int) -> bool:
    if pid == os.getpid():  # this process has only just opened the table
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class JobTable:
    """Jobs as JSON rows in `path`; safe to share between threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, job TEXT NOT NULL)")
        self._lock = threading.Lock()
        self._settle_orphans()

    def _settle_orphans(self) -> None:
        unfinished = "SELECT job FROM jobs WHERE json_extract(job, '$.finished') IS NULL"
        for (encoded,) in self._db.execute(unfinished).fetchall():
            job = Job.model_validate_json(encoded)
            if not _running(job.pid):
                self.save(
                    job.model_copy(
                        update={
                            "status": JobStatus.FAILED,
                            "finished": datetime.now(UTC),
                            "failure": JobFailure(
                                kind=INTERRUPTED,
                                detail="the hub stopped before the job finished;"
                                " nothing of the file was stored",
                            ),
                        }
                    )
                )

    def save(self, job: Job) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO jobs(id, job) VALUES (?, ?)"
                " ON CONFLICT(id) DO UPDATE SET job = excluded.job",
                (job.id, job.model_dump_json()),
            )

    def get(self, principal: Principal, job_id: str) -> Job:
        """The job, for its submitter and staff; to anyone else it does not exist."""
        if principal.key is None:
            raise Unauthorized("jobs need an API key")
        with self._lock:
            row = self._db.execute("SELECT job FROM jobs WHERE id = ?", (job_id,)).fetchone()
        job = Job.model_validate_json(row[0]) if row else None
        if job is None or not (principal.sees_all or principal.name == job.submitter):
            raise NotFound(f"no job with id {job_id!r}")
        return job

    def close(self) -> None:
        with self._lock:
            self._db.close()
