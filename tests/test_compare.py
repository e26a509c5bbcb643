"""The compare page and /api/compare/ on the small world (tests/world.py): the figures are the
council pages' own, the groups come from the boundaries, the CSV is the statistics CSV, and any
request that cannot be answered is a 400 naming its parameter."""

from __future__ import annotations

import csv
import io

import pytest

from councils.groups import council_groups
from decisions.api.renderers import COLUMNS
from decisions.compare_chart import overlaid_chart
from ombudsman.years import ReportingYear
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db
PAGE = "/compare/"
API = "/api/compare/"


def test_the_figures_are_those_of_each_council_page(world, client):
    response = client.get(PAGE, {"councils": "felpersham,ambridge,loxley-barrett"})
    assert response.status_code == 200
    tables = {
        t["key"]: t for t in response.context["rate_tables"] + response.context["count_tables"]
    }
    names = [c["council"].slug for c in response.context["councils"]]
    types = [a["type"] for a in response.context["averages"]]
    assert names == ["felpersham", "ambridge", "loxley-barrett"]
    assert types == ["district", "unitary"]
    checked = 0
    for index, slug in enumerate(names):
        council_page = client.get(f"/councils/{slug}/").context
        for trend in council_page["trend_rows"]:
            cells = iter(trend["cells"])
            for column in council_page["columns"]:
                own = next(cells)
                table = tables[column["key"]]
                row = next(r for r in table["rows"] if r["year"] == trend["year"])
                assert row["cells"][index]["text"] == own["text"], (slug, trend["year"])
                assert row["cells"][index]["small"] == own["small"]
                checked += 1
                if column["unit"] is not None:  # the council page's average column follows
                    average = next(cells)
                    council_type = response.context["councils"][index]["council"].authority_type
                    at = len(names) + types.index(council_type)
                    assert row["cells"][at]["text"] == average["text"]
    assert checked >= 5 * 3


def test_a_year_a_council_did_not_exist_is_a_dash(world, client):
    response = client.get(PAGE, {"councils": "loxley-barrett,felpersham"})
    years = response.context["years"]
    assert "2022-23" in years
    later = [y for y in years if ReportingYear.parse(y) > ReportingYear(2022)]
    table = response.context["rate_tables"][0]
    for row in table["rows"]:
        if row["year"] in later:
            assert row["cells"][0]["absent"] and row["cells"][0]["text"] == "–"


def test_the_api_gives_each_councils_statistics_rows(world, api):
    body = api.get(API, {"councils": "E07900001,ambridge"}).json()
    assert [c["council"]["gss_code"] for c in body["councils"]] == ["E07900001", "E06900001"]
    for entry in body["councils"]:
        own = api.get(f"/api/councils/{entry['council']['gss_code']}/statistics/").json()
        assert entry["years"] == own["years"]
        assert entry["council"] == own["council"]
    assert body["method"] == own["method"]


