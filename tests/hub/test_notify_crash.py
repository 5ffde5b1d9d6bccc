"""The delivery guarantee: a dispatcher killed mid-delivery loses nothing.

A real `gcm-hub notify dispatch` process delivers to a real local receiver and is killed
with SIGKILL while it is sending; after a restart every event has arrived at least once,
and the receiver, de-duplicating by event id, holds each exactly once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from graph.sqlite import SqliteGraphStore
from hub import records
from hub.access import Principal
from hub.demo import load_demo
from hub.domain.keys import Role
from hub.notifications import subscriptions
from hub.notifications.events import events
from hub.notifications.ledger import Channel, DeliveryStatus, Ledger
from tests.hub.notify_support import receiving

ROOT = Path(__file__).resolve().parents[2]
EVENTS = 30
SECRET = "the receiver's secret"


def _dispatch(data_dir: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "HUB_DATA_DIR": str(data_dir),
        "HUB_WEBHOOKS_ALLOW_LOCAL": "1",
        "HUB_WEBHOOK_BACKOFF": "0",
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "cli", "notify", "dispatch", *args]
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def test_a_dispatcher_killed_mid_delivery_loses_no_event(tmp_path: Path) -> None:
    store = SqliteGraphStore(tmp_path / "hub.db")
    load_demo(store)
    with receiving(SECRET) as receiver, Ledger(tmp_path / "notify.db") as ledger:
        receiver.delay = 0.05  # slow enough that the kill lands while events are in flight
        subscription = subscriptions.subscribe(
            ledger,
            Principal(Role.COORDINATOR, key="key-coordinator"),
            Channel.WEBHOOK,
            receiver.url,
            ["request.created"],
            secret=SECRET,
            allow_local=True,
        )
        state = Principal(Role.MEMBER_STATE, "morocco", "key-morocco")
        for n in range(EVENTS):
            fields = {"title": f"Request {n}", "countries": ["MA"], "objectives": [1]}
            records.create_request(store, state, fields)
        written = {event.id for event in events(store)}
        store.close()

        first = _dispatch(tmp_path, "--interval", "0.1")
        receiver.wait_for(5)
        first.send_signal(signal.SIGKILL)
        first.wait()
        assert first.returncode == -signal.SIGKILL
        cut_short = receiver.ids
        assert len(cut_short) < EVENTS  # killed mid-delivery, not after

        second = _dispatch(tmp_path, "--once")
        _, errors = second.communicate()
        assert second.returncode == 0, errors.decode()

        assert receiver.ids == written  # every event, none lost
        assert len(receiver.bodies) >= EVENTS  # at least once: a resent one is possible
        assert receiver.forged == 0
        log = ledger.deliveries(subscription.id)
        assert {d.event for d in log} == written
        assert {d.status for d in log} == {DeliveryStatus.DELIVERED}
