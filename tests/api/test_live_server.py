"""End to end against a real `gcm-hub serve`: the CLI, the process, the port and the wire.

The hub is set up the way an operator would (`demo`, `keys create --json`), served by
uvicorn on a free loopback port, and driven with httpx by three parties: a Member
State, a coordinator and an agency. Embedded backend only: the Neo4j variants of the
same calls run in the store-parametrised TestClient suites.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.slow

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
STARTUP = 60.0


@dataclass
class LiveHub:
    url: str
    tokens: dict[str, str]

    def client(self, role: str) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[role]}"}
        return httpx.Client(base_url=f"{self.url}/api/v1", headers=headers, timeout=60)


def hub_command(env: dict[str, str], cwd: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"gcm-hub {' '.join(args)}: {done.stderr}"
    return done.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(server: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gcm-hub serve exited with {server.returncode}:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    pytest.fail(f"gcm-hub serve did not answer within {STARTUP:.0f} s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def live_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHub]:
    home = tmp_path_factory.mktemp("live-hub")
    # cwd is the temp folder so that no `.env` of the checkout steers the hub
    env = {**os.environ, "HUB_DATA_DIR": str(home / "data"), "HUB_GRAPH_BACKEND": "embedded"}
    hub_command(env, home, "demo", "--json")
    tokens = {}
    for role, args in {
        "coordinator": ["--role", "coordinator"],
        "member_state": ["--role", "member_state", "--stakeholder", "morocco"],
        "agency": ["--role", "partner", "--stakeholder", "iom"],
    }.items():
        tokens[role] = json.loads(hub_command(env, home, "keys", "create", *args, "--json"))[
            "token"
        ]

    port = free_port()
    log = home / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            cwd=home,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(server, url, log)
        yield LiveHub(url, tokens)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)


def test_a_request_goes_from_filing_to_a_completed_partnership(live_hub: LiveHub) -> None:
    with (
        live_hub.client("member_state") as state,
        live_hub.client("coordinator") as coordinator,
    ):
        filed = state.post(
            "/requests",
            json={
                "title": "Labour migration information system",
                "text": "We need help to connect labour migration data across ministries "
                "and to publish regular statistics on migrant workers.",
                "objectives": [1, 6],
                "countries": ["MA"],
            },
        )
        assert filed.status_code == 201, filed.text
        request = filed.json()
        assert request["requester"] == "morocco"

        matches = state.get(f"/requests/{request['id']}/partners", params={"n": 5})
        assert matches.status_code == 200, matches.text
        partners = matches.json()["partners"]
        assert partners and all(p["candidate"] != "morocco" for p in partners)
        assert [p["score"] for p in partners] == sorted(
            (p["score"] for p in partners), reverse=True
        )

        queued = coordinator.post(f"/requests/{request['id']}/suggestions", params={"n": 3})
        assert queued.status_code == 201, queued.text
        first, second = queued.json()[:2]

        accepted = coordinator.post(
            f"/suggestions/{first['id']}/accept", json={"note": "fits the ministry's plan"}
        )
        assert accepted.status_code == 200, accepted.text
        partnership = accepted.json()
        assert partnership["status"] == "proposed"
        assert set(partnership["members"]) == {"morocco", first["candidate"]}

        rejected = coordinator.post(
            f"/suggestions/{second['id']}/reject",
            json={"reason": "no_capacity", "note": "fully booked this year"},
        )
        assert rejected.status_code == 200, rejected.text
        assert rejected.json()["status"] == "rejected"
        assert rejected.json()["reason"] == "no_capacity"

        listed = state.get("/partnerships", params={"member": "morocco", "limit": 200})
        assert partnership["id"] in [p["id"] for p in listed.json()["items"]]

        for status in ("agreed", "active", "completed"):
            moved = coordinator.post(
                f"/partnerships/{partnership['id']}/status", json={"status": status}
            )
            assert moved.status_code == 200, moved.text
            assert moved.json()["status"] == status
        seen = state.get(f"/partnerships/{partnership['id']}").json()
        assert seen["status"] == "completed"
        assert {"proposed", "agreed", "active", "completed"} <= seen["status_dates"].keys()

        again = coordinator.post(
            f"/partnerships/{partnership['id']}/status", json={"status": "active"}
        )
        assert again.status_code == 409
        assert again.headers["content-type"] == "application/problem+json"


def test_an_agency_explores_a_neighbourhood_and_exports_it(live_hub: LiveHub) -> None:
    with live_hub.client("agency") as agency:
        found = agency.get("/graph/neighbourhood/iom", params={"depth": 2})
        assert found.status_code == 200, found.text
        assert len(found.json()["nodes"]) > 1 and found.json()["truncated"] is False

        exported = agency.get("/graph/neighbourhood/iom", params={"depth": 2, "format": "graphml"})
        assert exported.status_code == 200, exported.text
        assert exported.headers["content-type"].startswith("application/graphml+xml")
    root = ET.fromstring(exported.content)
    nodes = root.findall(f"{GRAPHML}graph/{GRAPHML}node")
    assert len(nodes) > 1
    assert "iom" in {node.get("id") for node in nodes}


def test_the_served_api_documents_itself(live_hub: LiveHub) -> None:
    assert httpx.get(f"{live_hub.url}/docs").status_code == 200
    schema = httpx.get(f"{live_hub.url}/openapi.json").json()
    assert "/api/v1/graph/neighbourhood/{node_id}" in schema["paths"]


@pytest.mark.parametrize(
    ("credentials", "status"),
    [(b"", 401), (b"Authorization: Bearer gcm_wrong_token\r\n", 401), ("agency", 403)],
    ids=["no key", "wrong key", "partner key"],
)
def test_an_upload_is_refused_before_its_body_is_read(
    live_hub: LiveHub, credentials: bytes | str, status: int
) -> None:
    """Only the headers and the first 64 KiB of a declared 50 MB body are ever sent."""
    if isinstance(credentials, str):
        credentials = f"Authorization: Bearer {live_hub.tokens[credentials]}\r\n".encode()
    host, port = live_hub.url.removeprefix("http://").split(":")
    head = (
        b"POST /api/v1/import/iati HTTP/1.1\r\nHost: hub\r\n"
        b"Content-Type: multipart/form-data; boundary=cut\r\n"
        b"Content-Length: 50000000\r\n" + credentials + b"\r\n"
        b'--cut\r\nContent-Disposition: form-data; name="file"; filename="big.xml"\r\n\r\n'
    )
    with socket.create_connection((host, int(port)), timeout=STARTUP) as sock:
        sock.sendall(head + b" " * 65536)
        answer = b""
        while b"\r\n\r\n" not in answer:  # a hub that waits for the body times out here
            received = sock.recv(65536)
            assert received, "the hub closed the connection without an answer"
            answer += received
    assert answer.startswith(f"HTTP/1.1 {status} ".encode()), answer[:200]
    assert b"application/problem+json" in answer