def test_the_csv_is_the_statistics_csv_escaped(world, api):
    world["ambridge"].short_name = "=HYPERLINK(1)"
    world["ambridge"].save()
    response = api.get(API, {"councils": "felpersham,ambridge", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="compare-felpersham-ambridge.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == COLUMNS
    body = api.get(API, {"councils": "felpersham,ambridge"}).json()
    expected = [(c["council"]["gss_code"], y["year"]) for c in body["councils"] for y in c["years"]]
    got = [(r[COLUMNS.index("gss_code")], r[COLUMNS.index("year")]) for r in rows[1:]]
    assert got == expected and len(got) >= 4
    names = {r[COLUMNS.index("name")] for r in rows[1:]}
    assert names == {"Felpersham", "'=HYPERLINK(1)"}  # a formula never opens as one
    felpersham_2022 = next(y for y in body["councils"][0]["years"] if y["year"] == "2022-23")
    line = next(r for r in rows[1:] if r[:3] == ["2022-23", felpersham_2022["status"], "E07900001"])
    assert line[COLUMNS.index("upheld_rate")] == str(felpersham_2022["upheld_rate"])
    assert line[COLUMNS.index("type_average_upheld_rate")] == str(
        felpersham_2022["average"]["upheld_rate"]
    )


def seven_councils(world) -> str:
    extra = [CouncilFactory(short_name=f"Extra {n}") for n in range(2)]
    return ",".join(
        [c.slug for c in (world["felpersham"], world["ambridge"], world["hassett"])]
        + ["loxley-barrett", "borsetshire"]
        + [c.slug for c in extra]
    )


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"councils": "felpersham"}, "councils"),
        ({"councils": ""}, "councils"),
        ({"councils": "felpersham,,ambridge"}, "councils"),
        ({"councils": "felpersham,nowhere"}, "councils"),
        ({"councils": "felpersham,E07900001"}, "councils"),  # the same council twice
        ({"councils": "felpersham,ambridge", "year": "2022-23"}, "year"),
        ({"councils": "felpersham,ambridge", "tier": "upper"}, "tier"),
        ({"councils": "SEVEN"}, "councils"),
        ({"councils": "felpersham,amb\x00ridge"}, "councils"),  # PostgreSQL refuses a NUL
        ({"councils": ",".join(["felpersham"] * 5000)}, "councils"),
        ({"councils": ["felpersham,ambridge", "ambridge,hassett"]}, "councils"),  # twice
    ],
)
@pytest.mark.parametrize("path", [PAGE, API])
def test_what_cannot_be_answered_is_a_400_naming_the_parameter(
    world, client, path, query, parameter
):
    if query.get("councils") == "SEVEN":
        query = {"councils": seven_councils(world)}
    response = client.get(path, query)
    assert response.status_code == 400
    text = response.content.decode()
    if path == API:
        assert parameter in response.json()
    else:
        # The site's middleware answers a NUL in any parameter before the view does.
        assert (
            f"<p>{parameter}: " in text
            or f"The parameter '{parameter}'" in text
            or f"does not take {parameter}." in text
        )
    if "nowhere" in query.get("councils", ""):
        assert "nowhere" in text


def test_the_api_wants_councils(world, client):
    response = client.get(API)
    assert response.status_code == 400 and "councils" in response.json()
    csv_error = client.get(API, {"councils": "felpersham", "format": "csv"})
    assert csv_error.status_code == 400 and "councils" in csv_error.json()  # errors in JSON


def test_adding_by_name(world, client):
    found = client.get(PAGE, {"councils": "felpersham", "add": "ambridge council"})
    assert found.status_code == 302
    assert found["Location"] == "/compare/?councils=felpersham,ambridge"
    first = client.get(PAGE, {"councils": "", "add": "Hassett"})
    assert first.status_code == 200 and [c.slug for c in first.context["chosen"]] == ["hassett"]
    assert 'name="councils" value="hassett"' in first.content.decode()
    several = client.get(PAGE, {"councils": "hassett", "add": "borsetshire"})  # county's name
    assert several.status_code == 302  # the exact name wins over the districts containing it
    many = client.get(PAGE, {"councils": "hassett", "add": "e"})
    assert many.status_code == 200
    urls = [m["url"] for m in many.context["candidates"]]
    assert "/compare/?councils=hassett,felpersham" in urls
    assert all("councils=hassett,hassett" not in url for url in urls)
    typed = client.get(PAGE, {"councils": "hassett", "add": "Fel\u200bpersham\n"})
    assert typed["Location"] == "/compare/?councils=hassett,felpersham"  # what cannot be typed
    nul = client.get(PAGE, {"councils": "hassett", "add": "Fel\x00"})
    assert nul.status_code == 400 and "'add'" in nul.content.decode()
    again = client.get(PAGE, {"councils": "hassett", "add": "Hassett"})
    assert again.status_code == 200 and "already" in again.context["message"]
    empty_form = client.get(PAGE, {"councils": "", "add": ""})
    assert empty_form.status_code == 200 and empty_form.context["chosen"] == []
    none = client.get(PAGE, {"councils": "hassett", "add": "Nowhere at all"})
    assert none.status_code == 200 and "No council" in none.context["message"]
    full = client.get(PAGE, {"councils": seven_councils(world).rsplit(",", 1)[0], "add": "x"})
    assert full.status_code == 400 and "<p>add: " in full.content.decode()


def test_a_council_pages_link_opens_the_form_with_its_groups(world, client):
    page = client.get("/councils/felpersham/").content.decode()
    assert 'href="/compare/?councils=felpersham&amp;add="' in page
    form = client.get(PAGE, {"councils": "felpersham", "add": ""})
    assert form.status_code == 200
    groups = {g["group"].key: g["url"] for g in form.context["groups"]}
    assert groups["neighbours"] == "/compare/?councils=felpersham,loxley-barrett"
    assert groups["county"] == "/compare/?councils=felpersham,borsetshire,loxley-barrett"
    assert client.get(groups["county"]).status_code == 200


