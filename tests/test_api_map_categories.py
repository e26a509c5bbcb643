"""The map's figures for one category (/api/map/figures/?category=): each council's upheld rate in
the category, checked against counts made here from the decisions created (not by the code under
test), its interval, the small-number flag, the comparison with its type's rate in the same
category, the shape of the headline document, the 400 and the one grouped query per year."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from decisions.choices import Outcome
from decisions.map_categories import category_map_figures
from decisions.models import Decision
from decisions.statistics.service_areas import year_council_category_counts
from ombudsman.dataversion import data_version
from ombudsman.years import ReportingYear

from .factories import DecisionFactory

pytestmark = pytest.mark.django_db
Y2022 = ReportingYear(2022)
HOUSING = "/api/map/figures/?year=2022-23&tier=lower&category=Housing"
HEADLINE = "/api/map/figures/?year=2022-23&tier=lower"
DISTRICTS = ("E07900001", "E07900002")  # Felpersham, Loxley Barrett


def add(council, category, outcome, count):
    for _ in range(count):
        DecisionFactory(
            council=council, category=category, outcome=outcome, decision_date=dt.date(2022, 9, 1)
        )


@pytest.fixture
def apart(world):
    """Housing in 2022-23: Felpersham upholds almost every complaint and Loxley Barrett almost
    none (each clearly apart from the districts' pooled rate); Ambridge has a few planning
    cases only, and Hassett none at all."""
    add(world["felpersham"], "Housing", Outcome.UPHELD, 18)
    add(world["loxley"], "Housing", Outcome.NOT_UPHELD, 18)
    add(world["ambridge"], "Planning and development", Outcome.UPHELD, 3)
    add(world["felpersham"], "Planning and development", Outcome.NOT_UPHELD, 2)
    return world


def tallies(category: str) -> dict[str, Counter]:
    """Each council's outcomes in the category in 2022-23, counted here row by row."""
    counts: dict[str, Counter] = {}
    for code, cat, outcome, day in Decision.objects.values_list(
        "council__gss_code", "category", "outcome", "decision_date"
    ):
        if cat == category and dt.date(2022, 4, 1) <= day <= dt.date(2023, 3, 31):
            counts.setdefault(code, Counter())[outcome] += 1
    return counts


def wilson(upheld: int, n: int) -> list[float]:
    z = 1.959963984540054
    centre = (upheld + z * z / 2) / (n + z * z)
    half = z * math.sqrt(upheld * (n - upheld) / n + z * z / 4) / (n + z * z)
    return [round(100 * (centre - half), 1), round(100 * (centre + half), 1)]


def test_each_councils_upheld_rate_is_the_categorys(apart, api):
    body = api.get(HOUSING).json()
    assert body["category"] == "Housing"
    assert body["status"] == "provisional"  # counted live, as /api/service-areas/ is
    counts = tallies("Housing")
    for code, council in body["councils"].items():
        mine = counts.get(code, Counter())
        upheld = mine[Outcome.UPHELD]
        investigations = upheld + mine[Outcome.NOT_UPHELD]
        assert council["upheld"] == upheld, code
        assert council["investigations"] == investigations, code
        if investigations:
            assert council["upheld_rate"] == round(100 * upheld / investigations, 1), code
            assert council["intervals"]["upheld_rate"] == wilson(upheld, investigations), code
        else:
            assert council["upheld_rate"] is None
            assert council["intervals"]["upheld_rate"] is None
        small = 0 < investigations < 10
        assert council["small_numbers"] == (["upheld_rate"] if small else []), code
        # The other measures have no figure by category.
        for key in ("satisfactory_remedy_rate", "compliance_rate", "upheld_per_100k"):
            assert council[key] is None and council["intervals"][key] is None
        for key in ("satisfactory_remedies", "complied", "compliance_outcomes", "population"):
            assert council[key] is None
        assert council["revised"] is False
    # Felpersham: 18 + its world's 2 of 3 housing cases; Loxley 1 of 20; Hassett none.
    assert body["councils"]["E07900001"]["upheld"] == 20
    assert body["councils"]["E07900002"]["investigations"] == 20
    assert body["councils"]["E09900001"]["upheld_rate"] is None


def test_the_comparison_and_averages_are_the_types_rate_in_the_category(apart, api):
    body = api.get(HOUSING).json()
    counts = tallies("Housing")
    upheld = sum(counts[c][Outcome.UPHELD] for c in DISTRICTS)
    investigations = upheld + sum(counts[c][Outcome.NOT_UPHELD] for c in DISTRICTS)
    district = body["averages"]["district"]
    assert district["upheld_rate"] == round(100 * upheld / investigations, 1)
    assert district["label"] == "District council"
    assert district["compliance_rate"] is None
    assert body["councils"]["E07900001"]["compared"] == {"upheld_rate": "higher"}
    assert body["councils"]["E07900002"]["compared"] == {"upheld_rate": "lower"}
    # All complaints: the two are not clearly apart from the districts' headline rate.
    headline = api.get(HEADLINE).json()
    assert headline["councils"]["E07900001"]["compared"].get("upheld_rate") != "lower"
    assert headline["averages"]["district"]["upheld_rate"] != district["upheld_rate"]


def test_another_category_counts_its_own_cases(apart, api):
    body = api.get(
        "/api/map/figures/?year=2022-23&tier=lower&category=Planning%20and%20development"
    ).json()
    assert body["councils"]["E06900001"]["upheld"] == 3
    assert body["councils"]["E06900001"]["small_numbers"] == ["upheld_rate"]
    assert body["councils"]["E07900001"]["upheld_rate"] == 0.0
    assert body["averages"]["unitary"]["upheld_rate"] == 100.0


def test_the_document_has_the_headline_shape(apart, api):
    headline = api.get(HEADLINE).json()
    housing = api.get(HOUSING).json()
    assert headline["category"] is None
    assert housing.keys() == headline.keys()
    assert housing["boundaries"] == headline["boundaries"]
    assert housing["councils"].keys() == headline["councils"].keys()
    for code, council in housing["councils"].items():
        assert council.keys() == headline["councils"][code].keys()
        assert council["intervals"].keys() == headline["councils"][code]["intervals"].keys()
        assert council["name"] == headline["councils"][code]["name"]
    assert housing["averages"]["district"].keys() == headline["averages"]["district"].keys()


def test_a_category_is_named_as_the_service_areas_api_names_it(apart, api):
    named = api.get("/api/service-areas/?year=2022-23").json()["results"]
    assert "Housing" in [row["category"] for row in named]
    # Another name for a heading, in any case, is read as the heading.
    assert api.get(HOUSING.replace("Housing", "housing")).json()["category"] == "Housing"


@pytest.mark.parametrize("value", ["Parking", "Housing;drop", "Adult%20care"])
def test_an_unknown_category_is_a_400_naming_it(apart, api, value):
    response = api.get(f"{HEADLINE}&category={value}")
    assert response.status_code == 400
    assert "category" in response.json()


def test_a_blank_category_is_all_complaints(apart, api):
    # As a blank value of any of the API's optional parameters is its default.
    assert api.get(f"{HEADLINE}&category=").json() == api.get(HEADLINE).json()


def test_the_map_geojson_does_not_take_a_category(apart, api):
    # /api/map/ has no figures by category: the parameter is refused, not ignored.
    response = api.get("/api/map/?year=2022-23&category=Housing")
    assert response.status_code == 400
    assert "category" in response.content.decode()


def test_one_grouped_query_per_year_for_every_council(apart, django_assert_num_queries):
    data_version()  # read once a second, and not what is counted here
    with django_assert_num_queries(1):
        counts = year_council_category_counts(Y2022)
    assert counts["E07900001"]["Housing"]["upheld"] == 20
    with django_assert_num_queries(0):  # kept per data version
        year_council_category_counts(Y2022)


def test_the_figures_of_every_category_cost_two_queries_a_year(apart, api):
    api.get(HEADLINE)  # the year table, the boundaries and the data version, as the page has
    decisions = []

    def queries_of(fetch):
        with CaptureQueriesContext(connection) as captured:
            fetch()
        return [q["sql"] for q in captured.captured_queries if "decisions_decision" in q["sql"]]

    # Every council's counts by category (one grouped query) and each type's (one more).
    first = queries_of(lambda: category_map_figures(year=Y2022, tier="lower", category="Housing"))
    assert len(first) == 2, first
    assert all("GROUP BY" in sql for sql in first)
    for category in ("Planning and development", "Benefits and tax"):
        decisions += queries_of(
            lambda c=category: category_map_figures(year=Y2022, tier="upper", category=c)
        )
    assert decisions == []
    # More councils with decisions: still one query for all of them.
    add(apart["hassett"], "Housing", Outcome.UPHELD, 1)
    again = queries_of(lambda: api.get(HOUSING))
    assert len(again) == 2, again
