"""API keys as the API checks them on every call: a key verified once is kept for its
graph revision, yet a revocation or any other write counts from the very next call."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.sqlite import SqliteGraphStore
from hub.access import Principal, authenticate, create_key, revoke_key
from hub.domain.errors import Unauthorized
from hub.domain.keys import Role
from hub.store import Store


def test_a_key_revoked_after_use_is_refused_at_the_next_call(store: Store) -> None:
    key, token = create_key(store, Role.COORDINATOR, note="temp")
    assert authenticate(store, token) == Principal(Role.COORDINATOR, None, key.id)
    assert authenticate(store, token) == Principal(Role.COORDINATOR, None, key.id)
    revoke_key(store, key.id)
    with pytest.raises(Unauthorized, match=f"API key {key.id} was revoked"):
        authenticate(store, token)


def test_a_key_revoked_by_another_process_is_refused_at_the_next_call(tmp_path: Path) -> None:
    """The CLI revokes keys through its own connection to the file, as another process."""
    served = SqliteGraphStore(tmp_path / "hub.db")
    operator = SqliteGraphStore(tmp_path / "hub.db")
    try:
        key, token = create_key(served, Role.ADMIN)
        assert authenticate(served, token).key == key.id
        revoke_key(operator, key.id)
        with pytest.raises(Unauthorized, match="revoked"):
            authenticate(served, token)
    finally:
        operator.close()
        served.close()


def test_a_deleted_key_is_unknown_at_the_next_call(store: Store) -> None:
    key, token = create_key(store, Role.REVIEWER)
    assert authenticate(store, token).role is Role.REVIEWER
    store.delete_node(key.id)
    with pytest.raises(Unauthorized, match="unknown API key"):
        authenticate(store, token)


def test_an_unknown_token_stays_unknown_after_a_good_one_is_verified(store: Store) -> None:
    _, token = create_key(store, Role.ADMIN)
    authenticate(store, token)
    with pytest.raises(Unauthorized, match="unknown API key"):
        authenticate(store, token + "x")


_ROLES = (Role.COORDINATOR, Role.ADMIN, Role.REVIEWER)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(["call", "revoke"]), st.integers(0, 2)), max_size=12))
def test_each_caller_is_answered_as_the_store_says_now(
    store: Store, steps: list[tuple[str, int]]
) -> None:
    """Whatever the order of calls and revocations, each token gets its own principal
    until its key is revoked, and is refused from then on."""
    keys = [create_key(store, role) for role in _ROLES]
    revoked: set[int] = set()
    for step, which in steps:
        key, token = keys[which]
        if step == "revoke":
            revoke_key(store, key.id)
            revoked.add(which)
        elif which in revoked:
            with pytest.raises(Unauthorized, match="revoked"):
                authenticate(store, token)
        else:
            assert authenticate(store, token) == Principal(_ROLES[which], None, key.id)