def test_remove_links_only_while_more_than_two(world, client):
    two = client.get(PAGE, {"councils": "felpersham,ambridge"}).context["councils"]
    assert [c["remove_url"] for c in two] == [None, None]
    three = client.get(PAGE, {"councils": "felpersham,ambridge,hassett"}).context["councils"]
    assert three[1]["remove_url"] == "/compare/?councils=felpersham,hassett"


def test_groups_from_the_boundaries(world):
    year = ReportingYear(2022)
    ambridge = {
        g.key: [c.slug for c in g.councils]
        for g in council_groups(council=world["ambridge"], year=year)
    }
    # Ambridge, a unitary, borders Loxley (lower tier), Hassett and the county (upper tier).
    assert ambridge["neighbours"] == ["ambridge", "loxley-barrett", "hassett", "borsetshire"]
    assert "county" not in ambridge and "region" not in ambridge  # alone in the South East
    county = {
        g.key: [c.slug for c in g.councils]
        for g in council_groups(council=world["county"], year=year)
    }
    assert county["county"] == ["borsetshire", "felpersham", "loxley-barrett"]
    # Loxley ended in March 2023: in 2023-24 Felpersham's only neighbour is gone.
    later = council_groups(council=world["felpersham"], year=ReportingYear(2023))
    assert "neighbours" not in {g.key for g in later}


def test_a_group_larger_than_six_keeps_the_nearest(world):
    for n in range(7):
        CouncilFactory(
            short_name=f"Barsetshire {n}",
            authority_type="district",
            region="West Midlands",
            label_lat=52.05,
            label_lon=-0.95 + (n + 1) * 0.5,
        )
    groups = {
        g.key: g for g in council_groups(council=world["felpersham"], year=ReportingYear(2022))
    }
    region = groups["region"]
    assert region.total == 9 and len(region.councils) == 6
    assert [c.slug for c in region.councils][:3] == [
        "felpersham",
        "loxley-barrett",
        "barsetshire-0",
    ]
    assert [c.slug for c in region.others] == ["barsetshire-4", "barsetshire-5", "barsetshire-6"]


def test_the_overlaid_chart_breaks_a_line_where_there_is_no_figure():
    chart = overlaid_chart(
        labels=["2021-22", "2022-23", "2023-24"],
        councils=[
            {"name": "A", "values": [50.0, None, 70.0], "colour": "#000", "marker": "circle"},
            {"name": "B", "values": [10.0, 20.0, 30.0], "colour": "#111", "marker": "square"},
        ],
        averages=[{"name": "Avg", "values": [40.0, 45.0, 50.0], "colour": "#333", "dash": "6 4"}],
        percent=True,
    )
    lines = {line["name"]: line for line in chart["lines"]}
    assert [line["name"] for line in chart["lines"]] == ["Avg", "A", "B"]  # averages underneath
    assert len(lines["A"]["segments"]) == 2 and len(lines["A"]["markers"]) == 2
    assert len(lines["B"]["segments"]) == 1 and len(lines["B"]["markers"]) == 3
    assert lines["Avg"]["markers"] == [] and lines["Avg"]["dash"] == "6 4"
    assert lines["A"]["markers"][0]["d"] != lines["B"]["markers"][0]["d"]
    assert chart["y_ticks"][-1]["label"] == "100%"


def test_the_page_draws_a_chart_per_headline_rate(world, client):
    page = client.get(PAGE, {"councils": "felpersham,ambridge"}).content.decode()
    assert page.count('class="chart compare-chart"') == 4
    assert page.count("<caption") == 9  # five rates and four counts
    assert '<th scope="col" class="num">Average, district councils</th>' in page


def test_councils_without_figures_are_said_to_have_none(world, client):
    import datetime as dt

    new = [
        CouncilFactory(short_name=f"Newshire {n}", start_date=dt.date(2024, 4, 1)) for n in (1, 2)
    ]
    response = client.get(PAGE, {"councils": ",".join(c.slug for c in new)})
    assert response.status_code == 200
    text = response.content.decode()
    assert "None of these councils has figures yet" in text
    assert "compare-chart" not in text and "<caption" not in text
