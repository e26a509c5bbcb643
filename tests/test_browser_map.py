"""The map page in the system Chromium (see tests/browser.py): every council drawn in its
class, the year, statistic and tier in the URL, the page without JavaScript, a correction shown
on the next choice, clicks, tooltips, the sorting table, search by name, postcode and location,
and the map's performance and transfer sizes.
"""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from councils.geo import boundary_index_clear
from councils.models import Postcode
from decisions.charts import NO_DATA_COLOUR, PALETTE, map_class, map_legend
from decisions.choices import Outcome
from ombudsman.dataversion import LOCAL_SECONDS
from tests.browser import ARTIFACTS, Session, browser, session, table_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Fixtures from tests/browser.py, which pytest finds here by their names.
FIXTURES = (browser, session)


LOWER_2022 = ["E06900001", "E07900001", "E07900002", "E09900001"]
UPPER_2022 = ["E06900001", "E09900001", "E10900001"]


def shapes(page):
    return page.locator(".leaflet-overlay-pane path.council-shape")


def drawn_codes(page) -> list[str]:
    return sorted(shapes(page).evaluate_all("els => els.map(e => e.dataset.gss)"))


def legend_items(page) -> list[str]:
    return page.locator("#legend-items ul:not([hidden]) li").all_inner_texts()


def test_the_map_draws_every_council_in_its_class(world, session, browser, live_server):
    # The server-rendered table (what a reader without JavaScript gets) for comparison.
    plain = Session(browser, live_server.url, csp=False)
    plain.page.route("**/*.js", lambda route: route.abort())
    server_rows = table_text(plain.open("/?year=2022-23"))
    plain.close()

    page = session.open_map("/?year=2022-23")
    assert drawn_codes(page) == LOWER_2022
    # The page loads the figures and the boundary file they name, once each, and never the
    # GeoJSON of geometry and figures together.
    figures = page.request.get(f"{live_server.url}/api/map/figures/?year=2022-23&tier=lower")
    figures = figures.json()
    assert session.fetched("/api/map/") == [
        "/api/map/figures/?year=2022-23&tier=lower",
        figures["boundaries"],
    ]
    assert shapes(page).count() == len(figures["councils"])
    whole = page.request.get(f"{live_server.url}/api/map/?year=2022-23&tier=lower").json()
    for feature in whole["features"]:
        code, rate = feature["properties"]["gss_code"], feature["properties"]["upheld_rate"]
        assert figures["councils"][code]["upheld_rate"] == rate  # the two endpoints agree
        path = page.locator(f'path[data-gss="{code}"]')
        expected = map_class("upheld_rate", rate)
        assert path.get_attribute("data-class") == ("none" if expected is None else str(expected))
        fill = path.get_attribute("fill")
        assert fill == ("url(#no-data-hatch)" if expected is None else PALETTE[expected])
    assert legend_items(page) == [row["label"] for row in map_legend("upheld_rate")] + [
        "No detailed investigations"
    ]
    # One hatch for "no figure", in the configured colour, used by the map and the legend.
    assert page.locator("pattern").count() == 1
    assert page.locator("#no-data-hatch rect").get_attribute("fill") == NO_DATA_COLOUR
    hatched = page.locator('[fill="url(#no-data-hatch)"]')
    # Hassett's shape and a swatch in each of the five legends (the four measures', and the
    # colouring by class against similar councils).
    assert hatched.count() == 6
    # The table is the server's: the script leaves it as it came.
    assert table_text(page) == server_rows
    assert "Felpersham District council 4 75.0%*" in " ".join(server_rows)


# Counts every row added to or removed from the table once the parser is done with it.
ROW_WATCH = """
window.__rowChanges = 0;
document.addEventListener("DOMContentLoaded", () => {
  new MutationObserver((records) => {
    for (const r of records) window.__rowChanges += r.addedNodes.length + r.removedNodes.length;
  }).observe(document.getElementById("council-rows"), { childList: true });
});
"""


def test_the_table_is_rendered_once(world, session, live_server):
    # The server's rows are the table: the script draws the map and makes the table sortable,
    # and neither makes nor moves a row (it once drew all 300 again from the map's data).
    session.context.add_init_script(ROW_WATCH)
    page = session.open_map("/?year=2022-23")
    expect(page.locator("#council-table")).to_have_attribute("data-sortable-ready", "true")
    figures = page.request.get(f"{live_server.url}/api/map/figures/?year=2022-23&tier=lower")
    assert page.locator("#council-rows tr").count() == len(figures.json()["councils"]) == 4
    assert page.evaluate("() => window.__rowChanges") == 0


