"""Merge proposals an import brings are audited with it, and coordinators hear of them."""

from __future__ import annotations

from pathlib import Path

from graph import GraphStore
from hub import audit, merges
from hub.access import Principal
from hub.domain.keys import Role
from hub.domain.settings import Settings
from hub.imports.importer import import_file
from hub.notifications import inbox, subscriptions
from hub.notifications.dispatcher import Dispatcher
from hub.notifications.ledger import Channel, Ledger
from tests.hub.notify_support import receiving

SECRET = "the merge receiver's secret"
COORDINATOR = Principal(Role.COORDINATOR, key="key-coordinator")
PARTNER = Principal(Role.PARTNER, "world-vision-uk", "key-wv")


def _offices(path: Path) -> Path:
    """Two spellings of one charity, alike enough to be proposed, not sure enough to merge."""
    activities = "".join(
        f"<iati-activity><iati-identifier>{key}</iati-identifier>"
        f'<participating-org role="4"><narrative>{name}</narrative></participating-org>'
        "</iati-activity>"
        for key, name in (("C-1", "world-vision-uk"), ("C-2", "World Vision United Kingdom"))
    )
    path.write_text(
        f'<?xml version="1.0"?><iati-activities version="2.03">{activities}</iati-activities>'
    )
    return path


def test_proposals_at_import_reach_coordinators_only(store: GraphStore, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, webhooks_allow_local=True, webhook_backoff=0)
    with Ledger(tmp_path / "notify.db") as ledger, receiving(SECRET) as receiver:
        for principal in (COORDINATOR, PARTNER):
            subscriptions.subscribe(
                ledger,
                principal,
                Channel.WEBHOOK,
                f"{receiver.url}/{principal.role.value}",
                ["*"],
                secret=SECRET,
                allow_local=True,
            )
        import_file(store, _offices(tmp_path / "offices.xml"))
        (proposal,) = merges.propose(store, merges.IMPORT_ACTOR)
        assert merges.propose(store, merges.IMPORT_ACTOR) == []  # and no second event
        report = Dispatcher(store, ledger, settings).run_once()
        noticed = inbox.inbox(store, ledger, COORDINATOR)

    (entry,) = [e for e in audit.entries(store) if e.action == "merge.propose"]
    assert (entry.actor, entry.subject) == (merges.IMPORT_ACTOR, proposal.id)
    assert report.delivered == 1
    assert receiver.paths == ["/hook/coordinator"]  # a partner may not see the review list
    (body,) = receiver.bodies
    assert body["type"] == "merge.proposed"
    assert body["data"] == {"subject": proposal.id, "summary": proposal.evidence}
    assert [(n.type, n.data["subject"]) for n in noticed] == [("merge.proposed", proposal.id)]
