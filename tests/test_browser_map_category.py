"""The map coloured by one service area's upheld rate (issue 13), in the system Chromium (see
tests/browser.py): the choice, the shapes' classes and colours, the words, the URL and going
back."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from decisions.charts import PALETTE, map_class
from decisions.choices import Outcome
from tests.browser import Session, browser, session
from tests.test_api_map_categories import add

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FIXTURES = (browser, session)
FELPERSHAM = "E07900001"
START = "/?year=2022-23&stat=compliance_rate&tier=lower"


@pytest.fixture
def apart(world):
    """Felpersham in 2022-23: housing 14 upheld of 15 (93.3%, the top class), planning 0 of 12,
    and all complaints 15 of 28 (53.6%, the second class)."""
    add(world["felpersham"], "Housing", Outcome.UPHELD, 12)
    add(world["felpersham"], "Planning and development", Outcome.NOT_UPHELD, 12)
    return world


def shape(page, code):
    return page.locator(f'path[data-gss="{code}"]')


def expect_class(page, code, cls):
    expect(shape(page, code)).to_have_attribute("data-class", str(cls))
    assert shape(page, code).get_attribute("fill") == PALETTE[cls]


def test_a_service_area_colours_the_map_and_going_back_restores(apart, session):
    page = session.open_map(START)
    page.select_option("#stat", "upheld_rate")
    expect(page.locator("#map")).to_have_attribute("data-state", "2022-23|upheld_rate|lower")
    expect_class(page, FELPERSHAM, map_class("upheld_rate", 53.6))
    assert map_class("upheld_rate", 53.6) == 1
    page.select_option("#stat", "compliance_rate")
    expect(page.locator("#map")).to_have_attribute("data-state", "2022-23|compliance_rate|lower")
    session.fetched("/")

    page.select_option("#category", "Housing")
    expect(page.locator("#map")).to_have_attribute("data-category", "Housing")
    # The measure is the upheld rate, the only one counted by category; the others are disabled.
    assert page.locator("#stat").input_value() == "upheld_rate"
    assert page.url.endswith("/?year=2022-23&stat=upheld_rate&tier=lower&category=Housing")
    expect(page.locator('#stat option[value="compliance_rate"]')).to_be_disabled()
    expect(page.locator('#stat option[value="upheld_rate"]')).to_be_enabled()
    expect(page.locator("#stat-hint")).to_be_visible()
    expect(page.locator("#stat")).to_have_accessible_description(
        "Only the upheld rate is counted by service area."
    )
    expect_class(page, FELPERSHAM, 4)  # 93.3%
    expect(page.locator("#legend-title")).to_have_text("Upheld rate, housing, 2022-23")
    expect(page.locator('#legend-items [data-stat="upheld_rate"]')).to_be_visible()
    assert page.locator("#map").get_attribute("aria-label") == (
        "Map of councils: upheld rate, housing, 2022-23"
    )
    assert page.title().startswith("Map of councils, upheld rate, housing, 2022-23")
    expect(page.locator("#map-status")).to_contain_text("upheld rate, housing, 2022-23")
    # The table stays the headline table, and says so.
    expect(page.locator("#table-category-note")).to_have_text(
        "The map shows housing alone; this table counts all complaints."
    )
    # The category's figures, and no new table.
    assert session.fetched("/") == ["/api/map/figures/?year=2022-23&tier=lower&category=Housing"]
    shape(page, FELPERSHAM).hover()
    expect(page.locator("#map-info")).to_contain_text("Upheld rate, housing: 93.3%")
    expect(page.locator("#map-info")).to_contain_text("14 upheld of 15 detailed investigations")

    page.check("#mode-compared")
    expect(page.locator("#legend-title")).to_have_text(
        "Upheld rate, housing, compared with similar councils, 2022-23"
    )
    page.check("#mode-value")
    page.select_option("#category", "Planning and development")
    expect(page.locator("#map")).to_have_attribute("data-category", "Planning and development")
    expect_class(page, FELPERSHAM, 0)  # 0 of 12
    assert "category=Planning+and+development" in page.url

    page.go_back()  # the colouring by value, housing
    page.go_back()  # compared, housing
    page.go_back()  # housing
    expect(page.locator("#map")).to_have_attribute("data-category", "Housing")
    expect(page.locator("#map")).to_have_attribute("data-mode", "value")
    assert page.locator("#category").input_value() == "Housing"
    expect_class(page, FELPERSHAM, 4)
    page.go_back()  # all complaints, the measure as it was
    expect(page.locator("#map")).to_have_attribute("data-category", "")
    expect(page.locator("#map")).to_have_attribute("data-state", "2022-23|compliance_rate|lower")
    assert page.locator("#category").input_value() == ""
    assert page.locator("#stat").input_value() == "compliance_rate"
    assert "category" not in page.url
    expect(page.locator('#stat option[value="compliance_rate"]')).to_be_enabled()
    expect(page.locator("#stat-hint")).to_be_hidden()
    expect(page.locator("#stat")).not_to_have_attribute("aria-describedby", "stat-hint")
    expect(page.locator("#table-category-note")).to_be_hidden()
    expect(page.locator("#legend-title")).to_have_text("Compliance rate, 2022-23")


def test_a_shared_link_opens_on_the_category(apart, session):
    page = session.open_map("/?year=2022-23&stat=upheld_rate&tier=lower&category=Housing")
    expect(page.locator("#map")).to_have_attribute("data-category", "Housing")
    expect_class(page, FELPERSHAM, 4)
    assert page.locator("#category").input_value() == "Housing"
    expect(page.locator("#legend-title")).to_have_text("Upheld rate, housing, 2022-23")
    # Back to all complaints by the form: the headline colour again.
    page.select_option("#category", "")
    expect(page.locator("#map")).to_have_attribute("data-category", "")
    expect_class(page, FELPERSHAM, 1)
    assert page.url.endswith("/?year=2022-23&stat=upheld_rate&tier=lower")


def test_a_service_area_without_javascript(apart, browser, live_server):
    plain = Session(browser, live_server.url, csp=False, java_script_enabled=False)
    page = plain.open("/?year=2022-23&stat=compliance_rate")
    page.select_option("#category", "Housing")
    page.click("#map-apply")
    # The form still sends the old measure: the page shows the upheld rate, and says why.
    page.wait_for_url("**/?year=2022-23&category=Housing&stat=compliance_rate&tier=lower**")
    assert page.locator("#legend-title").inner_text() == "Upheld rate, housing, 2022-23"
    assert page.locator("#stat").input_value() == "upheld_rate"
    expect(page.locator('#stat option[value="compliance_rate"]')).to_be_disabled()
    expect(page.locator("#stat-hint")).to_be_visible()
    expect(page.locator("#table-category-note")).to_be_visible()
    page.select_option("#category", "")
    page.click("#map-apply")
    page.wait_for_url("**/?year=2022-23&category=&stat=upheld_rate**")
    assert page.locator("#legend-title").inner_text() == "Upheld rate, 2022-23"
    expect(page.locator('#stat option[value="compliance_rate"]')).to_be_enabled()
    plain.close()
