"""The decisions search in the system Chromium (see tests/browser.py): a search made with the
form is an address to share, a reference typed into the map's council search box opens its
decision, a council page's link opens the search for that council, and axe finds nothing on the
search pages (results, errors, a reference not found, the reports), desktop and phone, each
captured in test-artifacts/."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from decisions.models import Decision
from tests.browser import ARTIFACTS, DESKTOP, PHONE, Session, browser, session
from tests.factories import DecisionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Fixtures from tests/browser.py, which pytest finds here by their names.
FIXTURES = (browser, session)


@pytest.fixture
def noisy(world):
    """Two noise complaints in the small world: the older one says "noise" three times."""
    DecisionFactory(
        reference="22 200 001",
        council=world["felpersham"],
        summary="Noise from a bar kept Mr B awake; the noise went on and the noise got worse.",
        category="Environment and regulation",
        subcategory="Licensing",
    )
    DecisionFactory(
        reference="22 200 002",
        council=world["ambridge"],
        decision_date="2022-11-01",
        published_on="2022-12-01",
        summary="Mrs C said the council ignored her report of noise.",
        category="Environment and regulation",
        subcategory="Licensing",
    )
    return world


def test_a_search_made_with_the_form_is_an_address(noisy, session, browser):
    page = session.open("/decisions/")
    page.get_by_label("Words or a reference", exact=True).fill("noise")
    page.get_by_label("Outcome", exact=True).select_option("upheld")
    page.get_by_label("Category", exact=True).select_option("Environment and regulation")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/decisions/\?q=noise&.*outcome=upheld"))
    expect(page.locator(".result-count")).to_have_text("2 decisions, best match first.")
    expect(page.locator(".decision-list__head a")).to_have_text(
        ["Decision 22 200 001", "Decision 22 200 002"]
    )
    link = page.get_by_role("link", name="Download all 2 as CSV")
    assert "format=csv" in link.get_attribute("href")
    # The address alone gives the same page: another tab, nothing typed.
    shared = Session(browser, session.base_url)
    again = shared.open(page.url.removeprefix(session.base_url))
    expect(again.locator(".decision-list__head a")).to_have_count(2)
    expect(again.get_by_label("Words or a reference", exact=True)).to_have_value("noise")
    shared.close()


def test_a_reference_in_the_maps_search_box_opens_its_decision(noisy, session):
    decision = Decision.objects.get(reference="22 200 002")
    page = session.open_map("/?year=2022-23")
    page.fill("#search-input", "22-200-002")
    page.press("#search-input", "Enter")
    expect(page).to_have_url(re.compile(rf"{re.escape(decision.get_absolute_url())}$"))
    expect(page.locator("h1")).to_contain_text("Decision 22 200 002")
    page = session.open("/decisions/")
    page.get_by_label("Words or a reference", exact=True).fill("99 999 999")
    page.get_by_label("Words or a reference", exact=True).press("Enter")
    expect(page.locator(".notice")).to_contain_text(
        "There is no public decision with the reference 99 999 999."
    )


def test_a_council_pages_link_searches_that_council(noisy, session):
    page = session.open("/councils/felpersham/?year=2022-23")
    page.get_by_role("link", name="Search this council's decisions").click()
    expect(page).to_have_url(re.compile(r"/decisions/\?council=E07900001$"))
    expect(page.get_by_label("Council", exact=True)).to_have_value("Felpersham District Council")
    expect(page.locator(".result-count")).to_contain_text("11 decisions")
    page.get_by_role("link", name="Decisions", exact=True).first.click()  # the site's nav
    expect(page).to_have_url(re.compile(r"/decisions/$"))


def test_an_error_names_the_parameter_and_links_to_its_field(noisy, session):
    page = session.open("/decisions/?council=Nowhereshire&date_from=2024-13-40")
    summary = page.locator(".error-summary")
    expect(summary.locator("li")).to_have_count(2)
    link = summary.get_by_role("link", name="council")
    expect(link).to_have_attribute("href", "#id_council")
    expect(page.locator("#id_council")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_council")).to_have_value("Nowhereshire")  # as typed, to correct
    # The field's message is the one its box names.
    described = page.locator("#id_council").get_attribute("aria-describedby").split()
    expect(page.locator(f"#{described[-1]}")).to_contain_text("No one council goes by")


def test_axe_finds_nothing_on_the_search_pages(noisy, browser, live_server):
    pages = {
        "search": "/decisions/?q=noise",
        "search-all": "/decisions/",
        "search-errors": "/decisions/?council=Nowhereshire&subcategory=Moles&remedy=bribe&tier=x",
        "search-no-reference": "/decisions/?q=99-999-999",
        "reports": "/reports/",
    }
    axe = Axe()
    found = {}
    ARTIFACTS.mkdir(exist_ok=True)
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        # axe injects its script with eval, which the site's CSP rightly refuses.
        audit = Session(browser, live_server.url, viewport=viewport, csp=False)
        for name, path in pages.items():
            page = audit.open(path)
            page.screenshot(path=ARTIFACTS / f"{name}-{label}.png", full_page=True)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{name} is {width} px wide at {label} size"
            results = axe.run(page)
            if results.violations_count:
                found[f"{name} {viewport['width']}px"] = results.generate_report()
        audit.close()
    assert not found, "\n".join(f"{k}:\n{v}" for k, v in found.items())
