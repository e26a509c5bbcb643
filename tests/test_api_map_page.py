"""The map page's data: the boundaries and the figures apart (whole bodies on the world of
tests/world.py, their agreement with the map, the API and the CSV, their caching and URLs, bad
parameters) and the table the page fetches for a new choice."""

import csv
import gzip
import hashlib
import io
import json
import re

import geopandas
import pytest

from decisions.choices import Outcome

pytestmark = pytest.mark.django_db


# --- The map page's data: boundaries and figures apart ----------------------------------------

FIGURES = "/api/map/figures/?year=2022-23&tier=lower"
NO_FIGURES = {
    "upheld_rate": None,
    "satisfactory_remedy_rate": None,
    "compliance_rate": None,
    "upheld_per_100k": None,
}


# Wilson for 3 of 4, 1 of 3 and 3 of 4; exact Poisson for 3 upheld among 150,000.
FELPERSHAM_INTERVALS = {
    "upheld_rate": [30.1, 95.4],
    "satisfactory_remedy_rate": [6.1, 79.2],
    "compliance_rate": [30.1, 95.4],
    "upheld_per_100k": [0.4, 5.8],
}


def square(west: float) -> dict:
    east = round(west + 0.1, 5)
    return {
        "type": "Polygon",
        "coordinates": [[[west, 52.0], [east, 52.0], [east, 52.1], [west, 52.1], [west, 52.0]]],
    }


def test_figures_whole_body(world, api):
    """Worked out from tests/world.py; Felpersham's entry is its /api/map/ properties (in
    tests/test_api_map_geojson.py)."""
    body = api.get(FIGURES).json()
    boundaries = api.get(body["boundaries"])
    digest = hashlib.sha256(boundaries.content).hexdigest()[:16]
    assert body == {
        "year": "2022-23",
        "tier": "lower",
        "status": "provisional",
        "category": None,  # all complaints
        # Every year from 2019-20 to 2022-23 draws the same four councils.
        "boundaries": f"/api/map/boundaries/lower/2019-20/{digest}.geojson",
        "averages": {
            # (3 + 1) / (4 + 2); 1 / (3 + 1); (2 + 1) / 4; 3 per 150,000 (Loxley has no
            # population, so neither its residents nor its upheld case count per head).
            "district": {
                "label": "District council",
                "upheld_rate": 66.7,
                "satisfactory_remedy_rate": 25.0,
                "compliance_rate": 75.0,
                "upheld_per_100k": 2.0,
            },
            "unitary": {
                "label": "Unitary council",
                "upheld_rate": 66.7,
                "satisfactory_remedy_rate": 25.0,
                "compliance_rate": 100.0,
                "upheld_per_100k": 4.0,
            },
            "metropolitan_borough": {"label": "Metropolitan borough", **NO_FIGURES},
            "london_borough": {
                "label": "London borough",
                **NO_FIGURES,
                "upheld_per_100k": 0.0,
            },
        },
        "councils": {
            # 12 investigations, 8 upheld, 2 already remedied; 10 recommendations complied.
            "E06900001": {
                "name": "Ambridge",
                "authority_type": "unitary",
                "url": "/councils/ambridge/",
                "investigations": 12,
                "upheld": 8,
                "upheld_rate": 66.7,
                "satisfactory_remedies": 2,
                "satisfactory_remedy_rate": 25.0,
                "compliance_outcomes": 10,
                "complied": 10,
                "complied_late": 0,
                "compliance_rate": 100.0,
                "population": 200000,
                "upheld_per_100k": 4.0,
                "small_numbers": ["satisfactory_remedy_rate", "upheld_per_100k"],
                # Wilson for 8 of 12, 2 of 8 and 10 of 10; exact Poisson for 8 upheld among
                # 200,000 (scipy: binomtest(...).proportion_ci("wilson"), chi2.ppf).
                "intervals": {
                    "upheld_rate": [39.1, 86.2],
                    "satisfactory_remedy_rate": [7.1, 59.1],
                    "compliance_rate": [72.2, 100.0],
                    "upheld_per_100k": [1.7, 7.9],
                },
                # The only unitary: its rates are the average itself.
                "compared": {},
                "revised": False,
            },
            "E07900001": {
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
            },
            # Nothing at all: no rates, but 0 upheld per 100,000 residents (on 0 cases).
            "E09900001": {
                "name": "Hassett",
                "authority_type": "london_borough",
                "url": "/councils/hassett/",
                "investigations": 0,
                "upheld": 0,
                "upheld_rate": None,
                "satisfactory_remedies": 0,
                "satisfactory_remedy_rate": None,
                "compliance_outcomes": 0,
                "complied": 0,
                "complied_late": 0,
                "compliance_rate": None,
                "population": 100000,
                "upheld_per_100k": 0.0,
                "small_numbers": ["upheld_per_100k"],
                # 0 upheld among 100,000: 0 to 3.689 expected, so 0 to 3.7 per 100,000.
                "intervals": {
                    "upheld_rate": None,
                    "satisfactory_remedy_rate": None,
                    "compliance_rate": None,
                    "upheld_per_100k": [0.0, 3.7],
                },
                "compared": {},
                "revised": False,
            },
            # One upheld of two, not remedied; no compliance outcomes and no population.
            "E07900002": {
                "name": "Loxley Barrett",
                "authority_type": "district",
                "url": "/councils/loxley-barrett/",
                "investigations": 2,
                "upheld": 1,
                "upheld_rate": 50.0,
                "satisfactory_remedies": 0,
                "satisfactory_remedy_rate": 0.0,
                "compliance_outcomes": 0,
                "complied": 0,
                "complied_late": 0,
                "compliance_rate": None,
                "population": None,
                "upheld_per_100k": None,
                "small_numbers": ["upheld_rate", "satisfactory_remedy_rate"],
                "intervals": {
                    "upheld_rate": [9.5, 90.5],
                    "satisfactory_remedy_rate": [0.0, 79.3],
                    "compliance_rate": None,
                    "upheld_per_100k": None,
                },
                "compared": {},
                "revised": False,
            },
        },
    }


