"""The map page's accessibility (issue 15) in the system Chromium (see tests/browser.py): the
keyboard's path past the map and through it, the council panel (inside the map for every
council, hoverable, dismissible, a first tap on a touch screen), reflow at 320 px, focus never
under the sticky column, the announcements of each update, the names of the sort buttons, the
table without JavaScript, and axe on every measure and tier with the panel open.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from decisions.sample.generator import sample_data_generate
from ombudsman.years import ReportingYear
from tests.browser import ARTIFACTS, PHONE, Session, browser, session
from tests.map_a11y_scripts import (
    ACTIVE,
    ACTIVE_IN_SIGHT,
    COVERED,
    INSIDE,
    LINED_UP,
    VISIBLE_POINT,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Fixtures from tests/browser.py, which pytest finds here by their names.
FIXTURES = (browser, session)

WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 320, "height": 568}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa", "best-practice"]
MEASURES = ["upheld_rate", "satisfactory_remedy_rate", "compliance_rate", "upheld_per_100k"]


def open_map(session: Session, path: str):
    page = session.open_map(path)
    expect(page.locator("#council-table")).to_have_attribute("data-sortable-ready", "true")
    return page


def active(page) -> str:
    return page.evaluate(ACTIVE)


def test_tab_passes_the_map_in_one_stop_to_the_table(world, session):
    page = open_map(session, "/?year=2022-23")
    page.focus("#search-input")
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        stops.append(active(page))
        if page.evaluate("!!document.activeElement.closest('#council-rows')"):
            break
    presses = len(stops)
    (ARTIFACTS / "map-tab-stops.txt").parent.mkdir(exist_ok=True)
    (ARTIFACTS / "map-tab-stops.txt").write_text("\n".join(stops) + "\n")
    assert page.evaluate("!!document.activeElement.closest('#council-rows')"), stops
    assert presses <= 15, stops
    # The map is one stop, and no shape is a stop at all.
    assert sum(stop.startswith("div#map") for stop in stops) == 1
    assert not [s for s in stops if s.startswith("path")]
    assert page.evaluate(
        "[...document.querySelectorAll('#map path')].every(p => p.tabIndex < 0"
        " && !p.hasAttribute('tabindex'))"
    )
    # The skip link goes to the table's heading: the next stop is in the table.
    page.focus("#search-input")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip the map to the table of figures")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('#council-table')")


def test_arrow_keys_move_between_councils_and_enter_opens_one(world, session):
    page = open_map(session, "/?year=2022-23")
    status = page.locator("#map-status")
    page.focus("#map")
    page.keyboard.press("ArrowRight")
    first = status.inner_text()
    figure = r"([\d.]+%|none, no detailed investigations)"
    assert re.match(
        rf"^[A-Z][\w ]+, [\w ]+: upheld rate {figure}(, fewer than 10 cases)?\. ", first
    )
    name = first.split(",")[0]
    expect(page.locator("#map-info")).to_contain_text(name)
    # Somewhere to go in some direction from any of the four councils.
    moved = False
    for key in ("ArrowRight", "ArrowLeft", "ArrowUp", "ArrowDown"):
        page.keyboard.press(key)
        if status.inner_text().split(",")[0] != name:
            moved = True
            break
    assert re.match(rf"^[A-Z][\w ]+, [\w ]+: upheld rate {figure}", status.inner_text())
    assert moved
    now = status.inner_text().split(",")[0]
    expect(page.locator("#map-info")).to_contain_text(now)
    page.keyboard.press("Escape")
    expect(page.locator("#map-info")).to_be_hidden()
    page.keyboard.press("ArrowDown")
    name = status.inner_text().split(",")[0]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/councils/[\w-]+/\?year=2022-23$"))
    assert name in page.locator("h1").inner_text()


@pytest.fixture
def national_year(db):
    call_command("loaddata", "fixtures/councils.json", verbosity=0)
    sample_data_generate(seed=1, years=[ReportingYear(2022)], scale=1.0)


def test_every_councils_figures_stay_inside_the_map(national_year, browser, live_server):
    wide = Session(browser, live_server.url, viewport=WIDE)
    checked, zoomed = {}, []
    for tier in ("lower", "upper"):
        page = open_map(wide, f"/?year=2022-23&tier={tier}")
        page.locator("#map").scroll_into_view_if_needed()
        codes = page.locator("#map path[data-gss]").evaluate_all("ps => ps.map(p => p.dataset.gss)")
        checked[tier] = 0
        for code in codes:
            path = page.locator(f'#map path[data-gss="{code}"]')
            point = path.evaluate(VISIBLE_POINT)
            if point is None:  # too small to point at: zoom in on it with the wheel
                box = path.bounding_box()
                page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
                for _ in range(4):
                    page.mouse.wheel(0, -240)
                    page.wait_for_timeout(300)
                    point = path.evaluate(VISIBLE_POINT)
                    if point:
                        break
                zoomed.append(code)
            assert point, f"{code} cannot be pointed at"
            page.mouse.move(point["x"], point["y"])
            name = page.locator(f'#council-rows tr[data-gss="{code}"] th').inner_text()
            expect(page.locator("#map-info .council-tip__name")).to_have_text(name)
            assert page.evaluate(INSIDE), f"{name}'s figures leave the map"
            # Wide enough that the figure is one line, not three.
            lines = page.locator("#map-info .council-tip__figure").evaluate(
                "e => Math.round(e.getBoundingClientRect().height"
                " / parseFloat(getComputedStyle(e).lineHeight))"
            )
            assert lines == 1, f"{name}'s figure wraps onto {lines} lines"
            checked[tier] += 1
            if code in zoomed:
                page.reload()
                page.wait_for_selector("#map[data-state]")
                page.locator("#map").scroll_into_view_if_needed()
        assert checked[tier] == len(codes)
    assert checked == {"lower": 309, "upper": 152}
    (ARTIFACTS / "map-panel-containment.txt").write_text(
        f"shapes hovered: {checked}; zoomed in to reach: {zoomed}\n"
    )
    wide.close()


def test_the_panel_can_be_hovered_dismissed_and_read_at_200_percent(world, browser, live_server):
    # A 683 x 450 window is what 1366 x 900 is at 200% zoom.
    for viewport in (WIDE, {"width": 683, "height": 450}):
        tab = Session(browser, live_server.url, viewport=viewport)
        page = open_map(tab, "/?year=2022-23")
        page.locator("#map").scroll_into_view_if_needed()
        path = page.locator('path[data-gss="E07900001"]')  # Felpersham
        point = path.evaluate(VISIBLE_POINT)
        page.mouse.move(point["x"], point["y"])
        info = page.locator("#map-info")
        expect(info).to_contain_text("Felpersham")
        assert page.evaluate(INSIDE)
        # Onto the panel: it stays, and its link can be reached.
        box = info.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] - 8, steps=12)
        expect(info).to_contain_text("Felpersham")
        link = info.get_by_role("link", name="Open Felpersham's page")
        expect(link).to_have_attribute("href", "/councils/felpersham/?year=2022-23")
        # Nothing cut off sideways; what is taller than the panel scrolls in it.
        assert info.evaluate("e => e.scrollWidth <= e.clientWidth")
        page.keyboard.press("Escape")
        expect(info).to_be_hidden()
        page.mouse.move(point["x"], point["y"] + 1)
        expect(info).to_be_visible()
        info.get_by_role("button", name="Close the council's figures").click()
        expect(info).to_be_hidden()
        tab.close()


def test_a_first_tap_shows_the_figures_and_a_second_opens_the_page(world, browser, live_server):
    phone = Session(browser, live_server.url, viewport=PHONE, has_touch=True, is_mobile=True)
    page = open_map(phone, "/?year=2022-23")
    page.locator("#map").scroll_into_view_if_needed()
    path = page.locator('path[data-gss="E07900001"]')
    point = path.evaluate(VISIBLE_POINT)
    page.touchscreen.tap(point["x"], point["y"])
    info = page.locator("#map-info")
    expect(info).to_contain_text("Upheld rate: 75.0%")
    assert page.url.endswith("/?year=2022-23")
    assert page.evaluate(INSIDE)
    link = info.get_by_role("link", name="Open Felpersham's page")
    expect(link).to_be_visible()
    # The council is still in sight beside its figures (the map moves it clear of the panel).
    point = path.evaluate(VISIBLE_POINT)
    assert point is not None
    page.touchscreen.tap(point["x"], point["y"])
    page.wait_for_url("**/councils/felpersham/?year=2022-23")
    phone.close()


def test_no_sideways_scrolling_at_320_px(world, browser, live_server):
    narrow = Session(browser, live_server.url, viewport=NARROW)
    for path in ("/?year=2022-23", "/?year=2022-23&tier=upper&mode=compared"):
        page = open_map(narrow, path)
        width = page.evaluate("document.documentElement.scrollWidth")
        (ARTIFACTS / "map-scroll-width-320.txt").write_text(f"{path}: {width}\n")
        assert width <= NARROW["width"], f"{path} is {width} px wide"
        # The legend's words at a readable size (issue 15 found chart labels at 8.4 px).
        sizes = page.locator("#legend li, #legend p").evaluate_all(
            "els => els.filter(e => e.offsetParent)"
            ".map(e => parseFloat(getComputedStyle(e).fontSize))"
        )
        assert sizes and min(sizes) >= 14, sizes
    narrow.close()


def test_a_focused_control_is_never_under_the_sticky_column(world, browser, live_server):
    narrow = Session(browser, live_server.url, viewport=NARROW)
    page = open_map(narrow, "/?year=2022-23")
    controls = page.locator("#council-table button, #council-table a")
    assert controls.count() == 7 + 4
    # Forwards, then backwards from the far right (where the browser scrolls a control just
    # into view at the left edge, under the column).
    assert controls.evaluate_all(COVERED) == []
    assert controls.evaluate_all(f"cs => ({COVERED})(cs.slice().reverse())") == []
    # And by keyboard, Shift+Tab back from the last heading.
    page.locator("#council-table thead button").last.focus()
    for _ in range(6):
        page.keyboard.press("Shift+Tab")
        assert page.evaluate(ACTIVE_IN_SIGHT), active(page)
    narrow.close()


def ax_node(page, selector: str) -> dict:
    """The accessibility tree's node for an element (Chromium's own, over CDP)."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    nodes = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
    cdp.detach()
    return nodes["nodes"][0]


