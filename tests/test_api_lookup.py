"""/api/lookup/: the councils responsible for a point or a postcode."""

import datetime as dt

import pytest

from councils.models import Postcode
from councils.querysets import AuthorityType
from tests.factories import CouncilFactory
from tests.world import square

pytestmark = pytest.mark.django_db


def codes(response):
    assert response.status_code == 200, response.content
    return [c["gss_code"] for c in response.json()["councils"]]


def test_point_in_a_district_gives_district_then_county(world, api):
    assert codes(api.get("/api/lookup/?lat=52.05&lon=-0.95&year=2022-23")) == [
        "E07900001",
        "E10900001",
    ]


def test_point_in_a_unitary_gives_one_council(world, api):
    assert codes(api.get("/api/lookup/?lat=52.05&lon=-0.75&year=2022-23")) == ["E06900001"]


def test_the_year_decides_which_councils(world, api):
    # Loxley Barrett was abolished at the end of 2022-23 and a successor took its area over.
    successor = CouncilFactory(
        gss_code="E07900003",
        authority_type=AuthorityType.DISTRICT,
        county=world["county"],
        start_date=dt.date(2023, 4, 1),
        boundary=square(-0.9),
    )
    assert codes(api.get("/api/lookup/?lat=52.05&lon=-0.85&year=2022-23")) == [
        "E07900002",
        "E10900001",
    ]
    assert codes(api.get("/api/lookup/?lat=52.05&lon=-0.85&year=2023-24")) == [
        successor.gss_code,
        "E10900001",
    ]


@pytest.mark.parametrize("typed", ["FE1 2AB", "fe12ab", " fe1  2ab ", "Fe1 2aB"])
def test_postcode_however_typed(world, api, typed):
    Postcode.objects.create(postcode="FE12AB", lat=52.05, lon=-0.95)
    response = api.get("/api/lookup/", {"postcode": typed, "year": "2022-23"})
    assert codes(response) == ["E07900001", "E10900001"]
    assert response.json()["postcode"] == "FE12AB"


def test_unknown_postcode_and_open_sea_are_404(world, api):
    assert api.get("/api/lookup/?postcode=ZZ9 9ZZ").status_code == 404
    assert api.get("/api/lookup/?lat=50.0&lon=-3.0").status_code == 404


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("lat=abc&lon=0", "lat"),
        ("lat=52&lon=east", "lon"),
        ("lat=91&lon=0", "lat"),
        ("lat=52", "lon"),
        ("lon=0", "lat"),
        ("", "postcode"),
        ("postcode=" + "X" * 40, "postcode"),
        ("lat=52&lon=0&postcode=FE12AB", "postcode"),
        ("lat=52.05&lon=-0.95&year=2022", "year"),
        ("lat=nan&lon=0", "lat"),
        ("lat=52&lon=inf", "lon"),
    ],
)
def test_bad_lookup_parameters(world, api, query, parameter):
    response = api.get(f"/api/lookup/?{query}")
    assert response.status_code == 400, response.content
    assert parameter in response.json()


def test_lookup_query_count(world, api, django_assert_max_num_queries):
    Postcode.objects.create(postcode="FE12AB", lat=52.05, lon=-0.95)
    api.get("/api/lookup/?postcode=FE12AB")
    # the data version (at most once a second) and the postcode
    with django_assert_max_num_queries(2):
        assert api.get("/api/lookup/?postcode=FE12AB").status_code == 200
