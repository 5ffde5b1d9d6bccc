"""Tagging a large import in a worker process, and what an import does to the collector."""

from __future__ import annotations

import gc
import multiprocessing
import threading
from pathlib import Path

import pytest

from graph.sqlite import SqliteGraphStore
from hub.imports.importer import import_file
from hub.imports.parse import IatiError
from hub.matchmaking.tagging import import_tagger
from hub.store import Edge, Node


def snapshot(path: Path) -> tuple[list[Node], list[Edge]]:
    store = SqliteGraphStore(path)
    try:
        return list(store.nodes()), list(store.edges())
    finally:
        store.close()


def imported(path: Path, source: Path, in_worker: bool) -> tuple[list[Node], list[Edge]]:
    store = SqliteGraphStore(path)
    try:
        tag = import_tagger()
        report = import_file(store, source, tag=tag, tag_in_worker=in_worker)
        assert report.activities > 0
    finally:
        store.close()
    return snapshot(path)


def test_a_worker_tags_exactly_as_the_importing_process_does(
    iati_dir: Path, tmp_path: Path
) -> None:
    somalia = iati_dir / "somalia-3w-2021.xml"  # four chunks: the worker runs ahead
    here = imported(tmp_path / "here.db", somalia, in_worker=False)
    beside = imported(tmp_path / "beside.db", somalia, in_worker=True)
    assert beside == here
    tagged = [n for n in here[0] if n.label == "Activity" and n.properties.get("objectives")]
    assert len(tagged) > 100, "the comparison must cover tagged activities"
    assert multiprocessing.active_children() == []


class Refuses:
    """A tagger that pickles, and fails in the worker."""

    def __call__(self, texts: list[str]) -> list[list[int]]:
        raise RuntimeError(f"cannot tag {len(texts)} texts")


def test_an_error_in_the_worker_stores_nothing(iati_dir: Path, tmp_path: Path) -> None:
    store = SqliteGraphStore(tmp_path / "hub.db")
    with pytest.raises(RuntimeError, match="cannot tag 512 texts"):
        import_file(store, iati_dir / "somalia-3w-2021.xml", tag=Refuses(), tag_in_worker=True)
    assert store.counts().nodes == {}
    store.close()
    assert multiprocessing.active_children() == []


def test_a_broken_file_tagged_in_a_worker_stores_nothing(tmp_path: Path) -> None:
    good = "".join(
        f"<iati-activity><iati-identifier>OK-{i}</iati-identifier>"
        f"<title><narrative>Return and reintegration {i}</narrative></title></iati-activity>"
        for i in range(1200)
    )
    path = tmp_path / "half.xml"
    path.write_text(f"<iati-activities>{good}<iati-activity><iati-identifier>BROKEN")
    store = SqliteGraphStore(tmp_path / "hub.db")
    tag = import_tagger()
    with pytest.raises(IatiError, match=r"half\.xml: malformed XML"):
        import_file(store, path, tag=tag, tag_in_worker=True)
    assert store.counts().nodes == {}
    store.close()
    assert multiprocessing.active_children() == []


def test_imports_leave_the_collector_as_they_found_it(iati_dir: Path, tmp_path: Path) -> None:
    before = gc.get_threshold()
    store = SqliteGraphStore(tmp_path / "hub.db")
    during: list[int] = []

    def note_threshold(texts: list[str]) -> list[list[int]]:
        during.append(gc.get_threshold()[0])
        return [[] for _ in texts]

    import_file(store, iati_dir / "fixtures" / "dfid-albania-2.01.xml", tag=note_threshold)
    assert during and min(during) > before[0], "an import collects less often"
    files = [iati_dir / "somalia-3w-2021.xml", *sorted((iati_dir / "fixtures").glob("*.xml"))]
    threads = [threading.Thread(target=import_file, args=(store, path)) for path in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.counts().nodes["Activity"] > 1709
    with pytest.raises(IatiError):
        import_file(store, tmp_path / "missing.xml")
    store.close()
    assert gc.get_threshold() == before
