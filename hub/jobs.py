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

from pydantic import BaseModel, ConfigDict

from hub.access import Principal
from hub.domain.errors import Conflict, HubError, NotFound, Unauthorized

__all__ = [
    "INTERRUPTED",
    "Job",
    "JobFailure",
    "JobKind",
    "JobProgress",
    "JobReport",
    "JobResult",
    "JobStatus",
    "JobTable",
    "RetagResult",
    "failure_of",
]


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class JobKind(StrEnum):
    IMPORT = "import"
    """An IATI file imported in one transaction."""
    RETAG = "retag"
    """Imported activities re-tagged by the multilingual tagger, a batch per transaction."""


class JobProgress(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True)

    bytes_read: int = 0
    """Bytes of the uploaded file read so far."""
    bytes_total: int | None = None
    """The file's size, when known."""
    done: int = 0
    """Items (activities) done, for jobs that count items rather than bytes."""
    total: int | None = None


class JobResult(BaseModel):
    """What an import stored, as the CLI reports it per file."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    activities: int
    """Activities stored from the file."""
    organisations: int
    """Organisations stored from the file."""
    edges: int
    """Edges stored from the file."""
    nodes_added: int
    """Nodes the store did not hold before."""
    edges_added: int
    """Edges the store did not hold before."""


class RetagResult(BaseModel):
    """What a re-tagging job changed."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    retagged: int
    skipped: int


class JobFailure(BaseModel):
    kind: str
    """The hub error's class name (`InvalidInput`, `Busy`, ...), or `Interrupted`."""
    detail: str


INTERRUPTED = "Interrupted"


_LOST = {
    "import": "nothing of the file was stored",
    "retag": "the batches tagged so far are kept, and the next re-tag goes on from there",
}
"""What a job interrupted by the hub stopping leaves behind, by kind."""


class JobReport(BaseModel):
    """What the API tells of a job; `Job` adds who submitted it, what runs it and why it
    failed, which the API tells as a problem. Every field is in every answer, defaults
    or not, and the schema says so."""

    model_config = ConfigDict(
        use_attribute_docstrings=True, json_schema_serialization_defaults_required=True
    )

    id: str
    kind: JobKind = JobKind.IMPORT
    """An IATI upload's import, or a re-tag of imported activities."""
    file: str
    """The uploaded file's name."""
    status: JobStatus = JobStatus.QUEUED
    created: datetime
    started: datetime | None = None
    finished: datetime | None = None
    progress: JobProgress = JobProgress()
    result: JobResult | RetagResult | None = None
    """What the import stored, or the re-tag changed, once `done`."""


class Job(JobReport):
    submitter: str
    failure: JobFailure | None = None
    pid: int
    """The process that runs it: when it is gone and the job unfinished, the job failed."""

    @classmethod
    def new(
        cls,
        principal: Principal,
        file: str,
        size: int | None,
        kind: JobKind = JobKind.IMPORT,
    ) -> Job:
        return cls(
            id=f"job-{secrets.token_hex(8)}",
            kind=kind,
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
                                detail="the hub stopped before the job finished; "
                                + _LOST[job.kind],
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

    def begin(self, job: Job) -> None:
        """Record a new job that must run alone: refused while another job of its kind
        is unfinished in a running process (this one included)."""
        unfinished = (
            "SELECT job FROM jobs WHERE json_extract(job, '$.finished') IS NULL"
            " AND coalesce(json_extract(job, '$.kind'), 'import') = ?"
        )
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for (encoded,) in self._db.execute(unfinished, (job.kind.value,)).fetchall():
                    other = Job.model_validate_json(encoded)
                    if other.pid == os.getpid() or _running(other.pid):
                        raise Conflict(
                            f"a {job.kind.value} job is already running ({other.id},"
                            f" since {other.created:%Y-%m-%d %H:%M} UTC): one at a time"
                        )
                self._db.execute(
                    "INSERT INTO jobs(id, job) VALUES (?, ?)", (job.id, job.model_dump_json())
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

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
