"""IATI files uploaded through the API: spooled to disk, then imported like any file."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from graph import GraphStore
from hub.access import Principal, Role, require
from hub.iati.importer import ImportReport, import_file
from hub.iati.parse import IatiError
from hub.tagging import fit_tagger, objective_tagger

__all__ = ["import_upload"]


def import_upload(
    store: GraphStore, principal: Principal, filename: str, content: BinaryIO
) -> ImportReport:
    require(principal, Role.COORDINATOR)
    with tempfile.TemporaryDirectory(prefix="gcm-hub-upload-") as folder:
        path = Path(folder) / Path(filename).name
        with path.open("wb") as out:
            shutil.copyfileobj(content, out)
        try:
            return import_file(store, path, tag=objective_tagger(fit_tagger(store)))
        except IatiError as error:  # name the file as the caller knows it
            raise IatiError(str(error).replace(str(path), filename)) from None
