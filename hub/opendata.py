"""The open-data export: everything the public may see, as JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from hub.access import PUBLIC
from hub.domain.activities import Activity, Partnership
from hub.domain.errors import NotFound
from hub.domain.records import Offer, Record, Stakeholder
from hub.records import reading
from hub.store import Store

__all__ = ["KINDS", "export_csv", "export_json"]

KINDS: dict[str, type[Record]] = {
    "stakeholders": Stakeholder,
    "offers": Offer,
    "partnerships": Partnership,
    "activities": Activity,
}


def export_json(store: Store) -> dict[str, list[dict[str, Any]]]:
    return {
        name: [record.model_dump(mode="json") for record in reading.visible(store, PUBLIC, cls)]
        for name, cls in KINDS.items()
    }


def export_csv(store: Store, kind: str) -> str:
    """One CSV per kind; lists and nested values are written as JSON in their cell."""
    if kind not in KINDS:
        raise NotFound(f"no open-data table {kind!r}; there are {', '.join(KINDS)}")
    cls = KINDS[kind]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(cls.model_fields))
    writer.writeheader()
    for record in reading.visible(store, PUBLIC, cls):
        writer.writerow(
            {
                key: json.dumps(value, ensure_ascii=False)
                if isinstance(value, list | dict)
                else value
                for key, value in record.model_dump(mode="json").items()
            }
        )
    return out.getvalue()
