"""The compare page in the system Chromium (see tests/browser.py): reached from a council page,
a group chosen in one click, a council added by name without any script, the charts drawn, and
axe finding nothing at desktop, phone and 320 px widths, with no sideways scroll."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser import ARTIFACTS, DESKTOP, PHONE, Session, browser, session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURES = (browser, session)
NARROW = {"width": 320, "height": 720}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]


def test_from_a_council_page_to_a_group_and_one_more_council(world, session):
    page = session.open("/councils/felpersham/")
    page.get_by_role("link", name="Compare Felpersham with other councils").click()
    expect(page.get_by_role("heading", name="Compare Felpersham with a group")).to_be_visible()
    page.locator('a[data-group="county"]').click()
    expect(page).to_have_url(
        re.compile(r"/compare/\?councils=felpersham,borsetshire,loxley-barrett$")
    )
    charts = page.locator(".compare-chart svg")
    expect(charts).to_have_count(4)
    # Three councils' lines and markers, and two types' dashed averages, on each chart.
    first = charts.first
    expect(first.locator("g[data-line]")).to_have_count(5)
    expect(first.locator("polyline[stroke-dasharray]").first).to_be_visible()
    assert first.locator("g[data-line] path").count() >= 3
    expect(page.locator("#table-upheld_rate thead th")).to_have_text(
        [
            "Year",
            "Felpersham",
            "Borsetshire",
            "Loxley Barrett",
            "Average, district councils",
            "Average, county councils",
        ]
    )
    page.fill("#compare-add", "Hassett")
    page.press("#compare-add", "Enter")
    expect(page).to_have_url(re.compile(r"councils=felpersham,borsetshire,loxley-barrett,hassett$"))
    page.get_by_role("link", name="Remove Borsetshire").click()
    expect(page).to_have_url(re.compile(r"councils=felpersham,loxley-barrett,hassett$"))
    expect(page.locator(".compare-list a.compare-remove")).to_have_count(3)


def test_axe_finds_nothing_and_nothing_scrolls_sideways(world, browser, live_server):
    pages = {
        "compare": "/compare/?councils=felpersham,ambridge,hassett,loxley-barrett,borsetshire",
        "compare-form": "/compare/?councils=felpersham&add=",
        "compare-choices": "/compare/?councils=felpersham&add=e",
        "compare-empty": "/compare/",
    }
    axe = Axe()
    found = {}
    ARTIFACTS.mkdir(exist_ok=True)
    for viewport in (DESKTOP, PHONE, NARROW):
        audit = Session(browser, live_server.url, viewport=viewport, csp=False)
        for name, path in pages.items():
            page = audit.open(path)
            page.screenshot(path=ARTIFACTS / f"{name}-{viewport['width']}.png", full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{name} is {width} px wide at {viewport['width']}"
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            if results.violations_count:
                found[f"{name} {viewport['width']}px"] = results.generate_report()
        audit.close()
    assert not found, "\n".join(f"{k}:\n{v}" for k, v in found.items())


def test_the_page_works_under_the_sites_policy(world, session):
    page = session.open("/compare/?councils=felpersham,ambridge")
    expect(page.locator(".compare-chart")).to_have_count(4)
    assert page.evaluate("document.styleSheets.length") >= 2  # the page's own sheet loaded
    # session.close() fails on any CSP violation.
