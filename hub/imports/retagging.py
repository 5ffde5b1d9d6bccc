"""Imported activities re-tagged by the multilingual tagger, batch by batch, after the import.

An import tags with the keyword tagger (~0.1 ms an activity), which keeps it above 2,000
activities a second; the multilingual tagger costs ~12 ms an activity. So the import
stores keyword suggestions marked as such (`ObjectiveSource.KEYWORDS`), and this job
replaces them afterwards. Each batch is its own transaction, and what is left is always
"activities the multilingual tagger has not tagged", so a job stopped anywhere loses at
most its open batch and the next one goes on from there. Objectives a person confirmed
are never touched, nor an activity that changed while its batch was being tagged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from hub.access import Principal
from hub.domain.activities import Activity, ObjectiveSource, Partnership
from hub.domain.records import ObjectiveOrigin
from hub.imports.tagging_worker import Tagger
from hub.jobs import (
    INTERRUPTED,
    Job,
    JobFailure,
    JobKind,
    JobStatus,
    JobTable,
    RetagResult,
    failure_of,
)
from hub.store import PropertyValue, Store, Writer
from hub.store.codec import from_node, to_node

__all__ = ["BATCH", "RetagReport", "pending", "retag", "retag_job"]

BATCH = 256
"""Activities tagged together (the embedding is batched) and written in one transaction."""


@dataclass(frozen=True, slots=True)
class RetagReport:
    retagged: int
    skipped: int
    """Activities confirmed, re-tagged or reworded by someone else while their batch ran."""


_SETTLED = (ObjectiveSource.MULTILINGUAL.value, ObjectiveSource.PUBLISHER.value)
"""Objectives the job leaves: the multilingual tagger's, and those the file itself said."""


def _waiting(properties: Mapping[str, PropertyValue]) -> bool:
    return (
        properties.get("objective_origin", ObjectiveOrigin.SUGGESTED.value)
        == ObjectiveOrigin.SUGGESTED.value
        and properties.get("objective_source") not in _SETTLED
    )


def pending(store: Store) -> list[str]:
    """Ids of the activities whose suggested objectives the multilingual tagger has yet to
    give, in the store's order (one pass over the activities, no decoding)."""
    return [node.id for node in store.nodes("Activity") if _waiting(node.properties)]


def _text(activity: Activity) -> str:
    return "\n".join([*activity.title.values(), *activity.description.values()])


def _read(store: Store, ids: Sequence[str]) -> list[Activity]:
    nodes = (store.node(i) for i in ids)
    return [
        from_node(Activity, node)
        for node in nodes
        if node is not None and node.label == "Activity" and _waiting(node.properties)
    ]


def _write(writer: Writer, store: Store, activity: Activity, objectives: list[int]) -> None:
    writer.upsert_node(
        to_node(
            activity.model_copy(
                update={"objectives": objectives, "objective_source": ObjectiveSource.MULTILINGUAL}
            )
        )
    )
    # The co-implementation partnership the import made of the activity shares its objectives.
    node = store.node(f"iati-partnership:{activity.id}")
    if node is not None and node.label == "Partnership":
        partnership = from_node(Partnership, node)
        writer.upsert_node(to_node(partnership.model_copy(update={"objectives": objectives})))


def retag(
    store: Store,
    tag: Tagger,
    ids: Sequence[str],
    on_batch: Callable[[int], None] | None = None,
    batch: int = BATCH,
) -> RetagReport:
    """Give the activities `ids` (see `pending`) the objectives `tag` finds, batch by batch.

    `tag` runs outside any transaction (it is the slow part); each batch is then written
    in one, after reading its activities again: one that changed meanwhile is skipped.
    `on_batch` receives the number of ids each finished batch covered.
    """
    retagged = skipped = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        activities = _read(store, chunk)
        found = tag([_text(a) for a in activities]) if activities else []
        with store.batch() as writer:
            now = {a.id: a for a in _read(store, [a.id for a in activities])}
            for activity, objectives in zip(activities, found, strict=True):
                if now.get(activity.id) != activity:
                    skipped += 1
                    continue
                _write(writer, store, activity, sorted(objectives))
                retagged += 1
        if on_batch is not None:
            on_batch(len(chunk))
    return RetagReport(retagged, skipped)


def retag_job(
    store: Store,
    table: JobTable,
    principal: Principal,
    tag: Tagger,
    on_progress: Callable[[Job], None] | None = None,
    batch: int = BATCH,
) -> Job:
    """`retag` every pending activity as a job recorded in `table`, one at a time.

    The job's progress counts activities; `on_progress` sees it after each batch. A
    second job while one runs is refused (`Conflict`). Stopped by an error or Ctrl-C,
    the job is recorded as failed and what its finished batches stored stays.
    """
    ids = pending(store)
    job = Job.new(principal, "", None, JobKind.RETAG)
    job = job.model_copy(
        update={
            "status": JobStatus.RUNNING,
            "started": datetime.now(UTC),
            "progress": job.progress.model_copy(update={"total": len(ids)}),
        }
    )
    table.begin(job)

    def note(done: int) -> None:
        nonlocal job
        progress = job.progress.model_copy(update={"done": job.progress.done + done})
        job = job.model_copy(update={"progress": progress})
        table.save(job)
        if on_progress is not None:
            on_progress(job)

    try:
        report = retag(store, tag, ids, note, batch)
    except BaseException as error:
        stopped = isinstance(error, KeyboardInterrupt)
        failure = JobFailure(kind=INTERRUPTED, detail=_STOPPED) if stopped else failure_of(error)
        table.save(_ended(job, JobStatus.FAILED, failure=failure))
        raise
    job = _ended(job, JobStatus.DONE, result=RetagResult(**asdict(report)))
    table.save(job)
    return job


def _ended(job: Job, status: JobStatus, **outcome: RetagResult | JobFailure) -> Job:
    return job.model_copy(update={**outcome, "status": status, "finished": datetime.now(UTC)})


_STOPPED = "stopped before the end; the batches tagged so far are kept, run it again to go on"
