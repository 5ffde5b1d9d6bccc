"""Serve the last complete model while one fit worker builds the next.

A serving process never fits on the request path once a model exists: it answers with
the newest artifact in the data folder (`artifact`) it has loaded, and when `current`
has moved or the store has moved on, its thread loads the newer version or starts a
separate worker process to fit, one at a time; writes arriving during a fit coalesce
into the next one. A lock file in the artifact folder makes sure only one process fits,
however many workers or hubs (on Neo4j) share the folder.
"""

from __future__ import annotations

import fcntl
import multiprocessing
import os
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Generic, TypeVar

from hub.domain.settings import Settings
from hub.matchmaking import artifact
from hub.matchmaking.artifact import Stamp
from hub.store import Store
from hub.store.backend import open_store

__all__ = ["FitLock", "Published", "fit_once"]

_SPAWN = multiprocessing.get_context("spawn")
"""Fit workers start afresh (not forked: the server has threads) and import the hub."""

Model = TypeVar("Model")

_LOCK = "fit.lock"


class FitLock:
    """The artifact folder's fit lock (an advisory `flock`, released by the kernel when
    its holder dies, kill -9 included). `wait=False` gives up at once when it is held."""

    def __init__(self, folder: Path, *, wait: bool = True) -> None:
        self._path = folder / _LOCK
        self._wait = wait
        self._descriptor: int | None = None

    def __enter__(self) -> bool:
        self._path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if self._wait else fcntl.LOCK_NB))
        except BlockingIOError:
            os.close(descriptor)
            return False
        self._descriptor = descriptor
        return True

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._descriptor is not None:
            os.close(self._descriptor)  # closing the last descriptor releases the lock
            self._descriptor = None


def fit_once(
    settings: Settings,
    folder: Path,
    learn: Callable[[Store, Path], object],
    before_swap: Callable[[], object] = lambda: None,
) -> Stamp | None:
    """Fit the store's current revision into a new artifact, unless another process is
    fitting (None) or the current artifact already has that revision (its stamp).
    `learn` gets the folder too, to reuse what the current version holds.

    The worker process's whole job; tests also call it in a thread, holding it at
    `before_swap` to look at what is served meanwhile.
    """
    with FitLock(folder, wait=False) as held:
        if not held:
            return None
        store = open_store(settings)
        try:
            revision = store.revision()  # read first: a write during the fit makes it stale
            current = artifact.load_stamp(folder)
            if current is not None and current.revision == revision:
                return current
            stamp = artifact.write(folder, revision, learn(store, folder), before_swap=before_swap)
            artifact.prune(folder)
            return stamp
        finally:
            store.close()


_NICE = 10
"""How much lower a refit's CPU priority is than the server's: on shared cores the
answers go first, the refit takes what is left. (The first fit, which callers wait
for, runs at the server's.)"""


def _fit_worker(
    settings: Settings, folder: Path, learn: Callable[[Store, Path], object], nice: int
) -> None:
    os.nice(nice)
    fit_once(settings, folder, learn)


class Published(Generic[Model]):
    """The newest complete model in `folder` for one store's serving process.

    Callers get the model loaded last, without waiting; a thread loads a newer version
    when `current` moves and, when the store has moved past the model, runs fits in a
    worker process until the artifact has caught up (every write made during a fit is
    covered by the next one). With `interval` 0 there is no thread: `refresh` and
    `fit_once` are called by whoever wants them (tests, `gcm-hub refit`).
    """

    def __init__(
        self,
        store: Store,
        settings: Settings,
        folder: Path,
        learn: Callable[[Store, Path], Model],
        interval: float = 5.0,
    ) -> None:
        self._store = weakref.ref(store)  # the store's `Models` hold this
        self._settings = settings
        self.folder = folder
        self._learn = learn
        self._loading = threading.Lock()
        self._token: tuple[int, int] | None = None
        self._model: tuple[Stamp, Model] | None = None
        self._wake = threading.Event()
        self._closed = False
        self._worker: multiprocessing.process.BaseProcess | None = None
        self._thread: threading.Thread | None = None
        if interval > 0:
            self._thread = threading.Thread(
                target=self._run, args=(interval,), name="hub-refit", daemon=True
            )
            self._thread.start()

    def current(self) -> tuple[Stamp, Model]:
        """The model to answer with now. Only before the first fit ever does a caller
        wait, for a fit worker (its own or another process's)."""
        if self._model is None:
            with self._loading:
                while artifact.load_stamp(self.folder) is None:  # none, or other code's
                    with FitLock(self.folder):
                        pass  # a fit in another process has ended, or none was running
                    self._fit(nice=0)
            self.refresh()
        elif artifact.latest(self.folder) != self._token or self.pending():
            self._wake.set()
        assert self._model is not None
        return self._model

    def refresh(self) -> Stamp:
        """Load the current version if it is not the one loaded; returns the loaded one.
        A version this code cannot read (another code's) leaves the loaded one in use."""
        with self._loading:
            token = artifact.latest(self.folder)
            if token != self._token or self._model is None:
                found = artifact.load(self.folder)
                if found is None and self._model is None:
                    raise FileNotFoundError(f"no model fitted by this code in {self.folder}")
                if found is not None:
                    self._model = found
                self._token = token
            assert self._model is not None
            return self._model[0]

    def pending(self) -> bool:
        """Whether the store has changed since the model loaded here was fitted."""
        store = self._store()
        if store is None:
            raise RuntimeError("the store this model serves is closed and gone")
        return self._model is None or self._model[0].revision != store.revision()

    def close(self) -> None:
        """Stop the thread; a fit running for this process is killed (its temporary
        folder goes with the next fit's pruning)."""
        self._closed = True
        self._wake.set()
        worker = self._worker
        if worker is not None:
            worker.terminate()
        if self._thread is not None:
            self._thread.join()

    def _fit(self, nice: int = _NICE) -> bool:
        """Fit in a worker process, not this one: the fit's peak memory (1.4 GB at 100k
        stakeholders) is returned to the system when it ends. False if it failed."""
        self._worker = _SPAWN.Process(
            target=_fit_worker,
            args=(self._settings, self.folder, self._learn, nice),
            name="hub-fit",
        )
        self._worker.start()
        self._worker.join()
        return self._worker.exitcode == 0

    def _run(self, interval: float) -> None:
        while not self._closed:
            self._wake.wait(interval)
            self._wake.clear()
            if self._model is None:
                continue  # the first fit is the first caller's
            self.refresh()
            while not self._closed and self.pending():
                with FitLock(self.folder, wait=False) as free:
                    pass
                if not free or not self._fit():
                    break  # another process is fitting, or this fit failed (its traceback
                    # is on stderr): look again after `interval`
                self.refresh()
