"""A real hub server on the demo data, and headless Debian Chromium driven by Playwright.

The tests skip, with one reason, when Chromium, the playwright package or the console's
npm libraries are missing; with `HUB_REQUIRE_BROWSER=1` (CI) they fail instead.
`scripts/setup-browser` installs all three.
"""

from __future__ import annotations

import importlib.util
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn

from api.app import create_app
from api.console import NODE_MODULES, missing_libraries
from graph.sqlite import SqliteGraphStore
from hub.access import Principal, create_key
from hub.demo import load_demo
from hub.domain.keys import Role
from hub.domain.settings import Settings
from hub.review import queue_suggestions

if TYPE_CHECKING:
    from playwright.sync_api import Browser, FloatRect, Page

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
SCREENSHOT_HEIGHT = 10_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def browser_missing() -> str | None:
    """What keeps the browser tests from running, or None when everything is there."""
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        missing.append("the playwright package (pip install playwright)")
    if missing_libraries():
        missing.append(f"{NODE_MODULES} (npm ci --prefix web)")
    if not missing:
        return None
    return f"browser tests need {', '.join(missing)}; run scripts/setup-browser"


def browser_required() -> bool:
    return os.environ.get("HUB_REQUIRE_BROWSER") == "1"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    reason = browser_missing()
    if reason is not None:
        if browser_required():
            pytest.fail(f"HUB_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@dataclass
class LiveHub:
    url: str
    store: SqliteGraphStore
    tokens: dict[str, str]


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="session")
def live_hub(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveHub]:
    """uvicorn on a free loopback port, serving the demo hub with one key per role."""
    folder = tmp_path_factory.mktemp("hub")
    store = SqliteGraphStore(folder / "hub.db")
    load_demo(store)
    tokens = {
        "coordinator": create_key(store, Role.COORDINATOR)[1],
        "morocco": create_key(store, Role.MEMBER_STATE, "morocco")[1],
        "partner": create_key(store, Role.PARTNER, "iom")[1],
        "jordan": create_key(store, Role.MEMBER_STATE, "jordan")[1],
        "fund_manager": create_key(store, Role.FUND_MANAGER)[1],
        "reviewer": create_key(store, Role.REVIEWER)[1],
        "reviewer_b": create_key(store, Role.REVIEWER)[1],
        "reviewer_iom": create_key(store, Role.REVIEWER, "iom")[1],
    }
    staff = Principal(Role.COORDINATOR, key="browser-tests")
    queue_suggestions(store, staff, "req-morocco-migration-data", n=3)
    queue_suggestions(store, staff, "req-somalia-legal-identity", n=2)
    app = create_app(Settings(data_dir=folder), store=store)
    sock = _free_socket()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the hub server did not start")
        time.sleep(0.05)
    host, port = sock.getsockname()
    yield LiveHub(f"http://{host}:{port}", store, tokens)
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()
    store.close()


@pytest.fixture
def page(browser: Browser, live_hub: LiveHub, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh tab (its own sessionStorage); a screenshot of it is kept after each test."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=live_hub.url)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    # The page's top screens only: a full ReDoc page is over 100,000 px tall and takes
    # seconds to encode, longer than the tab's timeout on a busy machine
    height = min(tab.evaluate("document.documentElement.scrollHeight"), SCREENSHOT_HEIGHT)
    clip: FloatRect = {"x": 0, "y": 0, "width": 1366, "height": height}
    tab.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True, clip=clip)
    context.close()
    assert not errors, f"JavaScript errors in the console: {errors}"


def sign_in(page: Page, hub: LiveHub, who: str | None) -> None:
    """Sign in through the form, as a person would; None continues as the public."""
    page.goto("/console/")
    if who is None:
        page.get_by_role("button", name="Continue as public").click()
    else:
        page.get_by_label("API key").fill(hub.tokens[who])
        page.get_by_role("button", name="Sign in").click()
    page.locator("body[data-page]:not([data-page='/signin'])").wait_for(state="attached")
