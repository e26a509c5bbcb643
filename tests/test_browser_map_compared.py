"""The map coloured by each council's class against similar councils (issue 14's "compared"
mode), in the system Chromium (see tests/browser.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from decisions.charts import COMPARED_COLOURS
from decisions.choices import Outcome
from tests.browser import browser, session
from tests.factories import DecisionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURES = (browser, session)
HATCH = "url(#no-data-hatch)"


def _apart(world):
    """Felpersham 29 of 30 upheld, Loxley Barrett 1 of 30 in 2022-23: pooled 50%, from which
    Felpersham (Wilson 83.3% to 99.4%) is clearly higher and Loxley clearly lower."""
    for council, outcome, count in (
        (world["felpersham"], Outcome.UPHELD, 26),
        (world["loxley"], Outcome.NOT_UPHELD, 28),
    ):
        for _ in range(count):
            DecisionFactory(council=council, outcome=outcome, decision_date=dt.date(2022, 9, 1))


def fill(page, code):
    return page.locator(f'path[data-gss="{code}"]').get_attribute("fill")


def test_the_compared_colouring_shows_each_class(world, session):
    _apart(world)
    page = session.open_map("/?year=2022-23&stat=upheld_rate&tier=lower")
    page.check("#mode-compared")
    expect(page.locator("#map")).to_have_attribute("data-mode", "compared")
    assert page.url.endswith("?year=2022-23&stat=upheld_rate&tier=lower&mode=compared")
    assert fill(page, "E07900001") == COMPARED_COLOURS["higher"]  # Felpersham
    assert fill(page, "E07900002") == COMPARED_COLOURS["lower"]  # Loxley Barrett
    assert fill(page, "E06900001") == COMPARED_COLOURS["similar"]  # Ambridge: its type alone
    assert fill(page, "E09900001") == HATCH  # Hassett: no investigation, no rate
    expect(page.locator("#legend-title")).to_have_text(
        "Upheld rate compared with similar councils, 2022-23"
    )
    expect(page.locator('#legend-items [data-stat="compared"]')).to_be_visible()
    expect(page.locator('#legend-items [data-stat="upheld_rate"]')).to_be_hidden()
    page.locator('path[data-gss="E07900001"]').hover()
    expect(page.locator("#map-info")).to_contain_text("Clearly higher than similar councils")
    # Another measure keeps the colouring by class; back to the figure restores the ranges.
    page.select_option("#stat", "upheld_per_100k")
    expect(page.locator("#legend-title")).to_have_text(
        "Upheld per 100,000 residents compared with similar councils, 2022-23"
    )
    page.check("#mode-value")
    expect(page.locator("#map")).to_have_attribute("data-mode", "value")
    assert "mode=" not in page.url
    assert fill(page, "E07900001") not in COMPARED_COLOURS.values()


def test_a_shared_link_opens_in_the_compared_colouring(world, session):
    page = session.open_map("/?year=2022-23&stat=upheld_rate&tier=lower&mode=compared")
    expect(page.locator("#map")).to_have_attribute("data-mode", "compared")
    assert page.locator("#mode-compared").is_checked()
    # Four councils: nobody is clearly different from their type.
    assert fill(page, "E07900001") == COMPARED_COLOURS["similar"]


def test_an_unknown_colouring_is_a_400(world, client):
    response = client.get("/?mode=sideways")
    assert response.status_code == 400
    assert "mode" in response.content.decode()
