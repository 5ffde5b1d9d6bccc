"""The hub schemathesis runs against: the demo, plus the records that once broke it.

Untagged open requests that share a country (similar initiatives and funding leads
once divided by zero there), an untagged funded activity, a confidential request and
a confidential partnership made by accepting a suggestion for it, and a pending claim.
"""

from __future__ import annotations

from pathlib import Path

from graph import GraphStore
from hub import records, review
from hub.access import OPERATOR, Principal
from hub.claims import file_claim
from hub.demo import load_demo
from hub.domain.keys import Role
from hub.domain.records import Confidentiality
from hub.imports.importer import import_file

UNTAGGED_ACTIVITY = (
    '<iati-activities version="2.03"><iati-activity><iati-identifier>XM-FUZZ-1'
    "</iati-identifier><title><narrative>Qwxyz</narrative></title>"
    '<participating-org role="1"><narrative>Sida</narrative></participating-org>'
    '<participating-org role="4"><narrative>IOM</narrative></participating-org>'
    '<recipient-country code="MA"/></iati-activity></iati-activities>'
)


def fuzz_hub(store: GraphStore, folder: Path) -> dict[str, str]:
    """Fill `store`; returns an existing id for each path parameter name."""
    load_demo(store)
    staff = Principal(Role.COORDINATOR, key="setup")
    untagged = [
        records.create_request(
            store,
            OPERATOR,
            {
                "requester": requester,
                "title": title,
                "countries": ["MA"],
                "confidentiality": Confidentiality.OPEN_TO_PARTNERS,
            },
        )
        for requester, title in (("morocco", "Zzyzx"), ("somalia", "Qwxyz"))
    ]
    (folder / "untagged.xml").write_text(UNTAGGED_ACTIVITY)
    import_file(store, folder / "untagged.xml")
    secret = records.create_request(
        store,
        OPERATOR,
        {"requester": "somalia", "title": "Border data", "objectives": [11], "text": "x"},
    )
    [pairing] = review.queue_suggestions(store, staff, secret.id, n=1)
    partnership = review.accept(store, staff, pairing.id)
    queued = review.queue_suggestions(store, staff, "req-morocco-migration-data", n=3)
    claim = file_claim(store, Principal(Role.PARTNER, "nrc"), "nrc", {"kind": "other"})
    return {
        "stakeholder_id": "iom",
        "node_id": "iom",
        "request_id": untagged[0].id,
        "offer_id": "offer-iom-reintegration",
        "partnership_id": partnership.id,
        "suggestion_id": queued[0].id,
        "activity_id": "XM-FUZZ-1",
        "claim_id": claim.id,
        "kind": "stakeholders",
    }
