"""A fitted model is written as a versioned folder, whole or not at all, and read back
memory-mapped: readers only ever meet a complete version, even when a fit is killed."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from hub.domain.records import Stakeholder, StakeholderKind, SupportRequest
from hub.matchmaking import artifact, provider, refit
from hub.matchmaking.inputs import request_query
from hub.store import repository
from tests.hub.refit_support import Hub, hub
from tests.store_support import put

__all__ = ["hub"]

ROOT = Path(__file__).resolve().parents[2]


def _mapped(value: object, seen: set[int] | None = None) -> bool:
    """Whether any array reachable from `value`'s attributes is memory-mapped."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return False
    seen.add(id(value))
    if isinstance(value, np.memmap):
        return True
    children = vars(value).values() if hasattr(value, "__dict__") else ()
    if isinstance(value, dict):
        children = value.values()
    return any(_mapped(child, seen) for child in children)


def test_a_loaded_artifact_ranks_exactly_as_the_model_it_was_written_from(hub: Hub) -> None:
    learned = provider.learn(hub.store)
    stamp = artifact.write(hub.folder, hub.store.revision(), learned)
    found = artifact.load(hub.folder)
    assert found is not None and found[0] == stamp
    loaded: provider.Learned = found[1]
    assert _mapped(loaded.partners.recommender)  # large arrays are shared pages, not copies
    queries = [request_query(r) for r in repository.list_records(hub.store, SupportRequest)]
    assert len(queries) > 5
    assert loaded.partners.recommender.recommend(queries, n=5) == (
        learned.partners.recommender.recommend(queries, n=5)
    )
    text = queries[0].text
    np.testing.assert_array_equal(
        loaded.texts.meaning(text, loaded.texts.texts_[:20]),
        learned.texts.meaning(text, learned.texts.texts_[:20]),
    )


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    arrays=st.lists(
        hnp.arrays(
            st.sampled_from([np.float32, np.float64, np.int64, np.bool_]),
            hnp.array_shapes(max_dims=3, max_side=64),
        ),
        max_size=4,
    ),
    big=st.integers(0, 3),
)
def test_any_arrays_come_back_equal_and_shared_ones_stay_shared(
    tmp_path_factory: pytest.TempPathFactory, arrays: list[np.ndarray], big: int
) -> None:
    """Small arrays stay in the pickle, large ones become .npy files; either way they
    come back equal, and an array held twice comes back as one."""
    large = np.arange(big * 20_000, dtype=np.float64).reshape(-1, 4)
    model = {"arrays": arrays, "large": large, "again": large, "view": large.T}
    folder = tmp_path_factory.mktemp("artifact")
    artifact.write(folder, "1", model)
    found = artifact.load(folder)
    assert found is not None
    back = found[1]
    assert len(back["arrays"]) == len(arrays)
    for before, after in zip(arrays, back["arrays"], strict=True):
        np.testing.assert_array_equal(after, before)
        assert after.dtype == before.dtype
    np.testing.assert_array_equal(back["view"], large.T)
    assert back["again"] is back["large"]
    assert isinstance(back["large"], np.memmap) == (large.nbytes >= 64 * 1024)


def test_readers_see_the_previous_version_until_the_pointer_moves(tmp_path: Path) -> None:
    first = artifact.write(tmp_path, "7", {"weights": np.arange(100_000)})
    reached, release = threading.Event(), threading.Event()

    def hold() -> None:
        reached.set()
        release.wait()

    writer = threading.Thread(
        target=artifact.write,
        args=(tmp_path, "8", {"weights": np.zeros(3)}),
        kwargs={"before_swap": hold},
    )
    writer.start()
    reached.wait()
    try:
        assert (tmp_path / "000002").is_dir()  # complete on disk, not yet current
        token = artifact.latest(tmp_path)
        found = artifact.load(tmp_path)
        assert found is not None and found[0] == first
        np.testing.assert_array_equal(found[1]["weights"], np.arange(100_000))
    finally:
        release.set()
        writer.join()
    assert artifact.latest(tmp_path) != token
    found = artifact.load(tmp_path)
    assert found is not None and found[0].revision == "8" and found[0].version == "000002"


