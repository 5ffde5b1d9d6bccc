"""Fitted models as versioned folders in the data folder: whole or not there at all.

A fit writes everything it learned into a hidden temporary folder, renames it to the
next version's name and only then points `current` at it (`os.replace`, atomic), so a
reader, or a fit killed at any moment, never meets a half-written model: `current`
still names the last complete one. Numpy arrays are stored as `.npy` files and loaded
memory-mapped, so the workers of one machine share their pages instead of each holding
a copy. Everything else (the fitted estimators and the dicts around the arrays) is one
pickle. Pickle runs code on load, which is acceptable only because these files are
written and read by the hub itself, in its own data folder: never load one from
elsewhere.

A pickle is only as good as the classes it names: each version records the code that
wrote it (`code_version`), and a version written by other code (an upgrade, or a
reader still running the old code) is not loaded, as if there were none yet, so the
next fit replaces it. Its named arrays (text embeddings, keyed by text) stay reusable.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import pickle
import shutil
import sys
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

import matching
from matching.embedding import TextEmbedder, embedder

__all__ = [
    "KEEP",
    "Naming",
    "Stamp",
    "arrays",
    "code_version",
    "latest",
    "load",
    "load_stamp",
    "prune",
    "write",
]

KEEP = 2
"""Versions kept: the current one and the one before, which a reader that looked at
`current` just before a swap may still be opening."""

_CURRENT = "current"
_META = "meta.json"
_PICKLE = "model.pickle"
_TEMPORARY = ".writing-"
_SEPARATE = 64 * 1024
"""Arrays of at least this many bytes become .npy files; smaller ones stay in the pickle."""
_LOCKS = (type(threading.Lock()), type(threading.RLock()))
_PICKLED_BY = ("numpy", "scipy", "scikit-learn")
"""Libraries whose classes a model pickle holds, beside the hub's own."""


@cache
def code_version() -> str:
    """A digest of what a model pickle depends on besides the data: the sources of
    `matching` and of this package, and the Python and library versions."""
    digest = hashlib.sha256(sys.version.encode())
    for name in _PICKLED_BY:
        digest.update(f"{name}={importlib.metadata.version(name)}".encode())
    for package in (Path(matching.__file__).parent, Path(__file__).parent):
        for source in sorted(package.rglob("*.py")):
            digest.update(source.relative_to(package.parent).as_posix().encode())
            digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Stamp:
    """Which model answered: its folder, the store revision it learned and when."""

    version: str
    revision: str
    fitted_at: datetime


@runtime_checkable
class Naming(Protocol):
    """A model that names some of its arrays: they are stored as `<name>.npy`, so that
    the next fit can read them alone (`arrays`) without loading the whole model."""

    def named_arrays(self) -> Mapping[str, np.ndarray]: ...


class _Writer(pickle.Pickler):
    """Pickles a model with its large arrays as .npy files beside it, the shared
    embedder as its name (its weights ship with the hub) and locks as fresh ones."""

    def __init__(self, file: Any, folder: Path, named: Mapping[str, np.ndarray]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._folder = folder
        self._saved: dict[int, tuple[str, np.ndarray]] = {}
        for name, array in named.items():
            np.save(folder / f"{name}.npy", np.asarray(array), allow_pickle=False)
            self._saved[id(array)] = (f"{name}.npy", array)

    def persistent_id(self, obj: Any) -> tuple[str, ...] | None:
        if id(obj) in self._saved:  # an array held twice is stored once
            return ("npy", self._saved[id(obj)][0])
        if isinstance(obj, np.ndarray) and not obj.dtype.hasobject and obj.nbytes >= _SEPARATE:
            name = f"{len(self._saved)}.npy"
            np.save(self._folder / name, np.asarray(obj), allow_pickle=False)
            self._saved[id(obj)] = (name, obj)
            return ("npy", name)
        if isinstance(obj, TextEmbedder):
            return ("embedder", str(obj.model))
        if isinstance(obj, _LOCKS):
            return ("lock",)
        return None


class _Reader(pickle.Unpickler):
    def __init__(self, file: Any, folder: Path) -> None:
        super().__init__(file)
        self._folder = folder
        self._loaded: dict[str, np.ndarray] = {}

    def persistent_load(self, pid: Any) -> Any:
        match pid:
            case ("npy", str(name)):
                if name not in self._loaded:
                    # Copy-on-write: pages stay shared between workers like mode "r",
                    # but a structure that sorts its indices in place still works.
                    self._loaded[name] = np.load(self._folder / name, mmap_mode="c")
                return self._loaded[name]
            case ("embedder", str(model)):
                return embedder(model)  # type: ignore[arg-type]
            case ("lock",):
                return threading.Lock()
        raise pickle.UnpicklingError(f"unknown reference {pid!r} in {self._folder}")


def _sync(path: Path) -> None:
    """Flush a file or folder to disk, so a crash keeps what a rename made visible."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _versions(folder: Path) -> list[str]:
    """Complete versions, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and p.name.isdigit())


