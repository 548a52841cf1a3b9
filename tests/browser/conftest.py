"""Browser fixtures: a live ``mercato serve`` on the demo data, one headless Debian Chromium, a context per test.

The server is the installed product started the way a newcomer starts it (``mercato migrate``, ``mercato
seed-demo --small``, ``mercato serve``) on SQLite in a temporary ``MERCATO_HOME``; it is reused from the
black-box e2e suite (``tests/e2e/live_server.py``). Playwright never downloads a browser: it drives
``/usr/bin/chromium``, which ``.ci/run`` installs from Debian when it is missing.
Run with ``pytest -m browser tests/browser``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from e2e.live_server import LiveServer
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Playwright, Response, sync_playwright

from .screenshots import Camera

CHROMIUM = os.environ.get("MERCATO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
ACTION_TIMEOUT_MS = 15_000


# --------------------------------------------------------------------------- selection


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser journeys run only when asked for by name (``-m browser``).

    A broader expression such as CI's ``-m "not e2e"`` would otherwise pick them up a second time.
    """
    if "browser" in (config.option.markexpr or ""):
        return
    chosen = [item for item in items if item.get_closest_marker("browser") is None]
    if len(chosen) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item.get_closest_marker("browser")])
        items[:] = chosen


# --------------------------------------------------------------------------- the server


class DemoServer(LiveServer):
    """The e2e suite's live server, in the embedded profile only: no Redis or broker inherited from the shell."""

    @property
    def env(self) -> dict[str, str]:
        inherited = super().env
        return {key: value for key, value in inherited.items() if key not in ("REDIS_URL", "CELERY_BROKER_URL")}


@pytest.fixture(scope="session")
def mercato(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """``mercato serve`` on a fresh SQLite database holding the small demo data set (demo logins work)."""
    home: Path = tmp_path_factory.mktemp("mercato-browser")
    server = DemoServer(home=home, database_url=f"sqlite:///{home / 'browser.sqlite3'}")
    server.run_command("migrate")
    server.run_command("seed-demo", "--small")
    server.start()
    try:
        yield server
    finally:
        server.stop()
        if request.session.testsfailed:
            capture = request.config.pluginmanager.getplugin("capturemanager")
            with capture.global_and_fixture_disabled():
                print(f"\n----- tail of {server.log_path} -----\n{server.log_tail()}\n-----")


# --------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (.ci/run installs Debian's chromium package)")
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def chromium(playwright_driver: Playwright) -> Iterator[Browser]:
    browser = playwright_driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()


@dataclass
class PageProblems:
    """What a page should never show: console errors, uncaught exceptions, server errors (5xx)."""

    items: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.items.append(f"uncaught exception on {page.url}: {error}"))
        page.on("response", self._on_response)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location.get("url", "") if message.location else ""
            self.items.append(f"console error ({location}): {message.text}")

    def _on_response(self, response: Response) -> None:
        if response.status >= 500:
            self.items.append(f"HTTP {response.status} for {response.request.method} {response.url}")


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def camera(request: pytest.FixtureRequest) -> Camera:
    return Camera(request.node.name)


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


NewPage = Callable[..., Page]


@pytest.fixture
def new_page(
    request: pytest.FixtureRequest, chromium: Browser, mercato: LiveServer, camera: Camera, page_problems: PageProblems
) -> Iterator[NewPage]:
    """Open a page in a fresh browser context (its own cookies: one context per person in the story).

    Keyword arguments go to ``Browser.new_context``; by default a 1280×800 desktop asking for English.
    """
    contexts: list[BrowserContext] = []

    def open_page(**options: Any) -> Page:
        settings: dict[str, Any] = {
            "base_url": mercato.base_url,
            "locale": "en-US",
            "timezone_id": "Asia/Shanghai",
            "viewport": DESKTOP,
            **options,
        }
        context = chromium.new_context(**settings)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(ACTION_TIMEOUT_MS * 2)
        contexts.append(context)
        page = context.new_page()
        page_problems.watch(page)
        return page

    yield open_page

    report = getattr(request.node, "report_call", None)
    for context in contexts:
        if report is not None and report.failed:
            for page in context.pages:
                with contextlib.suppress(Exception):  # a screenshot must never hide the real failure
                    camera(page, "at-failure")
        context.close()


@pytest.fixture
def page(new_page: NewPage) -> Page:
    """A desktop page in English, in a context of its own."""
    return new_page()
