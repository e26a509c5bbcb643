"""The map table's filters in the system Chromium (see tests/browser.py; issue 13, "fair
rankings"): sent with the map's form without JavaScript, and with it kept through a change of
year and tier, in the URL and in the table's caption."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser import Session, browser, session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Fixtures from tests/browser.py, which pytest finds here by their names.
FIXTURES = (browser, session)


def codes(page) -> list[str]:
    return page.locator("#council-rows tr").evaluate_all("rows => rows.map(r => r.dataset.gss)")


def test_filters_without_javascript(world, browser, live_server):
    plain = Session(browser, live_server.url, csp=False, java_script_enabled=False)
    page = plain.open("/?year=2022-23")
    assert len(codes(page)) == 4
    page.select_option("#region", "London")
    page.click("#map-apply")
    page.wait_for_url(re.compile(r"region=London"))
    assert codes(page) == ["E09900001"]
    assert "1 of 4 councils shown: councils of every type in London." in (
        page.locator("#table-caption").inner_text()
    )
    assert page.locator("#region").input_value() == "London"
    page.select_option("#region", "")
    page.select_option("#table-type", "unitary")
    page.check("#small-hide")
    page.click("#map-apply")
    page.wait_for_url(re.compile(r"small=hide"))
    assert codes(page) == ["E06900001"]
    # Ambridge's remedy rate rests on 8 upheld: words instead of the figure.
    assert page.locator("#council-rows td.small-hidden").all_inner_texts() == [
        "fewer than 10 cases",
        "fewer than 10 cases",
    ]
    plain.close()


def test_filters_hold_through_a_change_of_year_and_tier(world, session):
    page = session.open_map("/?year=2022-23")
    expect(page.locator("#council-table")).to_have_attribute("data-sortable-ready", "true")
    caption = page.locator("#table-caption")
    page.select_option("#region", "West Midlands")
    expect(caption).to_contain_text("2 of 4 councils shown: councils of every type in West")
    assert codes(page) == ["E07900001", "E07900002"]
    page.select_option("#table-type", "district")
    expect(caption).to_contain_text("2 of 4 councils shown: district councils in West Midlands")
    # Said to screen readers as the caption says it.
    expect(page.locator("#map-status")).to_contain_text("district councils in West Midlands")
    assert "table_type=district" in page.url and "region=West+Midlands" in page.url

    page.select_option("#year", "2021-22")
    expect(page.locator("#map")).to_have_attribute("data-state", "2021-22|upheld_rate|lower")
    expect(caption).to_contain_text("District level, 2021-22")
    expect(caption).to_contain_text("district councils in West Midlands")
    assert codes(page) == ["E07900001", "E07900002"]
    assert page.locator("#region").input_value() == "West Midlands"
    assert page.locator("#table-type").input_value() == "district"
    assert page.url.endswith(
        "year=2021-22&stat=upheld_rate&tier=lower&table_type=district&region=West+Midlands"
    )

    # The county level draws no districts: the type goes, the region stays.
    page.check("#tier-upper")
    expect(caption).to_contain_text("County level, 2021-22")
    expect(caption).to_contain_text("1 of 3 councils shown: councils of every type in West")
    assert codes(page) == ["E10900001"]
    assert page.locator("#table-type").input_value() == ""
    options = page.locator("#table-type option").evaluate_all("os => os.map(o => o.value)")
    assert "county" in options and "district" not in options

    # The switch, and back in history to where it was off.
    page.check("#small-hide")
    expect(page.locator("#council-rows td.small-hidden").first).to_have_text("fewer than 10 cases")
    assert "small=hide" in page.url
    page.go_back()
    expect(page.locator("#council-rows td.small-hidden")).to_have_count(0)
    assert not page.locator("#small-hide").is_checked()


def test_sorting_with_the_switch_on_puts_hidden_rates_last(world, session):
    page = session.open_map("/?year=2022-23&small=hide")
    expect(page.locator("#council-table")).to_have_attribute("data-sortable-ready", "true")
    assert page.locator("#small-hide").is_checked()
    page.get_by_role("button", name="Upheld rate", exact=True).click()
    # Highest first: Ambridge (8 of 12); Felpersham's 75.0% on 4 cases is not put above it.
    order = codes(page)
    assert order[0] == "E06900001"
    cells = page.locator("#council-rows tr td:nth-child(4)").all_inner_texts()
    assert cells[0] == "66.7%"
    assert cells[1:] and all(c in ("fewer than 10 cases", "–") for c in cells[1:]), cells
