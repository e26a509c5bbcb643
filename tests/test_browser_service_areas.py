"""The service-area pages in the system Chromium (see tests/browser.py): the national page and the
council page's section pass axe and fit a 320 px screen, and a category leads into the decision
search with that category chosen."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser import ARTIFACTS, DESKTOP, Session, browser, session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURES = (browser, session)
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"],
    }
}
NARROW = {"width": 320, "height": 720}


def test_axe_finds_nothing_and_nothing_scrolls_sideways(world, browser, live_server):
    pages = {
        "service-areas": ("/service-areas/", "main"),
        "council-service-areas": ("/councils/felpersham/?year=2022-23", "#service-areas"),
    }
    axe = Axe()
    found = {}
    ARTIFACTS.mkdir(exist_ok=True)
    for label, viewport in (("desktop", DESKTOP), ("narrow", NARROW)):
        # axe injects its script with eval, which the site's CSP rightly refuses.
        audit = Session(browser, live_server.url, viewport=viewport, csp=False)
        for name, (path, part) in pages.items():
            page = audit.open(path)
            expect(page.locator(part).first).to_be_visible()
            page.screenshot(path=ARTIFACTS / f"{name}-{label}.png", full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{name} is {width} px wide at {label} size"
            results = axe.run(page, context=part, options=AXE_OPTIONS)
            if results.violations_count:
                found[f"{name} {viewport['width']}px"] = results.generate_report()
        audit.close()
    assert not found, "\n".join(f"{k}:\n{v}" for k, v in found.items())


def test_a_category_leads_into_the_decision_search(world, session):
    page = session.open("/service-areas/")
    section = page.locator('section[data-category="Benefits and tax"]')
    expect(section.locator('tr[data-year="2022-23"] [data-field="decisions"]')).to_have_text("1")
    expect(section.locator('tr[data-year="2022-23"] [data-field="upheld_rate"]')).to_have_text(
        "100.0%*"
    )
    section.get_by_role("link", name="Search the benefits and tax decisions").click()
    expect(page).to_have_url(f"{session.base_url}/decisions/?category=Benefits+and+tax")
    expect(page.locator("select[name=category]")).to_have_value("Benefits and tax")
    expect(page.locator(".result-count, main").first).to_contain_text("Council tax")


def test_the_council_section_links_each_category_to_its_decisions(world, session):
    page = session.open("/councils/felpersham/?year=2022-23")
    table = page.locator("#service-areas-table")
    housing = table.locator('tr[data-category="Housing"]')
    # Felpersham's 9 decisions of 2022-23 but the one about council tax.
    expect(housing.locator('[data-field="decisions"]')).to_have_text("8")
    expect(housing.locator('[data-field="compared"]')).not_to_be_empty()
    housing.get_by_role("link", name="Housing").click()
    expect(page.locator("select[name=category]")).to_have_value("Housing")
