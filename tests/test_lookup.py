"""Point and postcode lookups over the committed fixtures, and the index cache."""

import csv
from pathlib import Path

import pytest
from django.core.management import call_command
from shapely.geometry import Point, shape

from councils import geo
from councils.models import Council
from councils.selectors import councils_at_point, postcode_find, postcode_normalise
from councils.services.postcodes_import import postcodes_import
from ombudsman.years import ReportingYear
from tests.factories import CouncilFactory

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "tests" / "data"

pytestmark = pytest.mark.django_db


@pytest.fixture
def england():
    call_command("loaddata", str(ROOT / "fixtures" / "councils.json"), verbosity=0)
    postcodes_import(path=ROOT / "fixtures" / "postcodes.csv")


def codes(lat, lon, year):
    return [c.gss_code for c in councils_at_point(lat=lat, lon=lon, year=ReportingYear(year))]


def test_borehamwood_is_in_hertsmere_and_hertfordshire(england):
    assert codes(51.6565, -0.2773, 2022) == ["E07000098", "E10000015"]


def test_every_sample_postcode_is_in_its_council(england):
    """The ONS sample says which 2024 council each postcode is in (ltla_2024_code and, in two-tier
    areas, county_2024_code); the fixture postcodes are those postcodes."""
    expected = {}
    with (ROOT / "fixtures" / "postcodes.csv").open() as handle:
        postcodes = [r["pcds"] for r in csv.DictReader(handle)]
    with (SAMPLE / "postcode_councils_2024.csv").open() as handle:
        for row in csv.DictReader(handle):
            expected[row["postcode"]] = [row["ltla_2024_code"]] + (
                [row["county_2024_code"]] if row["county_2024_code"] else []
            )
    assert len(postcodes) == len(expected) == 294
    wrong, outside = {}, []
    areas = {c.gss_code: shape(c.boundary) for c in Council.objects.all()}
    for text in postcodes:
        point = postcode_find(postcode=text)
        found = codes(point.lat, point.lon, 2024)
        if found != expected[text]:
            wrong[text] = (found, expected[text])
        if not areas[expected[text][0]].contains(Point(point.lon, point.lat)):
            outside.append(text)
    assert wrong == {}
    # Only the two coastal ones below need the snapping.
    assert sorted(outside) == ["NR30 1HP", "TR21 0PS"]


def test_councils_follow_the_year(england):
    corby = (52.4888, -0.7014)
    assert codes(*corby, 2020) == ["E07000150", "E10000021"]
    assert codes(*corby, 2021) == ["E06000061"]
    # TR21 0PS (St Mary's) and NR30 1HP (the Great Yarmouth spit) lie just outside the
    # simplified coastline: the lookup gives them to the nearest council.
    scilly, yarmouth = Council.objects.get(gss_code="E06000053"), (52.60707, 1.723918)
    assert not shape(scilly.boundary).contains(Point(-6.313525, 49.914928))
    assert codes(49.914928, -6.313525, 2024) == ["E06000053"]
    assert codes(*yarmouth, 2024) == ["E07000145", "E10000020"]


def test_points_outside_england_are_in_no_council(england):
    places = {
        "Channel": (50.0, -2.0),
        "North Sea": (53.5, 2.5),
        "Cardiff": (51.4816, -3.1791),
        "Edinburgh": (55.9533, -3.1883),
    }
    for name, point in places.items():
        assert codes(*point, 2022) == codes(*point, 2019) == [], name


def test_postcode_normalise_and_find(england):
    assert postcode_normalise(" wd6  4lz ") == "WD64LZ"
    assert postcode_find(postcode="wd6 4lz").postcode == "WD64LZ"
    assert postcode_find(postcode="ZZ99 9ZZ") is None
    assert postcode_find(postcode="   ") is None


def test_index_is_rebuilt_when_boundaries_change():
    council = CouncilFactory()  # the factory's square, around 52.05, -0.95
    year = ReportingYear(2022)
    assert councils_at_point(lat=52.05, lon=-0.95, year=year) == [council]
    # Snapped if just outside, not if further out.
    assert councils_at_point(lat=52.05, lon=-0.897, year=year) == [council]
    assert councils_at_point(lat=52.05, lon=-0.85, year=year) == []
    Council.objects.filter(pk=council.pk).update(
        boundary={
            "type": "Polygon",
            "coordinates": [[[-0.9, 52.0], [-0.8, 52.0], [-0.8, 52.1], [-0.9, 52.1], [-0.9, 52.0]]],
        }
    )
    assert councils_at_point(lat=52.05, lon=-0.85, year=year) == []  # still the cached index
    geo.boundary_index_clear()
    assert councils_at_point(lat=52.05, lon=-0.85, year=year) == [council]


def test_lookup_costs_at_most_one_query_once_indexed(django_assert_max_num_queries):
    CouncilFactory()
    year = ReportingYear(2022)
    councils_at_point(lat=52.05, lon=-0.95, year=year)
    # At most the data version (is the index still current? read at most once a second): the
    # councils, with their counties and successors, are kept with the index.
    with django_assert_max_num_queries(1):
        councils_at_point(lat=52.05, lon=-0.95, year=year)


def test_a_changed_boundary_is_used_at_once():
    council = CouncilFactory()
    year = ReportingYear(2022)
    assert councils_at_point(lat=52.05, lon=-0.95, year=year) == [council]
    council.boundary = {
        "type": "Polygon",
        "coordinates": [[[1.0, 52.0], [1.1, 52.0], [1.1, 52.1], [1.0, 52.1], [1.0, 52.0]]],
    }
    council.save()
    assert councils_at_point(lat=52.05, lon=-0.95, year=year) == []
    assert councils_at_point(lat=52.05, lon=1.05, year=year) == [council]