def test_pruning_keeps_the_newest_two_versions(tmp_path: Path) -> None:
    for revision in range(4):
        artifact.write(tmp_path, str(revision), [revision])
    (tmp_path / ".writing-left-by-a-killed-fit").mkdir()
    gone = artifact.prune(tmp_path)
    assert sorted(gone) == [".writing-left-by-a-killed-fit", "000001", "000002"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["000003", "000004", "current"]
    assert artifact.load(tmp_path) == (artifact.load_stamp(tmp_path), [3])


def test_a_fit_killed_mid_write_leaves_the_previous_model_in_use(hub: Hub) -> None:
    before = refit.fit_once(hub.settings, hub.folder, provider.learn)
    assert before is not None
    put(hub.store, Stakeholder(id="new-ngo", name="New NGO", kind=StakeholderKind.NGO))
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.hub.artifact_crash_child"],
        cwd=ROOT,
        env=hub.environment(),
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline() == "writing\n"
        with refit.FitLock(hub.folder, wait=False) as free:
            assert not free  # the child is the one fitting
    finally:
        child.kill()  # SIGKILL
        child.wait()
    assert any(p.name.startswith(".writing-") for p in hub.folder.iterdir())
    assert artifact.load_stamp(hub.folder) == before
    found = artifact.load(hub.folder)
    assert found is not None and "new-ngo" not in {c.id for c in found[1].partners.candidates}
    after = refit.fit_once(hub.settings, hub.folder, provider.learn)  # the lock died with it
    assert after is not None and after.revision == hub.store.revision() != before.revision
    found = artifact.load(hub.folder)
    assert found is not None and "new-ngo" in {c.id for c in found[1].partners.candidates}
    assert not any(p.name.startswith(".writing-") for p in hub.folder.iterdir())


class _Rows:
    """A model naming one array, as the text embeddings are named."""

    def __init__(self, rows: np.ndarray) -> None:
        self.rows = rows

    def named_arrays(self) -> dict[str, np.ndarray]:
        return {"rows": self.rows}


def _learn_nothing(store: object, folder: Path) -> list[str]:
    return ["fitted by this code"]


def test_a_version_other_code_wrote_is_not_loaded_but_its_named_arrays_are_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = np.arange(20_000, dtype=np.float32)
    with monkeypatch.context() as other:
        other.setattr(artifact, "code_version", lambda: "code before an upgrade")
        artifact.write(tmp_path, "3", _Rows(rows))
        assert artifact.load_stamp(tmp_path) is not None  # that code reads it back
    assert artifact.load(tmp_path) is None  # this code does not trust its pickle
    assert artifact.load_stamp(tmp_path) is None
    np.testing.assert_array_equal(artifact.arrays(tmp_path, ["rows"])["rows"], rows)


def test_a_fit_replaces_other_codes_version_and_a_reader_keeps_what_it_loaded(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    revision = hub.store.revision()
    with monkeypatch.context() as other:
        other.setattr(artifact, "code_version", lambda: "code before an upgrade")
        artifact.write(hub.folder, revision, ["fitted by other code"])
    stamp = refit.fit_once(hub.settings, hub.folder, _learn_nothing)
    assert stamp is not None and stamp.version == "000002"  # same revision, refitted
    reader = refit.Published(hub.store, hub.settings, hub.folder, _learn_nothing, interval=0)
    assert reader.refresh() == stamp
    with monkeypatch.context() as other:
        other.setattr(artifact, "code_version", lambda: "code of a newer release")
        artifact.write(hub.folder, revision, ["fitted by newer code"])
    assert reader.refresh() == stamp
    assert reader.current() == (stamp, ["fitted by this code"])
