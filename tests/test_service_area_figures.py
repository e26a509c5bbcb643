"""Figures by category (decisions.statistics.service_areas) against a recount from the raw
decisions: a council's, its similar councils', England's and the national page's; the API and
CSV, their 400s, and the queries they cost."""

import csv
import datetime as dt
import io
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from councils.models import Council
from decisions.choices import Outcome
from decisions.models import Decision
from decisions.statistics.intervals import wilson
from decisions.statistics.service_areas import council_service_areas, england_service_areas
from ombudsman.years import ReportingYear
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db
Y22, Y21, Y23 = ReportingYear(2022), ReportingYear(2021), ReportingYear(2023)
EDUCATION = "Education and children's services"


@pytest.fixture
def areas(world):
    """The small world plus decisions in several categories for both districts, and a decision
    of Loxley Barrett after it ended (England's, no district's)."""
    serial = iter(range(1, 500))

    def add(council, category, outcome, day, **kw):
        DecisionFactory(
            reference=f"22 700 {next(serial):03d}",
            council=council,
            category=category,
            outcome=outcome,
            decision_date=day,
            received_date=day - dt.timedelta(days=50),
            published_on=day + dt.timedelta(days=30),
            **kw,
        )

    felpersham, loxley, ambridge = world["felpersham"], world["loxley"], world["ambridge"]
    for i in range(7):
        add(felpersham, "Planning and development", Outcome.UPHELD, dt.date(2022, 6, 1 + i))
    for i in range(5):
        add(felpersham, "Planning and development", Outcome.NOT_UPHELD, dt.date(2022, 7, 1 + i))
    add(felpersham, "Environment and regulation", Outcome.ADVICE_GIVEN, dt.date(2022, 8, 1))
    for i in range(3):
        add(loxley, "Planning and development", Outcome.NOT_UPHELD, dt.date(2022, 9, 1 + i))
    add(
        loxley, "Benefits and tax", Outcome.UPHELD, dt.date(2022, 9, 10), remedied_by_authority=True
    )
    add(ambridge, EDUCATION, Outcome.UPHELD, dt.date(2022, 10, 1))
    add(loxley, "Housing", Outcome.UPHELD, dt.date(2023, 6, 1))  # after Loxley ended
    return world


def half_up(numerator, denominator):
    if not denominator:
        return None
    value = Decimal(numerator * 100) / Decimal(denominator)
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def recount(year, keep):
    """{category: counts} from every decision, one at a time (no query grouping)."""
    found = defaultdict(lambda: {"decisions": 0, "investigations": 0, "upheld": 0})
    for d in Decision.objects.select_related("council"):
        if not (year.first_day <= d.decision_date <= year.last_day) or not keep(d):
            continue
        counts = found[d.category]
        counts["decisions"] += 1
        counts["investigations"] += d.outcome in (Outcome.UPHELD, Outcome.NOT_UPHELD)
        counts["upheld"] += d.outcome == Outcome.UPHELD
    return dict(found)


def existed(council, year):
    return Council.objects.active_in(year).filter(pk=council.pk).exists()


def test_a_councils_figures_by_category_equal_a_recount(areas):
    felpersham = areas["felpersham"]
    rows = {r["category"]: r for r in council_service_areas(council=felpersham, year=Y22)}
    own = recount(Y22, lambda d: d.council_id == felpersham.pk)
    similar = recount(
        Y22, lambda d: d.council.authority_type == "district" and existed(d.council, Y22)
    )
    assert set(rows) == set(own) | set(similar)
    assert rows["Planning and development"]["investigations"] == 12  # not vacuous
    for category, row in rows.items():
        mine = own.get(category, {"decisions": 0, "investigations": 0, "upheld": 0})
        theirs = similar[category]
        for key in ("decisions", "investigations", "upheld"):
            assert row[key] == mine[key], (category, key)
            assert row["similar"][key] == theirs[key], (category, key)
        assert row["upheld_rate"] == half_up(mine["upheld"], mine["investigations"])
        assert row["similar"]["upheld_rate"] == half_up(theirs["upheld"], theirs["investigations"])
        assert row["small_numbers"] == (["upheld_rate"] if 0 < mine["investigations"] < 10 else [])
        if mine["investigations"]:
            low, high = wilson(mine["upheld"], mine["investigations"])
            assert row["upheld_rate_lower"] == pytest.approx(low * 100, abs=0.051)
            assert row["upheld_rate_upper"] == pytest.approx(high * 100, abs=0.051)
            target = 100 * theirs["upheld"] / theirs["investigations"]
            expected = (
                "higher" if target < low * 100 else "lower" if target > high * 100 else ("similar")
            )
            assert row["compared"] == expected
        else:
            assert row["upheld_rate"] is None and row["compared"] is None


def test_planning_in_felpersham_against_the_districts(areas):
    row = next(
        r
        for r in council_service_areas(council=areas["felpersham"], year=Y22)
        if r["category"] == "Planning and development"
    )
    # Felpersham 7 of 12; with Loxley Barrett's 3 not upheld the districts are 7 of 15.
    assert (row["upheld"], row["investigations"], row["upheld_rate"]) == (7, 12, 58.3)
    assert (row["similar"]["upheld"], row["similar"]["investigations"]) == (7, 15)
    assert row["similar"]["upheld_rate"] == 46.7
    assert row["small_numbers"] == []
    assert row["compared"] == "similar"


