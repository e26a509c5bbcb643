"""The statistics endpoints against the fixed world of tests/world.py, whole bodies where it
matters, and the agreement between every place a figure appears."""

import csv
import io

import pytest

from decisions.statistics.figures import RATES
from decisions.statistics.formulas import METHOD

pytestmark = pytest.mark.django_db

ALL_RATES = [
    "upheld_rate",
    "satisfactory_remedy_rate",
    "compliance_rate",
    "complied_late_rate",
    "upheld_per_100k",
]


def outcomes(upheld=0, not_upheld=0, closed=0, referred=0, advice=0, invalid=0):
    return {
        "upheld": upheld,
        "not_upheld": not_upheld,
        "closed_after_initial_enquiries": closed,
        "referred_back_for_local_resolution": referred,
        "advice_given": advice,
        "incomplete_or_invalid": invalid,
    }


FELPERSHAM_2022 = {
    "gss_code": "E07900001",
    "name": "Felpersham",
    "official_name": "Felpersham District Council",
    "slug": "felpersham",
    "authority_type": "district",
    "region": "West Midlands",
    "year": "2022-23",
    "complaints_received": 7,
    "decisions": 9,
    "investigations": 4,
    "upheld": 3,
    "not_upheld": 1,
    "satisfactory_remedies": 1,
    "compliance_outcomes": 4,
    "complied": 2,
    "complied_late": 1,
    "not_complied": 1,
    "population": 150000,
    # Each rate with its 95% interval: Wilson for the percentages, exact Poisson for the rate
    # per head (the bounds checked against scipy's binomtest(...).proportion_ci("wilson") and
    # chi2.ppf).
    "upheld_rate": 75.0,
    "upheld_rate_lower": 30.1,
    "upheld_rate_upper": 95.4,
    "satisfactory_remedy_rate": 33.3,
    "satisfactory_remedy_rate_lower": 6.1,
    "satisfactory_remedy_rate_upper": 79.2,
    "compliance_rate": 75.0,
    "compliance_rate_lower": 30.1,
    "compliance_rate_upper": 95.4,
    "complied_late_rate": 25.0,
    "complied_late_rate_lower": 4.6,
    "complied_late_rate_upper": 69.9,
    "upheld_per_100k": 2.0,
    "upheld_per_100k_lower": 0.4,
    "upheld_per_100k_upper": 5.8,
    "small_numbers": ALL_RATES,
    "outcomes": outcomes(upheld=3, not_upheld=1, closed=2, referred=1, advice=1, invalid=1),
    # Four cases cannot tell a rate from the districts' average.
    "compared": dict.fromkeys(RATES, "similar"),
    "revision": None,
}

DISTRICTS_2022 = {
    "authority_type": "district",
    "label": "District council",
    "councils": 2,
    "complaints_received": 8,
    "decisions": 11,
    "investigations": 6,
    "upheld": 4,
    "not_upheld": 2,
    "satisfactory_remedies": 1,
    "compliance_outcomes": 4,
    "complied": 2,
    "complied_late": 1,
    "not_complied": 1,
    "population": 150000,
    "upheld_rate": 66.7,
    "satisfactory_remedy_rate": 25.0,
    "compliance_rate": 75.0,
    "complied_late_rate": 25.0,
    "upheld_per_100k": 2.0,
    "small_numbers": ALL_RATES,
    "outcomes": outcomes(upheld=4, not_upheld=2, closed=2, referred=1, advice=1, invalid=1),
    "revision": None,
}

ENGLAND_2022 = {
    "authority_type": None,
    "label": "England",
    "councils": 5,
    "complaints_received": 8 + 5 + 1,
    "decisions": 11 + 17 + 1,
    "investigations": 18,
    "upheld": 12,
    "not_upheld": 6,
    "satisfactory_remedies": 3,
    "compliance_outcomes": 14,
    "complied": 12,
    "complied_late": 1,
    "not_complied": 1,
    # England's residents once, in the lower tier: Felpersham, Ambridge and Hassett (150,000 +
    # 200,000 + 100,000), not Borsetshire's again; every upheld case (12) over them.
    "population": 450000,
    "upheld_rate": 66.7,
    "satisfactory_remedy_rate": 25.0,
    "compliance_rate": 92.9,
    "complied_late_rate": 7.1,
    "upheld_per_100k": 2.7,
    "small_numbers": [],
    "outcomes": outcomes(upheld=12, not_upheld=6, closed=8, referred=1, advice=1, invalid=1),
    "revision": None,
}


