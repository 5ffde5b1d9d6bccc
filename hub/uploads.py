"""IATI files uploaded through the API: spooled to disk, then imported like any file.

The caller's filename only labels the file in the report and in errors. It is never
part of a path: the spooled copy has a name of the hub's own.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from graph import GraphStore
from hub.access import Principal, Role, require
from hub.errors import InvalidInput
from hub.fields import text_problem
from hub.iati.importer import ImportReport, import_file
from hub.iati.parse import IatiError
from hub.objectives import import_tagger
from hub.organisations import merges
from hub.organisations.registry import OrganisationRegistry

__all__ = ["MAX_FILENAME", "import_upload", "upload_label"]

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


def import_upload(
    store: GraphStore,
    principal: Principal,
    filename: str,
    content: BinaryIO,
    registry: OrganisationRegistry | None = None,
) -> ImportReport:
    require(principal, Role.COORDINATOR)
    label = upload_label(filename)
    with tempfile.TemporaryDirectory(prefix="gcm-hub-upload-") as folder:
        path = Path(folder) / "upload.xml"
        with path.open("wb") as out:
            shutil.copyfileobj(content, out)
        try:
            report = import_file(store, path, tag=import_tagger(store), registry=registry)
        except IatiError as error:  # name the file as the caller knows it
            raise IatiError(str(error).replace(str(path), label)) from None
    merges.propose(store)  # pairs that may be one organisation wait for a coordinator
    return replace(report, file=label)