def test_boundaries_whole_body(world, api):
    response = api.get(api.get(FIGURES).json()["boundaries"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    # Only the code and the geometry, in code order; the figures carry the rest.
    assert response.json() == {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"gss_code": code}, "geometry": square(west)}
            for code, west in (
                ("E06900001", -0.8),
                ("E07900001", -1.0),
                ("E07900002", -0.9),
                ("E09900001", -0.7),
            )
        ],
    }
    frame = geopandas.read_file(io.BytesIO(response.content))
    assert frame.geometry.is_valid.all()


def test_figures_agree_with_the_map_the_api_and_the_csv(world, api):
    table = {r["gss_code"]: r for r in api.get("/api/statistics/?year=2022-23").json()["results"]}
    csv_rows = {
        r["gss_code"]: r
        for r in csv.DictReader(
            io.StringIO(api.get("/api/statistics/?year=2022-23&format=csv").content.decode())
        )
    }
    averages = {
        a["authority_type"]: a
        for a in api.get("/api/averages/?year=2022-23").json()["authority_types"]
    }
    for tier in ("lower", "upper"):
        figures = api.get(f"/api/map/figures/?year=2022-23&tier={tier}").json()
        features = api.get(f"/api/map/?year=2022-23&tier={tier}").json()["features"]
        assert set(figures["councils"]) == {f["properties"]["gss_code"] for f in features}
        for feature in features:
            properties = dict(feature["properties"])
            code, average = properties.pop("gss_code"), properties.pop("average")
            assert figures["councils"][code] == properties
            assert figures["averages"][properties["authority_type"]] == {
                "label": averages[properties["authority_type"]]["label"],
                **average,
            }
            for rate in ("upheld_rate", "compliance_rate", "upheld_per_100k"):
                shown = "" if table[code][rate] is None else str(table[code][rate])
                assert properties[rate] == table[code][rate]
                assert csv_rows[code][rate] == shown