def test_england_counts_every_decision_and_a_type_only_councils_that_existed(areas):
    england = {r["category"]: r for r in england_service_areas(Y23)}
    assert england["Housing"]["decisions"] == 1  # Loxley Barrett's, after it ended
    row = next(
        (
            r
            for r in council_service_areas(council=areas["felpersham"], year=Y23)
            if r["category"] == "Housing"
        ),
        None,
    )
    assert row is None  # no district that existed in 2023-24 had a housing decision
    for year in (Y21, Y22, Y23):
        expected = recount(year, lambda d: True)
        shown = {r["category"]: r for r in england_service_areas(year) if r["decisions"]}
        assert {c: {k: r[k] for k in expected[c]} for c, r in shown.items()} == expected


def test_the_national_page_shows_a_recount_per_category_and_year(areas, client):
    page = client.get("/service-areas/")
    assert page.status_code == 200
    html = page.content.decode()
    for year in (Y21, Y22):
        expected = recount(year, lambda d: True)
        for category, counts in expected.items():
            section = html.split(f'data-category="{category}"'.replace("'", "&#x27;"))[1]
            section = section.split("</section>")[0]
            row = re.search(rf'<tr data-year="{year.label}">(.*?)</tr>', section).group(1)
            cells = dict(re.findall(r'data-field="(\w+)">([^<]*)<', row))
            assert int(cells["decisions"]) == counts["decisions"]
            assert int(cells["upheld"]) == counts["upheld"]
            rate = half_up(counts["upheld"], counts["investigations"])
            assert cells["upheld_rate"] == ("–" if rate is None else f"{rate}%"), (category, year)
    assert "/decisions/?category=Planning+and+development" in html
    rows = list(csv.DictReader(io.StringIO(client.get("/service-areas/?format=csv").text)))
    planning = next(
        r for r in rows if r["category"] == "Planning and development" and r["year"] == "2022-23"
    )
    # Felpersham's 12 and Loxley Barrett's 3: 7 upheld of 15 investigated.
    assert (planning["decisions"], planning["upheld"], planning["upheld_rate"]) == (
        "15",
        "7",
        "46.7",
    )


def test_the_api_gives_the_selectors_rows_as_json_and_csv(areas, client):
    felpersham = areas["felpersham"]
    response = client.get("/api/service-areas/", {"council": "e07900001", "year": "2022-23"})
    assert response.status_code == 200
    body = response.json()
    assert body["council"]["gss_code"] == "E07900001"
    assert body["results"] == council_service_areas(council=felpersham, year=Y22)
    england = client.get("/api/service-areas/", {"year": "2022-23"}).json()
    assert [r["decisions"] for r in england["results"]] == [
        r["decisions"] for r in england_service_areas(Y22)
    ]
    assert england["council"] is None
    text = client.get(
        "/api/service-areas/", {"council": "E07900001", "year": "2022-23", "format": "csv"}
    )
    assert text["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(text.content.decode())))
    planning = next(r for r in rows if r["category"] == "Planning and development")
    assert planning["upheld_rate"] == "58.3" and planning["similar_upheld_rate"] == "46.7"
    assert planning["compared_upheld_rate"] == "similar"
    assert len(rows) == len(body["results"])


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("?region=London", "region"),
        ("?council=E07900001&category=Housing", "category"),
        ("?year=2022", "year"),
        ("?year=1999-00", "year"),
        ("?council=E07900001&format=csv&tier=upper", "tier"),
    ],
)
def test_the_api_answers_a_bad_parameter_with_a_400_naming_it(areas, client, query, parameter):
    response = client.get("/api/service-areas/" + query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert parameter in response.json()


def test_an_unknown_council_is_a_404_naming_the_parameter(areas, client):
    # Well formed but nobody's: "no such thing", as /api/councils/E99999999/ is.
    response = client.get("/api/service-areas/?council=E99999999")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("council: no council has the GSS code")


@pytest.mark.parametrize("query", ["?year=2022-23", "?category=Housing", "?format=xml"])
def test_the_national_page_answers_a_parameter_it_does_not_take_with_a_400(areas, client, query):
    response = client.get("/service-areas/" + query)
    assert response.status_code == 400
    name = query[1:].split("=")[0]
    assert name in response.content.decode()


def test_the_council_page_section_costs_two_queries_then_one(areas, django_assert_max_num_queries):
    council = Council.objects.get(gss_code="E07900001")
    with CaptureQueriesContext(connection) as first:
        council_service_areas(council=council, year=Y22)
    # The data version (read once a second), the year's grouped counts, the council's own.
    assert len([q for q in first if "decisions_decision" in q["sql"]]) == 2
    with django_assert_max_num_queries(1):  # the year's table is kept per data version
        council_service_areas(council=council, year=Y22)


def test_the_council_page_shows_the_section_once(areas, client):
    html = client.get("/councils/felpersham/?year=2022-23").content.decode()
    assert html.count('id="service-areas"') == 1
    section = html.split('id="service-areas"')[1].split("</section>")[0]
    assert "Planning and development" in section
    assert "/api/service-areas/?council=E07900001&amp;year=2022-23&amp;format=csv" in section
