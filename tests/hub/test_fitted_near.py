"""A fit writes every candidate's near-duplicates into the artifact, and a served model
answers consortium calls from those lists: the team the full computation builds, with
no list found on demand. The demo hub gets twins (one organisation under a second id
and a bracketed name) for the lists to hold something."""

from __future__ import annotations

from dataclasses import asdict

import numpy as np

from hub.access import Principal
from hub.domain.keys import Role
from hub.domain.records import Stakeholder, StakeholderKind, SupportRequest
from hub.matchmaking import artifact, provider, refit
from hub.matchmaking.consortium import RULES, propose_consortium
from hub.matchmaking.provider import models
from hub.matchmaking.team_pool import near_duplicates
from hub.records import reading
from hub.store import repository
from matching.diversity import Duplicates
from matching.listing import NearDuplicates
from tests.hub.consortium_support import full_consortium
from tests.hub.refit_support import Hub, hub
from tests.store_support import put

__all__ = ["hub"]

COORDINATOR = Principal(Role.COORDINATOR, key="key-amina")
NAMES = ("near-duplicates-indptr", "near-duplicates-indices")


def _fit_with_twins(hub: Hub) -> None:
    kept = [
        s
        for s in repository.list_records(hub.store, Stakeholder)
        if s.kind in (StakeholderKind.NGO, StakeholderKind.UN_ENTITY)
    ][:4]
    put(hub.store, *(s.model_copy(update={"id": f"{s.id}-office", "name": f"{s.name} (Office)"})
                     for s in kept))  # fmt: skip
    refit.fit_once(hub.settings, hub.folder, provider.learn)


def test_the_fit_writes_every_candidates_near_duplicates(hub: Hub) -> None:
    _fit_with_twins(hub)
    stored = artifact.arrays(hub.folder, NAMES)
    assert set(stored) == set(NAMES)
    loaded = artifact.load(hub.folder)
    assert loaded is not None
    fitted = loaded[1].partners
    assert fitted.near is not None
    for name, array in zip(NAMES, (fitted.near.indptr, fitted.near.indices), strict=True):
        assert isinstance(array, np.memmap) and str(array.filename).endswith(f"{name}.npy")
        np.testing.assert_array_equal(array, stored[name])
    assert fitted.near.indptr.size == len(fitted.candidates) + 1
    on_demand = NearDuplicates(Duplicates(fitted.candidates))
    lists = [fitted.near.of(p).tolist() for p in range(len(fitted.candidates))]
    assert lists == [on_demand.of(p).tolist() for p in range(len(fitted.candidates))]
    assert sum(map(bool, lists)) >= 8  # each twin and its original


def test_a_served_model_answers_consortia_from_the_fitted_lists(hub: Hub) -> None:
    _fit_with_twins(hub)
    published = provider.publish(hub.store, hub.settings)
    try:
        compared = 0
        for request in reading.visible(hub.store, COORDINATOR, SupportRequest):
            for rules in ((), tuple(sorted(RULES))):
                answer = propose_consortium(hub.store, COORDINATOR, request.id, 5, rules)
                full = full_consortium(hub.store, COORDINATOR, request, 5, rules)
                assert [m.model_dump(exclude={"name"}) for m in answer.members] == [
                    {**asdict(m), "covers": list(m.covers), "meets": list(m.meets)}
                    for m in full.members
                ], (request.id, rules)
                compared += len(full.members)
        assert compared > 20
        served = near_duplicates(models(hub.store).partners())
        fitted = models(hub.store).partners().near
        assert fitted is not None and served.fitted is not None
        assert np.shares_memory(served.fitted.indices, fitted.indices)
        assert served._index is None  # nothing was found on demand
    finally:
        published.close()