def test_year_statistic_and_tier_live_in_the_url(world, session):
    page = session.open_map("/?year=2022-23&stat=upheld_rate&tier=lower")
    session.fetched("/")
    page.check("#tier-upper")
    expect(page.locator("#map")).to_have_attribute("data-state", "2022-23|upheld_rate|upper")
    assert page.url.endswith("?year=2022-23&stat=upheld_rate&tier=upper")
    assert drawn_codes(page) == UPPER_2022
    assert page.locator("#table-caption").inner_text().startswith("County level, 2022-23")
    assert [r["code"] for r in table_rows(page)] == ["E06900001", "E10900001", "E09900001"]
    # Another tier: its figures, its boundary file and the server's table for it.
    fetched = sorted(session.fetched("/"))
    assert fetched[0] == "/?year=2022-23&tier=upper&part=table"
    assert fetched[1].startswith("/api/map/boundaries/upper/")
    assert fetched[2:] == ["/api/map/figures/?year=2022-23&tier=upper"]

    before = page.locator('path[data-gss="E06900001"]').get_attribute("fill")
    page.select_option("#stat", "compliance_rate")
    expect(page.locator("#map")).to_have_attribute("data-state", "2022-23|compliance_rate|upper")
    assert "stat=compliance_rate" in page.url
    # Ambridge: 10 of 10 complied (100%, the top class) against 8 of 12 upheld (66.7%).
    assert page.locator('path[data-gss="E06900001"]').get_attribute("fill") == PALETTE[4]
    assert before == PALETTE[2]  # 66.7%: the third class, 65% to under 80%
    assert page.locator("#legend-title").inner_text() == "Compliance rate, 2022-23"
    assert legend_items(page)[-1] == "No compliance checks"
    assert session.fetched("/") == []  # another measure only recolours

    page.check("#tier-lower")
    expect(page.locator("#map")).to_have_attribute("data-state", "2022-23|compliance_rate|lower")
    session.fetched("/")
    page.select_option("#year", "2021-22")
    expect(page.locator("#map")).to_have_attribute("data-state", "2021-22|compliance_rate|lower")
    assert page.locator("#csv-link").get_attribute("href").endswith("year=2021-22&format=csv")
    assert page.locator("#csv-year").inner_text() == "2021-22"
    assert page.locator("#table-caption").inner_text().startswith("District level, 2021-22")
    # 2021-22 draws the councils of 2022-23: new figures and table, the same boundary file.
    assert sorted(session.fetched("/")) == [
        "/?year=2021-22&tier=lower&part=table",
        "/api/map/figures/?year=2021-22&tier=lower",
    ]

    page.go_back()
    expect(page.locator("#map")).to_have_attribute("data-state", "2022-23|compliance_rate|lower")
    assert page.locator("#year").input_value() == "2022-23"
    assert page.locator("#table-caption").inner_text().startswith("District level, 2022-23")
    page.go_back()
    page.go_back()
    expect(page.locator("#map")).to_have_attribute("data-state", "2022-23|upheld_rate|upper")
    assert drawn_codes(page) == UPPER_2022
    assert page.locator("#tier-upper").is_checked()
    assert page.locator("#table-caption").inner_text().startswith("County level, 2022-23")


def table_rows(page) -> list[dict]:
    return page.locator("#council-rows tr").evaluate_all(
        "rows => rows.map(r => ({code: r.dataset.gss, text: r.innerText}))"
    )


def test_the_page_works_without_javascript(world, browser, live_server):
    plain = Session(browser, live_server.url, csp=False, java_script_enabled=False)
    page = plain.open("/?year=2022-23")
    assert [r["code"] for r in table_rows(page)] == [
        "E06900001",
        "E07900001",
        "E09900001",
        "E07900002",
    ]
    assert page.locator("#average-rows tr").count() == 4
    page.select_option("#year", "2021-22")
    page.check("#tier-upper")
    page.click("#map-apply")
    page.wait_for_url(
        "**/?year=2021-22&category=&stat=upheld_rate&tier=upper&mode=value&table_type=&region="
    )
    assert page.locator("#table-caption").inner_text().startswith("County level, 2021-22")
    assert [r["code"] for r in table_rows(page)] == ["E06900001", "E10900001", "E09900001"]
    # Each table came with its page. (The preload links still fetch the map's data, which
    # the browser keeps for the visit with a script.)
    assert not [r for r in plain.fetched("/") if "part=table" in r]
    plain.close()


