"""What the browser tests (tests/test_browser_*.py) share: the system Chromium, driven by
Playwright against `live_server`, and a tab on the site that records what must not happen.

One browser serves each test module (the `browser` fixture). Pages load under the site's strict
Content-Security-Policy (django-csp, the same in development as in production): a `Session`
checks the header is there and fails on any violation, so an inline script or style anywhere
fails the tests. Screenshots and timings go to test-artifacts/ (ARTIFACTS).
Chromium missing is a failure, not a skip: CI installs it (.ci/run).
The test modules import the fixtures by name.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from django.core.signals import request_finished, request_started
from playwright.sync_api import sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SETTLE_SECONDS = 30


class _LiveRequests:
    """The requests the live server's threads are answering. Closing a tab stops it asking but
    not the server answering: a search sent as the test ended was still reading the database
    when the test's database was flushed (a 500, and a flush that failed). Requests of the test
    client run in the test's own thread and finish before it goes on, so only others count."""

    def __init__(self):
        self._open = 0
        self._changed = threading.Condition()
        request_started.connect(self._started, weak=False)
        request_finished.connect(self._finished, weak=False)

    def _elsewhere(self) -> bool:
        return threading.current_thread() is not threading.main_thread()

    def _started(self, **kwargs):
        if self._elsewhere():
            with self._changed:
                self._open += 1

    def _finished(self, **kwargs):
        if self._elsewhere():
            with self._changed:
                self._open -= 1
                self._changed.notify_all()

    @property
    def open(self) -> int:
        with self._changed:
            return self._open

    def wait_until_answered(self):
        with self._changed:
            if not self._changed.wait_for(lambda: self._open <= 0, timeout=SETTLE_SECONDS):
                pytest.fail(f"the live server was still answering {self._open} request(s)")


LIVE_REQUESTS = _LiveRequests()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: apt-get install chromium")
    # Playwright's sync API runs an event loop in this thread, and Django's async-safety check
    # would refuse the database calls the fixtures make meanwhile. Only for the module using it:
    # the variable must not reach other tests (check --deploy rightly rejects it).
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Session:
    """A browser tab on the live server that records every CSP violation, script error and
    dialog (an alert would mean data ran as code)."""

    def __init__(self, browser, base_url: str, viewport=DESKTOP, csp=True, **options):
        self.base_url = base_url
        self.context = browser.new_context(viewport=viewport, bypass_csp=not csp, **options)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []  # paths and queries, for what the map downloads
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))
        self.page.on("request", lambda request: self.requests.append(self._local(request.url)))
        self.page.on("console", self._console)
        self.page.on("dialog", self._dialog)
        self.csp = csp

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.problems.append(message.text)

    def _local(self, url: str) -> str:
        return url.removeprefix(self.base_url)

    def fetched(self, prefix: str) -> list[str]:
        """The requests so far under `prefix` (a path), static files aside, forgetting them."""
        found = [r for r in self.requests if r.startswith(prefix) and "/static/" not in r]
        self.requests.clear()
        return found

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: str):
        response = self.page.goto(self.base_url + path)
        if self.csp:
            policy = response.headers.get("content-security-policy", "")
            assert "script-src 'self'" in policy and "style-src 'self'" in policy, policy
        return self.page

    def open_map(self, path: str = "/"):
        page = self.open(path)
        page.wait_for_selector("#map[data-state]")
        return page

    def close(self):
        self.context.close()
        LIVE_REQUESTS.wait_until_answered()
        assert not self.problems, self.problems
        assert not self.dialogs, f"a dialog opened: {self.dialogs}"


@pytest.fixture
def session(browser, live_server):
    session = Session(browser, live_server.url)
    yield session
    session.close()


def sign_in_as_superuser(session: Session, user_model):
    """A superuser, signed in through the admin's login form in this tab."""
    user_model.objects.create_superuser("chief", password="a-long-enough-passphrase")
    page = session.open("/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "a-long-enough-passphrase")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def table_text(page) -> list[str]:
    return page.locator("#council-rows tr").evaluate_all(
        "rows => rows.map(r => r.innerText.replace(/\\s+/g, ' ').trim())"
    )
