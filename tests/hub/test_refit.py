"""Stale while refitting: every answer comes from the last complete fit, a write is
learned by a fit in the background and swapped in whole, and a reject or a new request
takes effect at once, before any refit."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from hub import records, review
from hub.access import OPERATOR, Principal
from hub.domain.activities import RejectReason
from hub.domain.keys import Role
from hub.domain.records import Stakeholder, StakeholderKind
from hub.matchmaking import provider, refit
from hub.matchmaking.partners import partners_for
from hub.matchmaking.provider import models
from hub.matchmaking.refit import Published
from tests.hub.refit_support import Hub, hub
from tests.store_support import put

__all__ = ["hub"]

MOROCCO = "req-morocco-migration-data"
AMINA = Principal(Role.COORDINATOR, key="key-amina")
NEW = Stakeholder(
    id="ngo-new-data-lab",
    name="New Data Lab",
    kind=StakeholderKind.NGO,
    description="Migration data systems and statistics for Morocco",
    countries=["MA"],
    objectives=[1],
)


@pytest.fixture
def published(hub: Hub) -> Iterator[Published[provider.Learned]]:
    found = provider.publish(hub.store, hub.settings)
    yield found
    found.close()


def _knows_new(hub: Hub) -> bool:
    return NEW.id in {c.id for c in models(hub.store).partners().candidates}


def test_answers_during_a_fit_come_from_the_previous_model_and_after_it_from_the_new(
    hub: Hub, published: Published[provider.Learned]
) -> None:
    first = partners_for(hub.store, OPERATOR, MOROCCO, 5).model
    assert first.revision == hub.store.revision() and not first.pending
    put(hub.store, NEW)
    reached, release = threading.Event(), threading.Event()

    def hold() -> None:
        reached.set()
        release.wait()

    fit = threading.Thread(
        target=refit.fit_once,
        args=(hub.settings, hub.folder, provider.learn),
        kwargs={"before_swap": hold},
    )
    fit.start()
    reached.wait()
    try:
        published.refresh()  # the new version is on disk, not current yet
        during = partners_for(hub.store, OPERATOR, MOROCCO, 5).model
        assert (during.revision, during.fitted_at, during.pending) == (
            first.revision,
            first.fitted_at,
            True,
        )
        assert not _knows_new(hub)
    finally:
        release.set()
        fit.join()
    published.refresh()
    after = partners_for(hub.store, OPERATOR, MOROCCO, 5).model
    assert after.revision == hub.store.revision() != first.revision and not after.pending
    assert _knows_new(hub)


def test_a_reject_and_a_new_request_take_effect_before_any_refit(
    hub: Hub, published: Published[provider.Learned]
) -> None:
    queued = review.queue_suggestions(hub.store, AMINA, MOROCCO, n=3)
    before = partners_for(hub.store, OPERATOR, MOROCCO, 5)
    top = before.partners[0].candidate
    assert top == queued[0].candidate
    review.reject(hub.store, AMINA, queued[0].id, RejectReason.WRONG_EXPERTISE)
    after = partners_for(hub.store, OPERATOR, MOROCCO, 5)
    assert after.model.pending and after.model.fitted_at == before.model.fitted_at
    assert top not in [p.candidate for p in after.partners] and len(after.partners) == 5
    created = records.create_request(
        hub.store,
        OPERATOR,
        {"requester": "morocco", "title": "Migration statistics", "countries": ["MA"]},
    )
    ranked = partners_for(hub.store, OPERATOR, created.id, 5)
    assert ranked.partners and ranked.model.fitted_at == before.model.fitted_at


def test_a_write_is_fitted_by_a_worker_process_while_answers_keep_coming(hub: Hub) -> None:
    settings = hub.settings.model_copy(update={"refit_interval": 0.2})
    published = provider.publish(hub.store, settings)
    try:
        first = partners_for(hub.store, OPERATOR, MOROCCO, 5).model
        with refit.FitLock(hub.folder):  # as if another process were fitting
            put(hub.store, NEW)
            during = partners_for(hub.store, OPERATOR, MOROCCO, 5).model
            assert during.pending and during.fitted_at == first.fitted_at
            assert not _knows_new(hub)
        for _ in range(3000):  # the refit thread starts the worker within 0.2 s
            if not models(hub.store).pending():
                break
            time.sleep(0.1)
        after = partners_for(hub.store, OPERATOR, MOROCCO, 5).model
        assert after.revision == hub.store.revision() and not after.pending
        assert _knows_new(hub)
    finally:
        published.close()
