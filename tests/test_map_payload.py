"""The map's size on the real councils with a full year of sample data: what a phone downloads.

The map page loads the figures (every visit, revalidated) and a boundary file (once a year at
most: its URL names its bytes); `/api/map/`, both in one, is for API users. The sizes are
written to test-artifacts/map-payload.json so that a change shows in review.
"""

import gzip
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from decisions.sample.generator import sample_data_generate
from ombudsman.years import ReportingYear

pytestmark = pytest.mark.django_db
# Each council's figures carry the 95% intervals of the four mapped rates and the rates clearly
# different from similar councils (issue 14): the lower tier's GeoJSON is now 433 KB,
# and its figures file from 11.2 KB to 16.1 KB with gzip.
RAW_LIMIT = 450_000
GZIP_LIMIT = 120_000
# The target for the figures of a year and tier (12.9 KB of the GeoJSON's 87.2 KB were
# figures): 11.2 KB for the lower tier with gzip level 9.
FIGURES_GZIP_LIMIT = 17_500
# The geometry alone, lower tier: 59.8 KB in code order with gzip level 9.
BOUNDARIES_GZIP_LIMIT = 64_000
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture
def national_year(db):
    call_command("loaddata", "fixtures/councils.json", verbosity=0)
    sample_data_generate(seed=1, years=[ReportingYear(2022)], scale=1.0)


@pytest.mark.parametrize("tier, features", [("lower", 309), ("upper", 152)])
def test_map_payload_is_small(national_year, api, tier, features):
    plain = api.get(f"/api/map/?year=2022-23&tier={tier}")
    assert len(plain.json()["features"]) == features
    assert len(plain.content) < RAW_LIMIT
    compressed = api.get(f"/api/map/?year=2022-23&tier={tier}", HTTP_ACCEPT_ENCODING="gzip")
    assert compressed["Content-Encoding"] == "gzip"
    assert len(compressed.content) < GZIP_LIMIT
    assert gzip.decompress(compressed.content) == plain.content


def test_figures_and_boundaries_are_small(national_year, api):
    sizes = {}
    for tier, councils in (("lower", 309), ("upper", 152)):
        url = f"/api/map/figures/?year=2022-23&tier={tier}"
        figures = api.get(url, HTTP_ACCEPT_ENCODING="gzip")
        body = json.loads(gzip.decompress(figures.content))
        assert len(body["councils"]) == councils
        boundaries = api.get(body["boundaries"], HTTP_ACCEPT_ENCODING="gzip")
        features = json.loads(gzip.decompress(boundaries.content))["features"]
        assert len(features) == councils  # every council of 2022-23 has a boundary
        assert {f["properties"]["gss_code"] for f in features} == set(body["councils"])
        whole = api.get(f"/api/map/?year=2022-23&tier={tier}", HTTP_ACCEPT_ENCODING="gzip")
        sizes[tier] = {
            "figures_gzip": len(figures.content),
            "figures_raw": len(gzip.decompress(figures.content)),
            "boundaries_gzip": len(boundaries.content),
            "boundaries_raw": len(gzip.decompress(boundaries.content)),
            "api_map_gzip": len(whole.content),
        }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "map-payload.json").write_text(json.dumps(sizes, indent=2) + "\n")
    assert sizes["lower"]["figures_gzip"] < FIGURES_GZIP_LIMIT
    assert sizes["upper"]["figures_gzip"] < sizes["lower"]["figures_gzip"]
    assert sizes["lower"]["boundaries_gzip"] < BOUNDARIES_GZIP_LIMIT
    # Apart, the two cost a first visit no more than the GeoJSON that has both.
    for tier in sizes.values():
        assert tier["figures_gzip"] + tier["boundaries_gzip"] < tier["api_map_gzip"]


# The map page's HTML with every council of the lower tier: 168 KB when each row's name and
# type were written twice (as text and as data-value) and each figure cell had a class; 131 KB
# without them (test-artifacts/map-page.json). Parsing and laying it out is most of what the
# page costs a phone before the map can be drawn (make bench-web).
PAGE_LIMIT = 140_000


def test_map_page_html_is_small(national_year, client):
    page = client.get("/?year=2022-23&tier=lower")
    text = page.content.decode()
    rows = text.count("<tr data-gss=")
    assert rows == 309
    ARTIFACTS.mkdir(exist_ok=True)
    sizes = {"bytes": len(page.content), "rows": rows, "bytes_per_row": len(page.content) // rows}
    (ARTIFACTS / "map-page.json").write_text(json.dumps(sizes, indent=2) + "\n")
    assert len(page.content) < PAGE_LIMIT
    # The names are in the rows once each: as the link's text.
    assert text.count(">Hertsmere<") == 1 and 'data-value="Hertsmere"' not in text
