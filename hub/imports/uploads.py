"""IATI files uploaded through the API: spooled to disk, then imported as background jobs.

One worker thread imports the uploads in the order they came, so an upload never
holds up the caller, and two uploads never compete for the store's one writer. Each
file is still one transaction: readers see all of it or none of it, and a write from
elsewhere waits for it (up to the store's wait) instead of failing. The caller's
filename only labels the job and its errors; it is never part of a path.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from hub import merges
from hub.access import Principal, require
from hub.domain.errors import InvalidInput
from hub.domain.fields import text_problem
from hub.domain.keys import Role
from hub.imports.importer import import_file
from hub.imports.parse import IatiError
from hub.imports.registry import OrganisationRegistry
from hub.jobs import INTERRUPTED, Job, JobFailure, JobResult, JobStatus, JobTable, failure_of
from hub.objectives import import_tagger
from hub.store import GraphError, Store
from hub.store.errors import from_graph

__all__ = ["MAX_FILENAME", "ImportQueue", "admit", "upload_label"]


MAX_FILENAME = 255
"""The longest file name most file systems allow."""


def upload_label(filename: str) -> str:
    """The name a caller gave an upload, as reports show it: its last part, plainly written."""
    label = PurePosixPath(filename.replace("\\", "/")).name
    problem = text_problem(label)
    if problem is None and label in ("", ".", ".."):
        problem = "names no file"
    elif problem is None and len(label) > MAX_FILENAME:
        problem = f"is {len(label)} characters long, more than {MAX_FILENAME}"
    if problem is not None:
        raise InvalidInput(f"file: the upload's filename {filename[:40]!r} {problem}")
    return label


_PROGRESS_EVERY = 0.5
"""Seconds between two progress notes of a running import."""


def admit(principal: Principal) -> None:
    """Whether the caller may import; asked before a byte of the upload is read."""
    require(principal, Role.COORDINATOR)


class _Stopping(Exception):
    """Raised inside a running import when the hub shuts down; the import rolls back."""


class ImportQueue:
    """Upload imports as jobs, one at a time, recorded in `table`."""

    def __init__(
        self, store: Store, table: JobTable, registry: OrganisationRegistry | None = None
    ) -> None:
        self._store = store
        self._table = table
        self._registry = registry
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="gcm-hub-import")
        self._stopping = threading.Event()
        self._queued: dict[str, tuple[Job, Path]] = {}
        self._lock = threading.Lock()

    def submit(self, principal: Principal, filename: str, content: BinaryIO) -> Job:
        """Spool the upload and queue its import; the job says how it goes."""
        admit(principal)
        label = upload_label(filename)
        folder = Path(tempfile.mkdtemp(prefix="gcm-hub-upload-"))
        spool = folder / "upload.xml"  # never the caller's name: it may be `..` or too long
        with spool.open("wb") as out:
            shutil.copyfileobj(content, out)
        job = Job.new(principal, label, spool.stat().st_size)
        self._table.save(job)
        with self._lock:
            self._queued[job.id] = (job, spool)
        self._worker.submit(self._run, job, spool)
        return job

    def _run(self, job: Job, spool: Path) -> None:
        with self._lock:
            self._queued.pop(job.id, None)
        job = job.model_copy(update={"status": JobStatus.RUNNING, "started": datetime.now(UTC)})
        self._table.save(job)
        noted = time.monotonic()

        def note(read: int) -> None:
            nonlocal job, noted
            if self._stopping.is_set():
                raise _Stopping
            progress = job.progress.model_copy(
                update={"bytes_read": job.progress.bytes_read + read}
            )
            job = job.model_copy(update={"progress": progress})
            if time.monotonic() - noted >= _PROGRESS_EVERY:
                self._table.save(job)
                noted = time.monotonic()

        try:
            tag = import_tagger(self._store)
            report = import_file(self._store, spool, note, tag=tag, registry=self._registry)
        except _Stopping:
            self._finish(job, failure=_interrupted("while it ran"))
        except IatiError as error:  # name the file as the caller knows it
            detail = str(error).replace(str(spool), job.file)
            self._finish(job, failure=failure_of(error).model_copy(update={"detail": detail}))
        except GraphError as error:
            self._finish(job, failure=failure_of(from_graph(error)))
        except Exception as error:  # the job records it; the worker goes on
            self._finish(job, failure=failure_of(error))
        else:
            result = JobResult(
                activities=report.activities,
                organisations=report.organisations,
                edges=report.edges,
                nodes_added=report.nodes_added,
                edges_added=report.edges_added,
            )
            # pairs that may be one organisation wait for review
            merges.propose(self._store, merges.IMPORT_ACTOR)
            self._finish(job, result=result)
        finally:
            shutil.rmtree(spool.parent, ignore_errors=True)

    def _finish(
        self, job: Job, *, result: JobResult | None = None, failure: JobFailure | None = None
    ) -> None:
        status = JobStatus.FAILED if failure else JobStatus.DONE
        progress = job.progress
        if result is not None:
            progress = progress.model_copy(update={"bytes_read": progress.bytes_total or 0})
        self._table.save(
            job.model_copy(
                update={
                    "status": status,
                    "finished": datetime.now(UTC),
                    "progress": progress,
                    "result": result,
                    "failure": failure,
                }
            )
        )

    def close(self) -> None:
        """Stop the running import (it rolls back) and drop the queued ones, as failed."""
        self._stopping.set()
        self._worker.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            dropped, self._queued = list(self._queued.values()), {}
        for job, spool in dropped:
            self._finish(job, failure=_interrupted("before it started"))
            shutil.rmtree(spool.parent, ignore_errors=True)


def _interrupted(when: str) -> JobFailure:
    return JobFailure(
        kind=INTERRUPTED, detail=f"the hub stopped {when}; nothing of the file was stored"
    )
