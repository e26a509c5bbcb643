"""A browser test ends only when the live server has answered its tabs: closing a Session waits
for requests still being answered, so none reaches a database that the test's end flushes."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.signals import request_started

from tests.browser import LIVE_REQUESTS, Session, browser

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURES = (browser,)


def test_closing_a_tab_waits_for_the_server_to_answer(browser, live_server):
    def slowly(**kwargs):
        # Connected after the tracker, so the request already counts while it sleeps here.
        if threading.current_thread() is not threading.main_thread():
            time.sleep(1.5)

    request_started.connect(slowly, weak=False)
    try:
        tab = Session(browser, live_server.url)
        tab.page.evaluate("url => { fetch(url, {mode: 'no-cors'}); }", f"{live_server.url}/healthz")
        deadline = time.monotonic() + 10
        while LIVE_REQUESTS.open == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert LIVE_REQUESTS.open == 1, "the request never reached the server"
        tab.close()
        assert LIVE_REQUESTS.open == 0
    finally:
        request_started.disconnect(slowly)
