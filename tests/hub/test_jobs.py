"""Job state outlives the process that ran the job, and never claims it is still running."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hub.access import PUBLIC, Principal
from hub.domain.errors import NotFound, Unauthorized
from hub.domain.keys import Role
from hub.jobs import Job, JobStatus, JobTable

SUBMITTER = Principal(Role.COORDINATOR, key="key-submitter")


def ended_process() -> int:
    """The pid of a process that has come and gone."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_job_left_running_by_a_dead_process_is_failed_on_reopening(tmp_path: Path) -> None:
    table = JobTable(tmp_path / "jobs.db")
    orphan = Job.new(SUBMITTER, "lost.xml", 10).model_copy(
        update={"status": JobStatus.RUNNING, "pid": ended_process()}
    )
    other_hub = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    alive = Job.new(SUBMITTER, "elsewhere.xml", 10).model_copy(
        update={"status": JobStatus.RUNNING, "pid": other_hub.pid}
    )
    table.save(orphan)
    table.save(alive)
    table.close()

    try:
        reopened = JobTable(tmp_path / "jobs.db")
    finally:
        other_hub.kill()
        other_hub.wait()
    settled = reopened.get(SUBMITTER, orphan.id)
    assert settled.status is JobStatus.FAILED and settled.finished is not None
    assert settled.failure is not None and settled.failure.kind == "Interrupted"
    assert "nothing of the file was stored" in settled.failure.detail
    assert reopened.get(SUBMITTER, alive.id).status is JobStatus.RUNNING  # another hub's
    reopened.close()


def test_only_the_submitter_and_staff_see_a_job(tmp_path: Path) -> None:
    table = JobTable(tmp_path / "jobs.db")
    job = Job.new(SUBMITTER, "mine.xml", 10)
    table.save(job)
    assert table.get(SUBMITTER, job.id) == job
    assert table.get(Principal(Role.ADMIN, key="key-admin"), job.id) == job
    with pytest.raises(Unauthorized):
        table.get(PUBLIC, job.id)
    with pytest.raises(NotFound, match=job.id):
        table.get(Principal(Role.PARTNER, "iom", key="key-partner"), job.id)
    table.close()
