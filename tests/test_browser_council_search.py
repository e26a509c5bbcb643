"""The map page's search box in the system Chromium (see tests/browser.py) over the real councils:
each dead end of issue 13 typed in reaches its council (a former council's successor, a near
spelling, a short form, a town), "Herts" and Enter opens Hertfordshire, and the box's
accessibility: results announced, brought into view on a phone, a refused location and an
unknown postcode explained in plain words, the postcode's message tied to the field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from councils.geo import boundary_index_clear
from councils.models import Council
from tests.browser import ARTIFACTS, PHONE, Session, browser, session
from tests.factories import DecisionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Fixtures from tests/browser.py, which pytest finds here by their names.
FIXTURES = (browser, session)
ROOT = Path(__file__).parent.parent
YEAR = "2024-25"


@pytest.fixture
def england(transactional_db):
    call_command("loaddata", str(ROOT / "fixtures" / "councils.json"), verbosity=0)
    # The map shows the years with published decisions: one in 2024-25.
    DecisionFactory(
        council=Council.objects.get(short_name="Hertsmere"),
        reference="24 000 001",
        received_date=dt.date(2024, 5, 1),
        decision_date=dt.date(2024, 9, 1),
        published_on=dt.date(2024, 10, 1),
    )
    # The point index is kept per process under the data version, which a flushed test
    # database can repeat with other councils' ids: start from a fresh index.
    boundary_index_clear()


def page_of(name: str) -> str:
    return f"{Council.objects.get(name=name).get_absolute_url()}?year={YEAR}"


def type_in(page, text: str):
    """Types as a person does (the search runs when typing pauses), not in one fill."""
    page.fill("#search-input", "")
    page.locator("#search-input").press_sequentially(text, delay=20)


def test_every_dead_end_reaches_its_council(england, session):
    page = session.open_map(f"/?year={YEAR}")
    results = page.locator("#search-results")
    status = page.locator("#search-status")

    former = {
        "Harrogate": ("Harrogate Borough Council was replaced by", "North Yorkshire Council"),
        "Carlisle": ("Carlisle City Council was replaced by", "Cumberland Council"),
        "Taunton": ("Somerset West and Taunton Council was replaced by", "Somerset Council"),
        "Aylesbury": ("Aylesbury Vale District Council was replaced by", "Buckinghamshire Council"),
        "Barrow": (
            "Barrow-in-Furness Borough Council was replaced by",
            "Westmorland and Furness Council",
        ),
    }
    for word, (sentence, successor) in former.items():
        type_in(page, word)
        notice = results.locator(".search-former li")
        expect(notice.first).to_contain_text(sentence)
        expect(notice.first.locator("a")).to_have_text([successor])
        assert notice.first.locator("a").get_attribute("href") == page_of(successor)
        expect(status).to_contain_text(sentence)

    near = {
        "hertsmear": "Hertsmere",
        "Camdn": "Camden",
        "Bucks": "Buckinghamshire",
    }
    for word, name in near.items():
        type_in(page, word)
        expect(results.locator("ul:not(.search-former) a").first).to_have_text(name)

    towns = {
        "Borehamwood": ["Hertsmere", "Hertfordshire"],
        "Hemel Hempstead": ["Dacorum", "Hertfordshire"],
    }
    for word, councils in towns.items():
        type_in(page, word)
        place = results.locator(".search-places li").first
        expect(place).to_contain_text(f"{word} (town) is in")
        expect(place.locator("a")).to_have_text(councils)
        expect(results.locator(".search-attribution")).to_contain_text(
            "Contains Ordnance Survey data"
        )
        expect(status).to_contain_text("1 place found")
    page.screenshot(path=str(ARTIFACTS / "council-search-town.png"))

    # A misspelt town: its near names, said to be near, the town first with its councils.
    type_in(page, "Borehamwod")
    expect(results).to_contain_text("No place is called “Borehamwod”; the nearest are:")
    place = results.locator(".search-places li").first
    expect(place).to_contain_text("Borehamwood (town) is in")
    expect(place.locator("a")).to_have_text(["Hertsmere", "Hertfordshire"])

    # A near spelling and Enter open the one council it can be.
    type_in(page, "Camdn")
    page.press("#search-input", "Enter")
    page.wait_for_url(f"**{page_of('London Borough of Camden')}")

    # "Saint" is "St": Enter opens St Helens.
    page = session.open_map(f"/?year={YEAR}")
    type_in(page, "Saint Helens")
    page.press("#search-input", "Enter")
    page.wait_for_url(f"**{page_of('St Helens Council')}")


def test_herts_and_enter_opens_hertfordshire(england, session):
    page = session.open_map(f"/?year={YEAR}")
    page.fill("#search-input", "Herts")
    page.press("#search-input", "Enter")
    page.wait_for_url(f"**{page_of('Hertfordshire County Council')}")
    expect(page.locator("h1")).to_contain_text("Hertfordshire")


def test_on_a_phone_the_results_are_brought_into_view(england, browser, live_server):
    phone = Session(browser, live_server.url, viewport=PHONE)
    page = phone.open_map(f"/?year={YEAR}")
    results = page.locator("#search-results")
    # Before any search the results are there for assistive technology, empty and flat.
    assert results.evaluate("e => getComputedStyle(e).display") != "none"
    assert results.evaluate("e => e.getBoundingClientRect().height") == 0
    page.locator("#search-input").scroll_into_view_if_needed()
    page.fill("#search-input", "Harrogate")
    page.press("#search-input", "Enter")
    expect(results.locator(".search-former a")).to_have_text(["North Yorkshire Council"])
    expect(results).to_be_in_viewport()
    page.screenshot(path=str(ARTIFACTS / "council-search-phone.png"))
    phone.close()


def test_a_refused_location_and_an_unknown_postcode_in_plain_words(england, browser, live_server):
    # No geolocation permission granted: the browser refuses the page's request.
    # Without the CSP: axe injects its script with eval, which the policy rightly refuses.
    refused = Session(browser, live_server.url, csp=False)
    page = refused.open_map(f"/?year={YEAR}")
    page.click("#locate")
    results = page.locator("#search-results")
    expect(results).to_contain_text("This site was not allowed to know your location.")
    expect(results).not_to_contain_text("User denied")

    page.fill("#search-input", "ZZ9 9ZZ")
    page.press("#search-input", "Enter")
    error = page.locator("#search-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("Error: The postcode 'ZZ9 9ZZ' is not in our directory.")
    box = page.locator("#search-input")
    expect(box).to_have_attribute("aria-invalid", "true")
    assert box.get_attribute("aria-describedby").split()[0] == "search-error"
    expect(page.locator("#search-status")).to_contain_text("not in our directory")
    axe = Axe().run(page, context=".map-search")
    assert axe.violations_count == 0, axe.generate_report()

    # A search that works clears the error again.
    page.fill("#search-input", "Borehamwood")
    page.press("#search-input", "Enter")
    expect(error).to_be_hidden()
    expect(box).not_to_have_attribute("aria-invalid", "true")
    assert "search-error" not in (box.get_attribute("aria-describedby") or "")
    # The search as you type may still be asking the server: close() waits for its answer.
    refused.close()
