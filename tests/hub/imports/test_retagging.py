"""Imports tag with keywords; the background job re-tags with the multilingual tagger,
batch by batch, resumably, one job at a time, never over a person's objectives."""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.access import OPERATOR
from hub.domain.activities import Activity, ObjectiveSource, Partnership
from hub.domain.errors import Conflict
from hub.domain.records import ObjectiveOrigin
from hub.imports.importer import import_file
from hub.imports.parsed import GCM_OBJECTIVES_URI, GCM_TAG_VOCABULARY
from hub.imports.retagging import pending, retag, retag_job
from hub.jobs import Job, JobKind, JobStatus, JobTable, RetagResult
from hub.objectives import import_tagger, multilingual_tags
from hub.store import Store, repository
from tests.hub.test_iati_import import activity, write

SPAIN = "maec-spain-indonesia-2.01-first12.xml"  # 12 activities


class Tagging:
    """A tagger with a known answer (objective 7 for every text) that records its batches."""

    def __init__(self, stop_at: int | None = None) -> None:
        self.batches: list[list[str]] = []
        self.stop_at = stop_at

    def __call__(self, texts: list[str]) -> list[list[int]]:
        if len(self.batches) == self.stop_at:
            raise KeyboardInterrupt
        self.batches.append(texts)
        return [[7] for _ in texts]


def activities(store: Store) -> dict[str, Activity]:
    return {a.id: a for a in repository.list_records(store, Activity)}


def test_an_import_marks_its_suggestions_as_the_keyword_taggers(
    store: Store, iati_dir: Path
) -> None:
    import_file(store, iati_dir / "fixtures" / SPAIN, tag=import_tagger(store))
    stored = activities(store).values()
    assert {(a.objective_origin, a.objective_source) for a in stored} == {
        (ObjectiveOrigin.SUGGESTED, ObjectiveSource.KEYWORDS)
    }
    assert sorted(pending(store)) == sorted(a.id for a in stored)


def test_a_stopped_job_keeps_its_batches_and_the_next_goes_on(
    store: Store, iati_dir: Path, tmp_path: Path
) -> None:
    import_file(store, iati_dir / "fixtures" / SPAIN, tag=import_tagger(store))
    table = JobTable(tmp_path / "jobs.db")
    seen: list[Job] = []
    with pytest.raises(KeyboardInterrupt):
        retag_job(store, table, OPERATOR, Tagging(stop_at=2), seen.append, batch=3)
    stopped = seen[-1]
    assert [j.progress.done for j in seen] == [3, 6] and stopped.progress.total == 12
    failed = table.get(OPERATOR, stopped.id)
    assert failed.status is JobStatus.FAILED and failed.failure is not None
    assert "run it again" in failed.failure.detail
    done = {i for i, a in activities(store).items() if a.objectives == [7]}
    assert len(done) == 6 and all(
        activities(store)[i].objective_source is ObjectiveSource.MULTILINGUAL for i in done
    )

    again = Tagging()
    job = retag_job(store, table, OPERATOR, again, batch=3)
    assert job.status is JobStatus.DONE and job.result == RetagResult(retagged=6, skipped=0)
    assert sum(map(len, again.batches)) == 6  # the first job's batches are not tagged again
    assert pending(store) == []
    assert table.get(OPERATOR, job.id) == job


def test_one_retag_job_at_a_time(tmp_path: Path) -> None:
    table = JobTable(tmp_path / "jobs.db")
    running = Job.new(OPERATOR, "", None, JobKind.RETAG).model_copy(
        update={"status": JobStatus.RUNNING}
    )
    table.begin(running)
    with pytest.raises(Conflict, match=running.id):
        table.begin(Job.new(OPERATOR, "", None, JobKind.RETAG))
    table.begin(Job.new(OPERATOR, "other.xml", 1))  # an import is another kind of job
    table.save(running.model_copy(update={"status": JobStatus.DONE, "finished": running.created}))
    table.begin(Job.new(OPERATOR, "", None, JobKind.RETAG))


def test_confirmed_objectives_and_activities_changed_meanwhile_are_left(
    store: Store, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "a.xml",
        "".join(activity(f"A-{n}", (4, "IOM"), (4, "NRC")) for n in range(3)),
    )
    import_file(store, path, tag=lambda texts: [[2] for _ in texts])
    confirmed = repository.get(store, Activity, "A-0").model_copy(
        update={"objectives": [5], "objective_origin": ObjectiveOrigin.CONFIRMED}
    )
    with store.batch() as writer:
        repository.save(store, writer, confirmed)
    assert sorted(pending(store)) == ["A-1", "A-2"]

    def confirm_one_meanwhile(texts: list[str]) -> list[list[int]]:
        changed = repository.get(store, Activity, "A-2").model_copy(
            update={"objective_origin": ObjectiveOrigin.CONFIRMED}
        )
        with store.batch() as writer:
            repository.save(store, writer, changed)
        return [[9, 1] for _ in texts]

    report = retag(store, confirm_one_meanwhile, pending(store))
    assert (report.retagged, report.skipped) == (1, 1)
    stored = activities(store)
    assert stored["A-0"].objectives == [5]
    assert stored["A-1"].objectives == [1, 9]
    assert stored["A-1"].objective_source is ObjectiveSource.MULTILINGUAL
    assert stored["A-2"].objectives == [2] and stored["A-2"].objective_source is not None
    # the co-implementation partnership made of an activity shares its objectives
    assert repository.get(store, Partnership, "iati-partnership:A-1").objectives == [1, 9]


def test_reimporting_keeps_the_multilingual_and_confirmed_objectives(
    store: Store, iati_dir: Path
) -> None:
    path = iati_dir / "fixtures" / SPAIN
    import_file(store, path, tag=import_tagger(store))
    retag(store, Tagging(), pending(store))
    first = activities(store)
    counts = store.counts()
    import_file(store, path, tag=import_tagger(store))
    assert activities(store) == first and store.counts() == counts
    assert pending(store) == []


def test_the_multilingual_tagger_gives_what_it_gives_at_intake(
    store: Store, iati_dir: Path
) -> None:
    import_file(store, iati_dir / "fixtures" / "dfid-albania-2.01.xml", tag=import_tagger(store))
    before = activities(store)
    tag = multilingual_tags(store)
    retag(store, tag, pending(store), batch=3)
    after = activities(store)
    texts = ["\n".join([*a.title.values(), *a.description.values()]) for a in before.values()]
    assert [after[i].objectives for i in before] == tag(texts)


def test_objectives_the_file_tags_are_left_to_the_file(store: Store, tmp_path: Path) -> None:
    said = (
        f'<tag vocabulary="{GCM_TAG_VOCABULARY}" vocabulary-uri="{GCM_OBJECTIVES_URI}" code="10"/>'
    )
    tagged = activity("T-1", (4, "IOM")).replace("</iati-activity>", f"{said}</iati-activity>")
    path = write(tmp_path / "t.xml", tagged + activity("U-1", (4, "IOM")))
    import_file(store, path, tag=lambda texts: [[2] for _ in texts])
    stored = activities(store)
    assert stored["T-1"].objectives == [10]
    assert stored["T-1"].objective_source is ObjectiveSource.PUBLISHER
    assert pending(store) == ["U-1"]
