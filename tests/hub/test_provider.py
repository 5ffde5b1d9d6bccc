"""The model provider fits each thing once per store revision, and the mechanisms reuse it."""

from __future__ import annotations

import pytest

from hub.access import OPERATOR, Principal
from hub.demo import load_demo
from hub.domain.keys import Role
from hub.domain.records import Stakeholder
from hub.matchmaking.funding import find_funders
from hub.matchmaking.provider import models
from hub.matchmaking.similar import find_similar
from hub.store import Store
from matching.textspace import TextSpace
from tests.store_support import put


def test_similar_and_funders_read_the_hub_texts_once_per_revision(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_demo(store)
    fits: list[int] = []
    fit = TextSpace.fit

    def counted(space: TextSpace, texts: list[str]) -> TextSpace:
        fits.append(len(texts))
        return fit(space, texts)

    monkeypatch.setattr(TextSpace, "fit", counted)
    for request in ("req-nepal-skills-recognition", "req-lebanon-primary-health"):
        assert find_similar(store, OPERATOR, request, n=5).initiatives
        assert find_funders(store, OPERATOR, request, n=5).funders
    assert len(fits) == 1 and fits[0] > 40  # every activity, request and partnership
    space = models(store).texts()
    embedded = space.index()
    find_similar(store, OPERATOR, "req-jordan-labour-mobility", n=5)
    assert models(store).texts().index() is embedded
    put(store, Stakeholder(id="new-ngo", name="New NGO", kind="ngo"))
    assert models(store).texts() is not space and len(fits) == 2


def test_the_partner_ranking_is_shared_until_the_graph_changes(store: Store) -> None:
    from hub.matchmaking.partners import partners_for

    load_demo(store)
    first = partners_for(store, OPERATOR, "req-nepal-skills-recognition", 5)
    assert partners_for(store, OPERATOR, "req-nepal-skills-recognition", 5) is first
    assert [p.name for p in first.partners] and first.request == "req-nepal-skills-recognition"
    put(store, Stakeholder(id="new-ngo", name="New NGO", kind="ngo"))
    assert partners_for(store, OPERATOR, "req-nepal-skills-recognition", 5) is not first


def test_many_callers_never_push_out_the_tables_everyone_shares(store: Store) -> None:
    from hub.matchmaking.consortium import capacity_seen_by, stakeholders_by_id

    load_demo(store)
    shared = stakeholders_by_id(store)
    callers = [Principal(Role.COORDINATOR, key=f"key-{i}") for i in range(65)]
    seen = [capacity_seen_by(store, caller) for caller in callers]
    assert stakeholders_by_id(store) is shared
    assert capacity_seen_by(store, callers[-1]) is seen[-1]