def test_each_update_is_announced_by_a_live_region_in_the_tree(world, session):
    page = open_map(session, "/?year=2022-23")
    status = page.locator("#map-status")
    heard = []

    def changed(action, expected):
        action()
        expect(status).to_have_text(expected)
        node = ax_node(page, "#map-status")
        assert not node["ignored"], node
        assert node["role"]["value"] == "status"
        live = {p["name"]: p["value"]["value"] for p in node.get("properties", [])}
        assert live.get("live") == "polite", node
        heard.append(status.inner_text())

    changed(
        lambda: page.select_option("#year", "2021-22"),
        "Showing upheld rate, 2021-22, district level: 4 councils.",
    )
    changed(
        lambda: page.select_option("#stat", "compliance_rate"),
        "Showing compliance rate, 2021-22, district level: 4 councils.",
    )
    changed(
        lambda: page.check("#tier-upper"),
        "Showing compliance rate, 2021-22, county level: 3 councils.",
    )
    changed(
        lambda: page.check("#mode-compared"),
        re.compile(r"^Showing compliance rate compared with similar councils, 2021-22, county"),
    )
    assert len(set(heard)) == 4
    assert status.evaluate("e => getComputedStyle(e).display") != "none"


def test_sort_buttons_are_named_by_their_words_alone(world, session):
    page = open_map(session, "/?year=2022-23")
    names = []
    for index in range(page.locator("#council-table thead button").count()):
        node = ax_node(page, f"#council-table thead th:nth-child({index + 1}) button")
        names.append(node["name"]["value"])
    assert names == [
        "Council",
        "Type",
        "Detailed investigations",
        "Upheld rate",
        "Satisfactory remedy rate",
        "Compliance rate",
        "Upheld per 100,000 residents",
    ]
    page.locator("#council-table thead button").nth(3).click()
    assert ax_node(page, "#council-table thead th:nth-child(4) button")["name"]["value"] == (
        "Upheld rate"
    )


