"""The committed fixtures: the real councils of 2019-20 to 2024-25, and the first-run loader."""

import csv
import io
import json
from pathlib import Path

import pytest
import shapely
from django.core.management import call_command
from shapely.geometry import Point, shape

from councils.management.commands import load_initial_data
from councils.models import Council, Population, Postcode
from councils.querysets import TIER_TYPES
from ombudsman.years import ReportingYear

ROOT = Path(__file__).parent.parent
COUNCILS = ROOT / "fixtures" / "councils.json"
REGISTER = ROOT / "tests" / "data" / "england_councils_2019_2025.csv"

pytestmark = pytest.mark.django_db


@pytest.fixture
def england():
    call_command("loaddata", str(COUNCILS), verbosity=0)


def test_fixture_is_compact():
    assert COUNCILS.stat().st_size < 3_000_000


def test_each_year_has_the_councils_the_register_flags(england):
    assert Council.objects.count() == 350
    counts = [Council.objects.active_in(ReportingYear(y)).count() for y in range(2019, 2025)]
    assert counts == [343, 339, 333, 333, 317, 317]
    with REGISTER.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for year in range(2019, 2025):
        column = f"fy_{year}_{(year + 1) % 100:02d}"
        active = Council.objects.active_in(ReportingYear(year)).values_list("gss_code", flat=True)
        assert set(active) == {r["gss_code"] for r in rows if r[column] == "1"}, column
    assert Council.objects.get(gss_code="E09000001").authority_type == "london_borough"
    assert Council.objects.get(gss_code="E06000053").authority_type == "unitary"
    # Every council that has a population has one per year it existed.
    for council in Council.objects.prefetch_related("populations"):
        years = {p.year for p in council.populations.all()}
        assert years in (
            set(),
            {y for y in range(2019, 2025) if council.exists_in(ReportingYear(y))},
        )
    assert Population.objects.count() == 1964


def test_every_council_has_a_valid_boundary_around_its_label(england):
    for council in Council.objects.all():
        assert council.boundary, council.gss_code
        area = shape(council.boundary)
        assert area.is_valid and area.geom_type in ("Polygon", "MultiPolygon"), council.gss_code
        assert area.contains(Point(council.label_lon, council.label_lat)), council.gss_code


def test_a_years_map_has_no_gaps_or_overlaps_and_fits_the_budget(england):
    year = ReportingYear(2022)
    budget = {"lower": 350_000, "upper": 250_000}
    for tier, types in TIER_TYPES.items():
        councils = Council.objects.active_in(year).filter(authority_type__in=types)
        areas = [shape(c.boundary) for c in councils]
        union = shapely.union_all(areas)
        assert sum(a.area for a in areas) - union.area < 1e-9, tier
        holes = [r for p in shapely.get_parts(union) for r in p.interiors]
        assert holes == [], tier
        features = [{"type": "Feature", "properties": {}, "geometry": c.boundary} for c in councils]
        text = json.dumps(
            {"type": "FeatureCollection", "features": features}, separators=(",", ":")
        )
        assert len(text) < budget[tier], tier


def test_load_initial_data_loads_once_and_keeps_everything(monkeypatch):
    made = []
    real = load_initial_data.call_command

    def fake(name, *args, **kwargs):
        if name == load_initial_data.SAMPLE_COMMAND:
            made.append(name)
        else:
            real(name, *args, **kwargs)

    monkeypatch.setattr(load_initial_data, "call_command", fake)
    out = io.StringIO()
    call_command("load_initial_data", stdout=out)
    assert "Councils: loaded 350" in out.getvalue()
    assert made == ["generate_sample_data"]
    assert (Council.objects.count(), Postcode.objects.count()) == (350, 294)
    Council.objects.filter(gss_code="E07000098").update(short_name="Hertsmere (edited)")
    out = io.StringIO()
    call_command("load_initial_data", stdout=out)
    assert "Councils: 350 already there, skipped." in out.getvalue()
    assert "Postcodes: 294 already there, skipped." in out.getvalue()
    assert Council.objects.get(gss_code="E07000098").short_name == "Hertsmere (edited)"


def test_load_initial_data_without_the_sample_command(monkeypatch):
    monkeypatch.setattr(load_initial_data, "SAMPLE_COMMAND", "no_such_command")
    out = io.StringIO()
    call_command("load_initial_data", stdout=out)
    assert "there is no `no_such_command` command" in out.getvalue()
