"""`gcm-hub review` and `gcm-hub demo --suggest`: the review queue, run as an operator would."""

from __future__ import annotations

from tests.cli.commands import fails, run


def test_the_demo_queues_each_open_request_once_and_never_a_worked_on_one() -> None:
    loaded = run("demo", "--suggest", "2")
    queue = run("review", "list")
    by_request: dict[str, list[int]] = {}
    for s in queue:
        by_request.setdefault(s["request"], []).append(s["rank"])
    assert loaded["queued_requests"] == len(by_request) > 10
    assert all(ranks == [1, 2] for ranks in by_request.values())
    statuses = {r["id"]: r["status"] for r in run("requests", "list")}
    assert {statuses[r] for r in by_request} == {"open"}
    assert any(status != "open" for status in statuses.values())

    # a request decided on is not queued again, and a second load queues nothing
    first = queue[0]
    run("review", "reject", first["id"], "--reason", "wrong_expertise")
    run("review", "reject", queue[1]["id"], "--reason", "no_capacity")
    assert run("demo", "--suggest", "2")["queued_requests"] == 0
    assert first["request"] not in {s["request"] for s in run("review", "list")}


def test_a_pairing_from_queue_to_partnership() -> None:
    run("demo")
    queued = run("review", "suggest", "req-morocco-migration-data", "--n", "3")
    assert [s["rank"] for s in queued] == [1, 2, 3]
    assert [s["id"] for s in run("review", "list", "--member-state", "morocco")] == [
        s["id"] for s in queued
    ]
    best, second, third = queued

    deferred = run("review", "defer", third["id"], "--note", "ask again after the audit")
    assert (
        deferred[0]["status"] == "deferred" and deferred[0]["note"] == "ask again after the audit"
    )
    assert [s["id"] for s in run("review", "list", "--status", "deferred")] == [third["id"]]

    [rejected] = run("review", "reject", second["id"], "--reason", "not_in_region")
    assert rejected["status"] == "rejected" and rejected["reason"] == "not_in_region"
    assert "not_in_region" in fails("review", "reject", second["id"], "--reason", "nope")

    partnership = run("review", "accept", best["id"], "--note", "strong record on data")
    assert partnership["status"] == "proposed"
    assert set(partnership["members"]) == {best["candidate"], "morocco"}
    assert partnership["request"] == "req-morocco-migration-data"
    assert run("review", "list", "--member-state", "morocco") == []
    assert "already accepted" in fails("review", "accept", best["id"])  # decided once only


def test_the_queue_refuses_what_it_cannot_do_and_names_it() -> None:
    run("demo")
    assert "req-nowhere" in fails("review", "suggest", "req-nowhere")
    assert "sugg:none" in fails("review", "accept", "sugg:none")
    assert "--reason" in fails("review", "reject", "sugg:any")  # the reason is required
    assert "--n" in fails("review", "suggest", "req-morocco-migration-data", "--n", "21")
