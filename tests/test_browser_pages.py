"""The other pages in the system Chromium (see tests/browser.py): the council page shows the
API's figures, markup in the data shows as text on every page, and axe finds nothing on any
page, desktop and phone, each captured in test-artifacts/.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from decisions.models import AnnualLetter, Decision
from tests.browser import ARTIFACTS, DESKTOP, PHONE, Session, browser, session, table_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Fixtures from tests/browser.py, which pytest finds here by their names.
FIXTURES = (browser, session)


def test_the_council_page_shows_the_apis_figures(world, session, live_server):
    page = session.open("/councils/felpersham/?year=2022-23")
    api = page.request.get(f"{live_server.url}/api/councils/E07900001/statistics/").json()
    row = next(r for r in api["years"] if r["year"] == "2022-23")
    shown = page.locator("#headline data[data-field]").evaluate_all(
        "els => els.map(e => [e.dataset.field, e.value])"
    )
    assert len(shown) >= 20
    for field, value in shown:
        if field.startswith("rank."):
            continue
        source = row["average"] if field.startswith("average.") else row
        expected = source[field.removeprefix("average.")]
        assert value == ("" if expected is None else str(expected)), field
    for code, count in row["outcomes"].items():
        cell = page.locator(f'[data-field="outcomes.{code}"]')
        assert cell.inner_text() == str(count)
    assert page.locator(".caution").count() == 4  # every rate rests on under 10 cases


def test_markup_in_data_shows_as_text(world, session):
    council = world["ambridge"]
    council.short_name = "<script>alert(1)</script>"
    council.save()
    Decision.objects.filter(council=council).update(summary="<img src=x onerror=alert(2)>")
    page = session.open_map("/?year=2022-23")
    page.locator('path[data-gss="E06900001"]').hover()
    tip = page.locator("#map-info")
    expect(tip).to_contain_text("<script>alert(1)</script>")
    assert tip.locator("script").count() == 0
    assert "<script>alert(1)</script>" in " ".join(table_text(page))
    # The table the script fetches for another choice is the server's too, and as inert.
    page.check("#tier-upper")
    expect(page.locator("#map")).to_have_attribute("data-state", "2022-23|upheld_rate|upper")
    assert "<script>alert(1)</script>" in " ".join(table_text(page))
    assert page.locator("#council-rows script").count() == 0
    page.fill("#search-input", "script")
    expect(page.locator("#search-results a")).to_have_text(["<script>alert(1)</script>"])
    page = session.open("/councils/ambridge/?year=2022-23")
    expect(page.locator(".decision-list").first).to_contain_text("<img src=x onerror=alert(2)>")
    assert page.locator("main img").count() == 0
    # session.close() asserts that no dialog ever opened.


def test_axe_finds_nothing_and_pages_are_captured(world, browser, live_server):
    letter = AnnualLetter.objects.create(
        council=world["felpersham"],
        year=2022,
        body="Dear Chief Executive,\n\nOur review.",
        sent_on="2023-07-01",
    )
    decision = world["felpersham"].decisions.get(remedied_by_authority=True)  # has remedies
    pages = {
        "map": ("/?year=2022-23", "#map[data-state]"),
        "map-upper": ("/?year=2022-23&tier=upper&stat=upheld_per_100k", "#map[data-state]"),
        "map-compared": ("/?year=2022-23&mode=compared", "#map[data-state]"),
        "council": ("/councils/felpersham/?year=2022-23", None),
        "council-former": ("/councils/loxley-barrett/?year=2022-23", None),
        "councils": ("/councils/", None),
        "decision": (decision.get_absolute_url(), None),
        "letter": (letter.get_absolute_url(), None),
        "data": ("/about/data/", None),
        "funnels": ("/funnel-plots/?year=2022-23", None),
        "funnels-per-head": ("/funnel-plots/?year=2022-23&measure=upheld_per_100k", None),
        "early-warnings": ("/early-warnings/?year=2022-23", None),
    }
    axe = Axe()
    found = {}
    ARTIFACTS.mkdir(exist_ok=True)
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        # axe injects its script with eval, which the site's CSP rightly refuses.
        audit = Session(browser, live_server.url, viewport=viewport, csp=False)
        for name, (path, ready) in pages.items():
            page = audit.open(path)
            if ready:
                page.wait_for_selector(ready)
            page.screenshot(path=ARTIFACTS / f"{name}-{label}.png", full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{name} is {width} px wide at {label} size"
            page.locator("details").evaluate_all("els => els.forEach(d => d.open = true)")
            results = axe.run(page)
            if results.violations_count:
                found[f"{name} {viewport['width']}px"] = results.generate_report()
        audit.close()
    assert not found, "\n".join(f"{k}:\n{v}" for k, v in found.items())


def test_each_funnel_point_is_a_named_link_reached_by_keyboard(world, session):
    page = session.open("/funnel-plots/?year=2022-23&type=district")
    points = page.locator("svg.funnel-plot a.point")
    assert points.count() == 2  # the two districts: Felpersham and Loxley Barrett
    felpersham = page.get_by_role("link", name=re.compile(r"^Felpersham: 75\.0% \(3 of 4\)"))
    expect(felpersham).to_have_count(1)
    # From the skip link, the points are the next stops: each shows its name when focused.
    page.locator(".skip-link--local").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.querySelector('title').textContent")
    assert focused.split(":")[0] in ("Felpersham", "Loxley Barrett")
    felpersham.click()
    expect(page).to_have_url(re.compile(r"/councils/felpersham/\?year=2022-23$"))
