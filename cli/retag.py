"""`gcm-hub import retag`: imported activities re-tagged by the multilingual tagger."""

from __future__ import annotations

import typer
from rich.progress import MofNCompleteColumn

from cli.common import JsonFlag, console, import_app, print_json, progress_bar, store_session
from hub.access import OPERATOR
from hub.domain.settings import Settings
from hub.imports.retagging import retag_job
from hub.jobs import Job, JobTable, RetagResult
from hub.objectives import multilingual_tags


@import_app.command("retag")
def import_retag(
    batch: int = typer.Option(256, min=1, help="Activities tagged and stored together."),
    as_json: JsonFlag = False,
) -> None:
    """Re-tag imported activities with the multilingual tagger.

    Imports tag with the fast keyword tagger; this replaces those suggestions, a batch
    per transaction, never touching objectives a person confirmed. One runs at a time;
    stopped (Ctrl-C), it keeps what it did and the next run goes on from there.
    """
    table = JobTable(Settings().data_dir / "jobs.db")
    with (
        store_session() as store,
        progress_bar(MofNCompleteColumn(), quiet=as_json, label="re-tagging") as progress,
    ):
        task = progress.add_task("retag", total=None)

        def show(job: Job) -> None:
            progress.update(task, completed=job.progress.done, total=job.progress.total)

        try:
            job = retag_job(store, table, OPERATOR, multilingual_tags(store), show, batch)
        finally:
            table.close()
    result = job.result
    assert isinstance(result, RetagResult)  # a job that returns has finished well
    if as_json:
        print_json({"job": job.id, **result.model_dump()})
        return
    console.print(
        f"{result.retagged} activities re-tagged, {result.skipped} changed meanwhile and left"
        f" for the next run ({job.id})"
    )