def test_a_correction_shows_on_the_next_choice(world, session):
    page = session.open_map("/?year=2022-23")
    loxley = page.locator('path[data-gss="E07900002"]')
    assert loxley.get_attribute("fill") == PALETTE[1]  # 50%: the second class, 50% to under 65%
    page.select_option("#year", "2021-22")
    expect(page.locator("#map")).to_have_attribute("data-state", "2021-22|upheld_rate|lower")
    decision = world["loxley"].decisions.get(outcome=Outcome.NOT_UPHELD)
    decision.outcome = Outcome.UPHELD
    decision.save()
    time.sleep(LOCAL_SECONDS + 0.1)  # the server's threads read the data version once a second
    session.fetched("/")
    page.select_option("#year", "2022-23")
    expect(page.locator("#map")).to_have_attribute("data-state", "2022-23|upheld_rate|lower")
    # No max-age: the browser asked again (and got the new figures, not a 304).
    assert session.fetched("/api/map/figures/") == ["/api/map/figures/?year=2022-23&tier=lower"]
    assert loxley.get_attribute("fill") == PALETTE[4]  # 100%: the darkest, 90% or more
    row = page.locator('#council-rows tr[data-gss="E07900002"]')
    expect(row).to_contain_text("100.0%")


def test_clicking_a_council_opens_its_page(world, session):
    page = session.open_map("/?year=2022-23")
    page.locator('path[data-gss="E07900001"]').click()
    page.wait_for_url("**/councils/felpersham/?year=2022-23")
    assert page.locator("h1").inner_text() == "Felpersham District Council"


def test_hover_and_focus_show_the_figures(world, session):
    page = session.open_map("/?year=2022-23")
    page.locator('path[data-gss="E07900001"]').hover()
    tip = page.locator("#map-info")
    expect(tip).to_contain_text("Upheld rate: 75.0%")
    expect(tip).to_contain_text("95% confidence interval: 30.1% to 95.4%")
    expect(tip).to_contain_text("Not clearly different from similar councils")
    expect(tip).to_contain_text("3 upheld of 4 detailed investigations")
    expect(tip).to_contain_text("All district councils: 66.7%")
    expect(tip).to_contain_text("Fewer than 10 cases")
    page.mouse.move(5, 5)
    # Keyboard: tabbing to a council in the table shows it on the map.
    page.locator('#council-rows tr[data-gss="E06900001"] a').focus()
    expect(tip).to_contain_text("Ambridge")
    expect(tip).to_contain_text("8 upheld of 12 detailed investigations")


@pytest.mark.parametrize(
    "stat, figure, interval, counts",
    [
        (
            "satisfactory_remedy_rate",
            "33.3%",
            "6.1% to 79.2%",
            "1 of 3 upheld complaints already put right",
        ),
        (
            "compliance_rate",
            "75.0%",
            "30.1% to 95.4%",
            "3 of 4 recommendations carried out, 1 late",
        ),
        ("upheld_per_100k", "2.0", "0.4 to 5.8", "3 upheld complaints, population 150,000"),
    ],
)
def test_each_measures_tooltip_names_its_counts(world, session, stat, figure, interval, counts):
    # Felpersham 2022-23 (tests/world.py): 3 upheld of 4, 1 remedied, 2 + 1 late of 4 checked.
    page = session.open_map(f"/?year=2022-23&stat={stat}")
    page.locator('path[data-gss="E07900001"]').hover()
    tip = page.locator("#map-info")
    expect(tip).to_contain_text(f": {figure}")
    expect(tip).to_contain_text(f"95% confidence interval: {interval}")
    expect(tip).to_contain_text(counts)