def write(
    folder: Path,
    revision: str,
    model: object,
    *,
    before_swap: Callable[[], object] = lambda: None,
) -> Stamp:
    """Store `model`, fitted at store `revision`, as the next version and make it current.

    Only one process may write at a time (`refit.FitLock`). `before_swap` runs when the
    version is complete on disk but not yet current (tests hold a fit there). A model
    that is `Naming` has those arrays stored under their names.
    """
    folder.mkdir(parents=True, exist_ok=True)
    known = _versions(folder)
    stamp = Stamp(f"{int(known[-1]) + 1 if known else 1:06d}", revision, datetime.now(UTC))
    temporary = folder / f"{_TEMPORARY}{uuid.uuid4().hex}"
    temporary.mkdir()
    with open(temporary / _PICKLE, "wb") as file:
        named = model.named_arrays() if isinstance(model, Naming) else {}
        _Writer(file, temporary, named).dump(model)
    meta = {
        "revision": revision,
        "fitted_at": stamp.fitted_at.isoformat(),
        "code": code_version(),
    }
    (temporary / _META).write_text(json.dumps(meta), encoding="utf-8")
    for written in temporary.iterdir():
        _sync(written)
    os.rename(temporary, folder / stamp.version)
    _sync(folder)
    before_swap()
    pointer = folder / f"{_CURRENT}.{uuid.uuid4().hex}"
    pointer.write_text(stamp.version, encoding="utf-8")
    _sync(pointer)
    os.replace(pointer, folder / _CURRENT)
    _sync(folder)
    return stamp


def latest(folder: Path) -> tuple[int, int] | None:
    """A cheap token that changes whenever `current` is replaced (None before the first
    fit): a worker compares it between requests to see whether to load."""
    try:
        found = os.stat(folder / _CURRENT)
    except FileNotFoundError:
        return None
    return found.st_ino, found.st_mtime_ns


def load_stamp(folder: Path) -> Stamp | None:
    """The current version's stamp alone, or None before the first fit or when the
    current version was written by other code (`code_version`)."""
    found = _current(folder)
    if found is None or found[1].get("code") != code_version():
        return None
    version, meta = found
    return Stamp(version, meta["revision"], datetime.fromisoformat(meta["fitted_at"]))


def load(folder: Path) -> tuple[Stamp, Any] | None:
    """The current model and its stamp, or None as for `load_stamp`."""
    stamp = load_stamp(folder)
    if stamp is None:
        return None
    where = folder / stamp.version
    with open(where / _PICKLE, "rb") as file:
        return stamp, _Reader(file, where).load()


def arrays(folder: Path, names: Iterable[str]) -> dict[str, np.ndarray]:
    """The current version's arrays of these names (`Naming`), read-only and memory-mapped,
    whichever code wrote them; those it lacks (or all, before the first fit) are left out."""
    found = _current(folder)
    if found is None:
        return {}
    where = folder / found[0]
    paths = {name: where / f"{name}.npy" for name in names}
    return {name: np.load(path, mmap_mode="r") for name, path in paths.items() if path.is_file()}


def _current(folder: Path) -> tuple[str, dict[str, Any]] | None:
    """The version `current` names and its meta, or None before the first fit."""
    try:
        version = (folder / _CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    meta = folder / version / _META
    if not meta.is_file():
        raise FileNotFoundError(f"{folder / _CURRENT} names version {version!r}, not in {folder}")
    found: dict[str, Any] = json.loads(meta.read_text(encoding="utf-8"))
    return version, found


def prune(folder: Path, keep: int = KEEP) -> list[str]:
    """Delete all but the newest `keep` versions (never the current one) and what
    killed fits left behind; returns what went. Only the process holding the fit lock
    may call it, or it could delete a fit in progress."""
    try:
        current = (folder / _CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        current = ""
    gone = [v for v in _versions(folder)[:-keep] if v != current]
    if folder.is_dir():
        gone += [p.name for p in folder.iterdir() if p.name.startswith(_TEMPORARY)]
        gone += [p.name for p in folder.iterdir() if p.name.startswith(f"{_CURRENT}.")]
    for name in gone:
        path = folder / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    return gone
