"""Reading the audit log, whole or for one support request."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph import GraphStore
from hub import audit

REQUESTS = ("req-a", "req-b", "req-c")
ENTRY = st.tuples(st.sampled_from((*REQUESTS, "sugg:x")), st.sampled_from((None, *REQUESTS)))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(logged=st.lists(ENTRY, max_size=12))
def test_a_requests_history_is_every_entry_about_it_or_filed_under_it_oldest_first(
    store: GraphStore, logged: list[tuple[str, str | None]]
) -> None:
    for node in [n.id for n in store.nodes("AuditEntry")]:
        store.delete_node(node)
    with store.batch() as writer:
        for subject, request in logged:
            audit.log(writer, "coordinator:key-x", "request.updated", subject, "", request)
    whole = audit.entries(store)
    assert sorted((e.subject, e.request or "") for e in whole) == sorted(
        (subject, request or "") for subject, request in logged
    )
    assert whole == sorted(whole, key=lambda e: (e.at, e.id))
    for request in REQUESTS:
        assert audit.entries(store, request=request) == [
            e for e in whole if request in (e.subject, e.request)
        ]