def test_the_table_sorts(world, session):
    page = session.open_map("/?year=2022-23")
    heading = page.locator("#council-table thead th").nth(3)  # Upheld rate
    heading.get_by_role("button").click()
    assert heading.get_attribute("aria-sort") == "descending"
    names = page.locator("#council-rows th")
    expect(names).to_have_text(["Felpersham", "Ambridge", "Loxley Barrett", "Hassett"])
    heading.get_by_role("button").click()
    assert heading.get_attribute("aria-sort") == "ascending"
    # No figure stays last whichever way the column is sorted.
    expect(names).to_have_text(["Loxley Barrett", "Ambridge", "Felpersham", "Hassett"])
    # A redraw for another year keeps the chosen order.
    page.select_option("#year", "2021-22")
    expect(page.locator("#map")).to_have_attribute("data-state", "2021-22|upheld_rate|lower")
    expect(names).to_have_text(["Felpersham", "Loxley Barrett", "Ambridge", "Hassett"])


def test_search_by_name_and_by_postcode(world, session, browser, live_server):
    Postcode.objects.create(postcode="FE11AA", lat=52.05, lon=-0.95)
    # The point index is kept per process under the data version, which a flushed test
    # database can repeat with other councils' ids: start from a fresh index.
    boundary_index_clear()
    page = session.open_map("/?year=2022-23")
    page.fill("#search-input", "felpo")  # an alternative name of Felpersham
    expect(page.locator("#search-results")).to_contain_text("1 council matches")
    expect(page.locator("#search-results a")).to_have_text(["Felpersham"])

    page.fill("#search-input", "fe1 1aa")
    page.press("#search-input", "Enter")
    links = page.locator("#search-results a")
    expect(links).to_have_text(["Felpersham", "Borsetshire"])
    assert links.first.get_attribute("href") == "/councils/felpersham/?year=2022-23"
    expect(page.locator("#map-info")).to_contain_text("Felpersham")

    page.fill("#search-input", "ZZ9 9ZZ")
    page.press("#search-input", "Enter")
    expect(page.locator("#search-error")).to_contain_text("not in our directory")

    page.fill("#search-input", "Ambridge")
    page.press("#search-input", "Enter")
    page.wait_for_url("**/councils/ambridge/?year=2022-23")

    located = Session(
        browser,
        live_server.url,
        geolocation={"latitude": 52.05, "longitude": -0.75},
        permissions=["geolocation"],
    )
    page = located.open_map("/?year=2022-23")
    page.click("#locate")
    expect(page.locator("#search-results")).to_contain_text("The council for your location:")
    expect(page.locator("#search-results a")).to_have_text(["Ambridge"])
    located.close()


def test_map_performance_and_transfer(world, session):
    page = session.open_map("/?year=2022-23")
    page.wait_for_load_state("networkidle")
    measure = """() => {
          const drawn = performance.getEntriesByName('map-drawn')[0];
          const draw = performance.getEntriesByName('map-draw')[0];
          const nav = performance.getEntriesByType('navigation')[0];
          const resources = performance.getEntriesByType('resource');
          const data = (part) => resources.filter((r) => r.name.includes(part))
            .map((r) => ({transfer: r.transferSize, body: r.encodedBodySize}));
          return {
            drawn_ms: drawn.startTime,
            script_to_drawn_ms: draw.duration,
            transfer_bytes: nav.transferSize + resources.reduce((n, r) => n + r.transferSize, 0),
            hosts: [...new Set(resources.map(r => new URL(r.name).host))],
            figures: data('/api/map/figures/'),
            boundaries: data('/api/map/boundaries/'),
          };
        }"""
    first = page.evaluate(measure)
    # A second visit: the boundary file comes from the browser's cache without asking the
    # server (its URL is immutable: nothing transferred), the figures are revalidated (a 304:
    # headers only).
    page.reload()
    page.wait_for_selector("#map[data-state]")
    page.wait_for_load_state("networkidle")
    second = page.evaluate(measure)
    ARTIFACTS.mkdir(exist_ok=True)
    timing = {"first": first, "second": second}
    (ARTIFACTS / "map-performance.json").write_text(json.dumps(timing, indent=2))
    assert first["hosts"] == [session.base_url.split("//")[1]]  # no tiles, no CDN
    assert 0 < first["transfer_bytes"] < 600_000
    assert first["drawn_ms"] > 0
    assert len(first["figures"]) == len(first["boundaries"]) == 1  # the preloads, used
    assert second["boundaries"] == [{"transfer": 0, "body": first["boundaries"][0]["body"]}]
    assert 0 < second["figures"][0]["transfer"] < first["figures"][0]["transfer"]