def test_without_javascript_every_figure_sits_under_its_heading(world, browser, live_server):
    plain = Session(browser, live_server.url, csp=False, java_script_enabled=False)
    for path in ("/?year=2022-23", "/?year=2022-23&tier=upper"):
        page = plain.open(path)
        assert page.locator("#average-rows tr").count() >= 3
        assert page.locator("#averages-table").evaluate(LINED_UP) == []
        assert page.locator("#council-table").evaluate(LINED_UP) == []
        headings = page.locator("#averages-table thead th").all_inner_texts()
        assert headings == [
            "Type",
            "Upheld rate",
            "Satisfactory remedy rate",
            "Compliance rate",
            "Upheld per 100,000 residents",
        ]
    plain.close()


def test_axe_finds_nothing_on_any_measure_tier_or_with_the_panel_open(world, browser, live_server):
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    found = {}
    for viewport in (WIDE, PHONE):
        # axe injects its script with eval, which the site's CSP rightly refuses.
        audit = Session(browser, live_server.url, viewport=viewport, csp=False)
        for tier in ("lower", "upper"):
            for stat in MEASURES:
                for mode in ("value", "compared") if stat == "upheld_rate" else ("value",):
                    path = f"/?year=2022-23&stat={stat}&tier={tier}&mode={mode}"
                    page = open_map(audit, path)
                    results = axe.run(page, options=options)
                    if results.violations_count:
                        found[f"{path} {viewport['width']}px"] = results.generate_report()
            # With a council's figures open, by the pointer and by the keyboard.
            page.locator("#map").scroll_into_view_if_needed()
            point = page.locator('path[data-gss="E06900001"]').evaluate(VISIBLE_POINT)
            page.mouse.move(point["x"], point["y"])
            expect(page.locator("#map-info")).to_be_visible()
            results = axe.run(page, options=options)
            if results.violations_count:
                found[f"{tier} panel {viewport['width']}px"] = results.generate_report()
            page.focus("#map")
            page.keyboard.press("ArrowLeft")
            expect(page.locator("#map-status")).not_to_be_empty()
            results = axe.run(page, options=options)
            if results.violations_count:
                found[f"{tier} keyboard {viewport['width']}px"] = results.generate_report()
        audit.close()
    assert not found, "\n".join(f"{k}:\n{v}" for k, v in found.items())