def test_council_statistics_whole_body(world, api):
    body = api.get("/api/councils/E07900001/statistics/").json()
    assert body["council"]["gss_code"] == "E07900001"
    assert body["method"] == METHOD
    assert [row["year"] for row in body["years"]] == ["2021-22", "2022-23"]
    row = body["years"][1]
    average = row.pop("average")
    england = row.pop("england")
    assert row == {**FELPERSHAM_2022, "status": "provisional"}
    assert average == DISTRICTS_2022
    assert england == ENGLAND_2022


def test_first_year_row_and_rates_of_zero(world, api):
    row = api.get("/api/councils/E07900001/statistics/").json()["years"][0]
    assert row["complaints_received"] == 4
    assert (row["investigations"], row["upheld"], row["upheld_rate"]) == (2, 1, 50.0)
    # An upheld case with no remedy by the council is 0.0 %, not null.
    assert row["satisfactory_remedy_rate"] == 0.0
    assert (row["compliance_outcomes"], row["compliance_rate"], row["complied_late_rate"]) == (
        1,
        100.0,
        0.0,
    )
    assert row["upheld_per_100k"] == 0.7
    assert row["average"]["upheld_rate"] == 75.0
    assert row["average"]["councils"] == 2


def test_rates_are_null_without_a_denominator(world, api):
    rows = {r["gss_code"]: r for r in api.get("/api/statistics/?year=2022-23").json()["results"]}
    county, loxley, hassett = rows["E10900001"], rows["E07900002"], rows["E09900001"]
    # No investigations: no upheld rate and no satisfactory remedy rate.
    assert county["investigations"] == 0
    assert county["upheld_rate"] is None and county["satisfactory_remedy_rate"] is None
    # A population but nothing upheld: 0.0 per 100,000, flagged as a small number.
    assert county["upheld_per_100k"] == 0.0 and "upheld_per_100k" in county["small_numbers"]
    # No compliance outcomes and no population figure.
    assert loxley["compliance_rate"] is None and loxley["upheld_per_100k"] is None
    assert loxley["population"] is None
    # No decisions at all: every count 0, every rate null except per head (0 upheld).
    assert hassett["decisions"] == 0 and hassett["upheld_rate"] is None
    assert hassett["small_numbers"] == ["upheld_per_100k"]


def test_council_that_ended_mid_series(world, api):
    assert [r["year"] for r in api.get("/api/councils/E07900002/statistics/").json()["years"]] == [
        "2021-22",
        "2022-23",
    ]
    codes_2023 = {r["gss_code"] for r in api.get("/api/statistics/?year=2023-24").json()["results"]}
    assert "E07900002" not in codes_2023
    assert "E07900001" in codes_2023


def test_statistics_lists_every_council_of_the_year(world, api):
    body = api.get("/api/statistics/?year=2022-23").json()
    assert body["year"] == "2022-23" and body["status"] == "provisional"
    assert body["count"] == 5
    assert [r["name"] for r in body["results"]] == [
        "Ambridge",
        "Borsetshire",
        "Felpersham",
        "Hassett",
        "Loxley Barrett",
    ]
    felpersham = next(r for r in body["results"] if r["gss_code"] == "E07900001")
    assert felpersham == FELPERSHAM_2022


def test_statistics_filter_by_type(world, api):
    body = api.get("/api/statistics/?year=2022-23&authority_type=district").json()
    assert [r["gss_code"] for r in body["results"]] == ["E07900001", "E07900002"]


def test_averages_whole_body(world, api):
    body = api.get("/api/averages/?year=2022-23").json()
    assert body["year"] == "2022-23"
    assert body["method"] == METHOD
    assert body["england"] == ENGLAND_2022
    types = {a["authority_type"]: a for a in body["authority_types"]}
    assert set(types) == {"county", "district", "metropolitan_borough", "unitary", "london_borough"}
    assert types["district"] == DISTRICTS_2022
    assert types["metropolitan_borough"]["councils"] == 0
    assert types["metropolitan_borough"]["upheld_rate"] is None