def test_figures_are_revalidated_and_change_at_once(world, api):
    first = api.get(FIGURES, HTTP_ACCEPT_ENCODING="gzip")
    assert first.status_code == 200
    assert first["Content-Encoding"] == "gzip"
    # The browser keeps the body but asks before every use: no max-age on data that changes.
    assert first["Cache-Control"] == "no-cache, max-age=0"
    assert "Accept-Encoding" in first["Vary"]
    plain = api.get(FIGURES)
    assert gzip.decompress(first.content) == plain.content
    assert plain["ETag"] != first["ETag"]  # one tag per representation

    again = api.get(FIGURES, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert again["Cache-Control"] == "no-cache, max-age=0"
    assert "Accept-Encoding" in again["Vary"]

    decision = world["loxley"].decisions.get(outcome=Outcome.NOT_UPHELD)
    decision.outcome = Outcome.UPHELD
    decision.save()
    changed = api.get(FIGURES, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    body = json.loads(gzip.decompress(changed.content))
    assert body["councils"]["E07900002"]["upheld_rate"] == 100.0
    # The geometry did not change, so neither did its URL.
    assert body["boundaries"] == plain.json()["boundaries"]


def test_boundaries_are_immutable_at_their_digest(world, api):
    url = api.get(FIGURES).json()["boundaries"]
    digest = url.rsplit("/", 1)[1].removesuffix(".geojson")
    zipped = api.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip"
    assert zipped["Cache-Control"] == "public, max-age=31536000, immutable"
    assert zipped["ETag"] == f'"{digest}-gz"'
    plain = api.get(url)
    assert hashlib.sha256(plain.content).hexdigest()[:16] == digest  # the URL names the bytes
    assert gzip.decompress(zipped.content) == plain.content
    assert plain["ETag"] == f'"{digest}"'
    again = api.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=zipped["ETag"])
    assert again.status_code == 304
    assert "immutable" in again["Cache-Control"]


def test_years_drawing_the_same_councils_share_one_file(world, api):
    def boundaries(year, tier="lower"):
        return api.get(f"/api/map/figures/?year={year}&tier={tier}").json()["boundaries"]

    assert boundaries("2021-22") == boundaries("2022-23")
    # Loxley Barrett ended on 31 March 2023.
    later = boundaries("2023-24")
    assert later.startswith("/api/map/boundaries/lower/2023-24/")
    assert later != boundaries("2022-23")
    assert [f["properties"]["gss_code"] for f in api.get(later).json()["features"]] == [
        "E06900001",
        "E07900001",
        "E09900001",
    ]
    assert boundaries("2022-23", "upper").startswith("/api/map/boundaries/upper/2019-20/")


def test_new_boundaries_get_a_new_url_and_the_old_one_a_404(world, api):
    old = api.get(FIGURES).json()["boundaries"]
    felpersham = world["felpersham"]
    felpersham.boundary = square(-1.05)
    felpersham.save()
    new = api.get(FIGURES).json()["boundaries"]
    assert new != old
    stale = api.get(old)
    assert stale.status_code == 404
    assert stale.json() == {
        "detail": "Not the current boundaries of this tier and year.",
        "current": new,
    }
    assert stale["Cache-Control"] == "no-cache, max-age=0"
    assert stale["Content-Type"] == "application/json"  # errors are not GeoJSON
    assert api.get(new).json()["features"][1]["geometry"] == square(-1.05)


@pytest.mark.parametrize(
    "path, parameter",
    [
        ("/api/map/figures/?year=2022", "year"),
        ("/api/map/figures/?year=2022-23&tier=middle", "tier"),
        ("/api/map/boundaries/lower/2022/0123456789abcdef.geojson", "year"),
        ("/api/map/boundaries/middle/2022-23/0123456789abcdef.geojson", "tier"),
    ],
)
def test_bad_map_parameters_are_400s_naming_them(world, api, path, parameter):
    response = api.get(path)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == [parameter]


def test_warm_figures_query_count(world, api, django_assert_max_num_queries):
    tag = api.get(FIGURES)["ETag"]
    with django_assert_max_num_queries(1):  # the data version
        assert api.get(FIGURES).status_code == 200
    with django_assert_max_num_queries(1):
        assert api.get(FIGURES, HTTP_IF_NONE_MATCH=tag).status_code == 304


# --- The table under the map, rendered by the server for the script ---------------------------


def test_table_part_is_the_pages_table(world, client):
    page = client.get("/?year=2022-23&tier=upper").content.decode()
    part = client.get("/?year=2022-23&tier=upper&part=table")
    assert part.status_code == 200
    assert part["Content-Type"] == "text/html; charset=utf-8"
    assert part["X-Robots-Tag"] == "noindex"
    html = part.content.decode()
    for name in ("council-rows", "average-rows"):
        pattern = rf'<tbody id="{name}">(.*?)</tbody>'
        assert re.search(pattern, html, re.S)[1] == re.search(pattern, page, re.S)[1]
    for name in ("table-caption", "downloads"):
        pattern = rf'<p[^>]* id="{name}">(.*?)</p>'
        assert re.search(pattern, html, re.S)[1] == re.search(pattern, page, re.S)[1]
    assert "County level, 2022-23, provisional figures: 3 councils." in html
    assert html.count("<tr data-gss=") == 3
    # The averages have the rate columns of their heading, no more.
    assert re.search(r'<tbody id="average-rows"><tr>(.*?)</tr>', html)[1].count("<td") == 4


def test_table_part_is_revalidated_and_changes_at_once(world, client):
    url = "/?year=2022-23&tier=lower&part=table"
    first = client.get(url)
    assert first["Cache-Control"] == "no-cache, max-age=0"
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    decision = world["loxley"].decisions.get(outcome=Outcome.NOT_UPHELD)
    decision.outcome = Outcome.UPHELD
    decision.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    row = re.search(r'<tr data-gss="E07900002">(.*?)</tr>', changed.content.decode())[1]
    assert ">100.0%<" in row


def test_unknown_part_is_a_400(world, client):
    response = client.get("/?part=legend")
    assert response.status_code == 400
    assert "part=&#x27;legend&#x27; is not one of: page, table" in response.content.decode()
