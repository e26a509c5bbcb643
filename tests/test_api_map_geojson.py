"""The map's public GeoJSON (/api/map/): readable by a GIS client, its features' properties,
the councils of each year, cached with an ETag, compressed, and fresh after a change to the
data."""

import gzip
import io

import geopandas
import pytest

from decisions.choices import Outcome
from ombudsman.years import ReportingYear
from tests.factories import DecisionFactory
from tests.test_api_map_page import FELPERSHAM_INTERVALS

pytestmark = pytest.mark.django_db


def test_geopandas_reads_the_map(world, api):
    response = api.get("/api/map/?year=2022-23&tier=lower")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    frame = geopandas.read_file(io.BytesIO(response.content))
    assert sorted(frame["gss_code"]) == ["E06900001", "E07900001", "E07900002", "E09900001"]
    assert frame.geometry.is_valid.all()
    upper = geopandas.read_file(io.BytesIO(api.get("/api/map/?year=2022-23&tier=upper").content))
    assert sorted(upper["gss_code"]) == ["E06900001", "E09900001", "E10900001"]


def test_map_feature_properties(world, api):
    features = api.get("/api/map/?year=2022-23").json()["features"]
    felpersham = next(f for f in features if f["properties"]["gss_code"] == "E07900001")
    assert felpersham["properties"] == {
        "gss_code": "E07900001",
        "name": "Felpersham",
        "authority_type": "district",
        "url": "/councils/felpersham/",
        "investigations": 4,
        "upheld": 3,
        "upheld_rate": 75.0,
        "satisfactory_remedies": 1,
        "satisfactory_remedy_rate": 33.3,
        "compliance_outcomes": 4,
        "complied": 2,
        "complied_late": 1,
        "compliance_rate": 75.0,
        "population": 150000,
        "upheld_per_100k": 2.0,
        "small_numbers": [
            "upheld_rate",
            "satisfactory_remedy_rate",
            "compliance_rate",
            "upheld_per_100k",
        ],
        "intervals": FELPERSHAM_INTERVALS,
        "compared": {},
        "revised": False,
        "average": {
            "upheld_rate": 66.7,
            "satisfactory_remedy_rate": 25.0,
            "compliance_rate": 75.0,
            "upheld_per_100k": 2.0,
        },
    }


def test_map_years_follow_the_councils(world, api):
    codes = {
        f["properties"]["gss_code"]
        for f in api.get("/api/map/?year=2023-24&tier=lower").json()["features"]
    }
    assert "E07900002" not in codes


def test_etag_cache_control_and_gzip(world, api):
    first = api.get("/api/map/?year=2022-23", HTTP_ACCEPT_ENCODING="gzip, br")
    assert first["Content-Encoding"] == "gzip"
    assert first["Cache-Control"] == "no-cache, max-age=0"  # a correction shows at once
    assert "Accept-Encoding" in first["Vary"]
    plain = api.get("/api/map/?year=2022-23")
    assert gzip.decompress(first.content) == plain.content
    assert first["ETag"] != plain["ETag"]
    again = api.get(
        "/api/map/?year=2022-23", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert again.status_code == 304


def test_a_changed_decision_shows_on_the_map(world, api):
    def upheld_rate():
        features = api.get("/api/map/?year=2022-23").json()["features"]
        return next(f for f in features if f["properties"]["gss_code"] == "E07900002")[
            "properties"
        ]["upheld_rate"]

    before_tag = api.get("/api/map/?year=2022-23")["ETag"]
    assert upheld_rate() == 50.0
    decision = world["loxley"].decisions.get(outcome=Outcome.NOT_UPHELD)
    decision.outcome = Outcome.UPHELD
    decision.save()
    assert upheld_rate() == 100.0
    assert api.get("/api/map/?year=2022-23")["ETag"] != before_tag
    DecisionFactory(council=world["loxley"], outcome=Outcome.NOT_UPHELD, reference="22 901 001")
    assert upheld_rate() == 66.7


def test_warm_map_query_count(world, api, django_assert_max_num_queries):
    api.get("/api/map/?year=2022-23")
    with django_assert_max_num_queries(1):
        api.get("/api/map/?year=2022-23")


def test_generated_sample_data_shows_on_the_map(world, api):
    from decisions.sample.generator import sample_data_generate

    def decisions_2022():
        return api.get("/api/averages/?year=2022-23").json()["england"]["decisions"]

    before = decisions_2022()
    sample_data_generate(seed=3, years=[ReportingYear(2022)], scale=0.05)
    assert decisions_2022() > before