def test_averages_equal_pooled_figures_from_the_rows(world, api):
    rows = api.get("/api/statistics/?year=2022-23").json()["results"]
    averages = api.get("/api/averages/?year=2022-23").json()
    for group in [*averages["authority_types"], averages["england"]]:
        members = [r for r in rows if group["authority_type"] in (None, r["authority_type"])]
        investigations = sum(r["investigations"] for r in members)
        upheld = sum(r["upheld"] for r in members)
        assert group["investigations"] == investigations
        if investigations:
            assert group["upheld_rate"] == round(100 * upheld / investigations + 1e-9, 1)


def test_csv_is_the_same_rows(world, api):
    response = api.get("/api/statistics/?year=2022-23&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "council-statistics-2022-23.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 5
    felpersham = next(r for r in rows if r["gss_code"] == "E07900001")
    assert felpersham["upheld_rate"] == "75.0"
    assert felpersham["investigations"] == "4"
    assert felpersham["outcome_closed_after_initial_enquiries"] == "2"
    assert felpersham["type_average_upheld_rate"] == "66.7"
    assert felpersham["small_numbers"] == ";".join(ALL_RATES)
    loxley = next(r for r in rows if r["gss_code"] == "E07900002")
    assert loxley["compliance_rate"] == ""  # null is an empty cell


def test_council_statistics_csv(world, api):
    response = api.get("/api/councils/E07900001/statistics/?format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["year"] for r in rows] == ["2021-22", "2022-23"]
    assert rows[1]["type_average_upheld_rate"] == "66.7"


def test_every_place_agrees(world, api):
    """The per-council endpoint, the all-councils endpoint, the CSV and the map show the same
    figures for every council."""
    table = {r["gss_code"]: r for r in api.get("/api/statistics/?year=2022-23").json()["results"]}
    csv_rows = {
        r["gss_code"]: r
        for r in csv.DictReader(
            io.StringIO(api.get("/api/statistics/?year=2022-23&format=csv").content.decode())
        )
    }
    features = {}
    for tier in ("lower", "upper"):
        for f in api.get(f"/api/map/?year=2022-23&tier={tier}").json()["features"]:
            features[f["properties"]["gss_code"]] = f["properties"]
    assert set(features) == set(table)
    for code, row in table.items():
        series = api.get(f"/api/councils/{code}/statistics/").json()["years"]
        own = next(r for r in series if r["year"] == "2022-23")
        for rate in ALL_RATES:
            shown = "" if row[rate] is None else str(row[rate])
            assert own[rate] == row[rate]
            assert csv_rows[code][rate] == shown
            if rate != "complied_late_rate":
                assert features[code][rate] == row[rate]


def test_year_default_is_the_latest_with_decisions(world, api):
    assert api.get("/api/statistics/").json()["year"] == "2022-23"


@pytest.mark.parametrize(
    "path",
    [
        "/api/statistics/?year=2019",
        "/api/statistics/?year=abc",
        "/api/statistics/?year=2019-21",
        "/api/averages/?year=19-20",
        "/api/map/?year=2019",
        "/api/councils/?year=2022",
        "/api/decisions/?year=2022/23",
    ],
)
def test_bad_year_is_a_400_naming_year_and_showing_the_form(world, api, path):
    response = api.get(path)
    assert response.status_code == 400
    body = response.json()
    assert "year" in body
    assert "2019-20" in " ".join(body["year"])


@pytest.mark.parametrize(
    "path, parameter",
    [
        ("/api/statistics/?year=2022-23&authority_type=parish", "authority_type"),
        ("/api/map/?year=2022-23&tier=middle", "tier"),
    ],
)
def test_bad_choice_is_a_400_naming_the_parameter(world, api, path, parameter):
    response = api.get(path)
    assert response.status_code == 400
    assert parameter in response.json()


def test_statistics_query_count_does_not_grow_with_data(world, api, django_assert_max_num_queries):
    from django.core.cache import cache

    from tests.factories import DecisionFactory

    cache.clear()
    with django_assert_max_num_queries(8):
        api.get("/api/statistics/?year=2022-23")
    DecisionFactory.create_batch(30, council=world["ambridge"])
    cache.clear()
    with django_assert_max_num_queries(8):
        api.get("/api/statistics/?year=2022-23")
    with django_assert_max_num_queries(2):  # warm: the data version only
        api.get("/api/statistics/?year=2022-23")


def test_council_statistics_query_count(world, api, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        api.get("/api/councils/E07900001/statistics/")
    with django_assert_max_num_queries(6):
        api.get("/api/councils/E07900001/statistics/")
