"""The map's size on the real councils with a full year of sample data: what a phone downloads."""

import gzip

import pytest
from django.core.management import call_command

from decisions.sample.generator import sample_data_generate
from ombudsman.years import ReportingYear

pytestmark = pytest.mark.django_db
RAW_LIMIT = 400_000
GZIP_LIMIT = 120_000


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
