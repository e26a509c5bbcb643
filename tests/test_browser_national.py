"""The national pages in Chromium (rankings, service improvements): the rankings' filter form
(small-numbers switch, region) works without scripts, and axe finds nothing at desktop and phone
sizes, where no page scrolls sideways."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser import DESKTOP, PHONE, Session, browser, session  # noqa: F401 (fixtures)

from .test_rankings import Y, districts  # noqa: F401 (a fixture)

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]
pytestmark = pytest.mark.django_db(transaction=True)


def test_the_switch_and_the_region_filter_the_table(districts, session):  # noqa: F811
    page = session.open(f"/rankings/?year={Y.label}&type=district")
    rows = page.locator("#ranking tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("#small-numbers")).to_be_visible()
    page.get_by_role("radio", name="Rank them too").check()
    page.get_by_role("button", name="Show").click()
    expect(rows).to_have_count(4)
    expect(rows.first).to_contain_text("Ninefield")
    page.get_by_label("Region").select_option("South West")
    page.get_by_role("button", name="Show").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Lowbury")
    assert "region=South+West" in page.url and "small=show" in page.url


def test_axe_finds_nothing(districts, browser, live_server):  # noqa: F811
    axe = Axe()
    found = {}
    for viewport in (DESKTOP, PHONE):
        audit = Session(browser, live_server.url, viewport=viewport, csp=False)
        for query in (
            f"/rankings/?year={Y.label}&type=district",
            f"/rankings/?year={Y.label}&type=district&small=show",
            f"/rankings/?year={Y.label}&type=county",
            "/service-improvements/",
            "/service-improvements/?kind=training",
        ):
            page = audit.open(query)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{query} is {width} px wide"
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            if results.violations_count:
                found[f"{query} {viewport['width']}px"] = results.generate_report()
        audit.close()
    assert not found, "\n".join(f"{k}:\n{v}" for k, v in found.items())
