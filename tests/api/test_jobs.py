"""Uploads become jobs: answered at once, imported in the background, all or nothing."""

from __future__ import annotations

from tests.api.conftest import Hub, finished_job
from tests.hub.test_iati_import import activity

ACTIVITIES = 3_000


def iati(count: int) -> bytes:
    body = "".join(
        activity(f"JOB-{i}", (1, f"Donor {i % 7}"), (4, f"Partner {i % 40}")) for i in range(count)
    )
    root = '<iati-activities version="2.03">'
    return f'<?xml version="1.0"?>\n{root}{body}</iati-activities>'.encode()


def test_an_upload_is_a_job_its_submitter_and_staff_can_follow(hub: Hub) -> None:
    coordinator = hub.headers("coordinator")
    queued = hub.client.post(
        "/api/v1/import/iati", headers=coordinator, files={"file": ("two.xml", iati(2))}
    )
    assert queued.status_code == 202, queued.text
    job = queued.json()
    assert queued.headers["Location"] == f"/api/v1/jobs/{job['id']}"
    assert job["status"] in ("queued", "running", "done") and job["file"] == "two.xml"
    assert job["progress"]["bytes_total"] == len(iati(2))

    done = finished_job(hub.client, queued, coordinator)
    assert done["status"] == "done", done
    assert done["result"]["activities"] == 2 and done["problem"] is None
    assert done["progress"]["bytes_read"] == done["progress"]["bytes_total"]
    activity_page = hub.client.get("/api/v1/activities", params={"limit": 200}).json()
    assert {"JOB-0", "JOB-1"} <= {a["id"] for a in activity_page["items"]}

    location = queued.headers["Location"]
    assert hub.client.get(location, headers=hub.headers("admin")).status_code == 200
    for role, status in (("public", 401), ("partner", 404), ("member_state", 404)):
        refused = hub.client.get(location, headers=hub.headers(role))
        assert refused.status_code == status, role
        assert refused.headers["content-type"] == "application/problem+json"
    assert hub.client.get("/api/v1/jobs/job-unknown", headers=coordinator).status_code == 404


def test_readers_during_an_import_see_none_of_the_file_or_all_of_it(hub: Hub) -> None:
    coordinator = hub.headers("coordinator")
    before = hub.client.get("/api/v1/ready").json()["nodes"]
    queued = hub.client.post(
        "/api/v1/import/iati", headers=coordinator, files={"file": ("big.xml", iati(ACTIVITIES))}
    )
    seen, running = set(), 0
    while (job := hub.client.get(queued.headers["Location"], headers=coordinator).json())[
        "status"
    ] in ("queued", "running"):
        seen.add(hub.client.get("/api/v1/ready").json()["nodes"])
        running += job["status"] == "running"
    after = hub.client.get("/api/v1/ready").json()["nodes"]
    assert job["status"] == "done", job
    assert after == before + job["result"]["nodes_added"]
    assert job["result"]["activities"] == ACTIVITIES
    assert running, "the import ended before a reader could look during it"
    assert seen <= {before, after}


def test_a_failed_job_says_why(hub: Hub) -> None:
    coordinator = hub.headers("coordinator")
    before = hub.client.get("/api/v1/ready").json()
    queued = hub.client.post(
        "/api/v1/import/iati", headers=coordinator, files={"file": ("cut.xml", iati(3)[:-40])}
    )
    failed = finished_job(hub.client, queued, coordinator)
    assert failed["status"] == "failed" and failed["result"] is None
    assert failed["problem"]["status"] == 422 and failed["problem"]["title"] == "InvalidInput"
    assert failed["problem"]["detail"].startswith("cut.xml: malformed XML")
    assert hub.client.get("/api/v1/ready").json() == before
