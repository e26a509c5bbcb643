"""The committed fixtures: the real councils of 2019-20 to 2024-25 with their ONS populations, and
the first-run loader."""

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
import shapely
from django.core.management import call_command
from shapely.geometry import Point, shape

from councils.management.commands import load_initial_data
from councils.management.commands.build_fixtures import POPULATION_FILL_THROUGH
from councils.models import Council, Population, Postcode
from councils.querysets import TIER_TYPES, AuthorityType
from ombudsman.years import ReportingYear

ROOT = Path(__file__).parent.parent
COUNCILS = ROOT / "fixtures" / "councils.json"
REGISTER = ROOT / "tests" / "data" / "england_councils_2019_2025.csv"

pytestmark = pytest.mark.django_db


# ONS's published population of England at mid-year Y (MYE2, all ages), the figure of reporting
# year Y-(Y+1). Every resident lives in exactly one council of each tier (districts and
# single-tier councils; counties and single-tier councils), so each tier's figures for a year must
# add up to it: one council given another year's estimate, another area's, or none would show
# here. 2019 and 2020 are as first published, before the revision after Census 2021.
ENGLAND = {
    2019: 56_286_961,
    2020: 56_550_138,
    2021: 56_536_419,
    2022: 57_106_398,
    2023: 57_690_323,
    2024: 58_620_101,
}


def fixture_objects():
    """Councils (by pk, as unsaved models for `exists_in`) and populations, read from the JSON."""
    objects = json.loads(COUNCILS.read_text(encoding="utf-8"))
    councils = {}
    for o in objects:
        if o["model"] == "councils.council":
            f = o["fields"]
            councils[o["pk"]] = Council(
                pk=o["pk"],
                gss_code=f["gss_code"],
                short_name=f["short_name"],
                authority_type=f["authority_type"],
                county_id=f["county"],
                start_date=dt.date.fromisoformat(f["start_date"]) if f["start_date"] else None,
                end_date=dt.date.fromisoformat(f["end_date"]) if f["end_date"] else None,
            )
    populations = {
        (o["fields"]["council"], o["fields"]["year"]): o["fields"]
        for o in objects
        if o["model"] == "councils.population"
    }
    return councils, populations


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
    # Every council has a population for each year it existed, and only for those.
    last = ReportingYear.parse(POPULATION_FILL_THROUGH).start_year
    for council in Council.objects.prefetch_related("populations"):
        years = {p.year for p in council.populations.all()}
        assert years == {y for y in range(2019, last + 1) if council.exists_in(ReportingYear(y))}, (
            council.gss_code
        )
    assert Population.objects.count() == sum(
        Council.objects.active_in(ReportingYear(y)).count() for y in range(2019, last + 1)
    )


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


def test_populations_are_the_ons_estimate_of_each_year():
    councils, populations = fixture_objects()
    for year, total in ENGLAND.items():
        for tier, types in TIER_TYPES.items():
            figures = [
                populations[c.pk, year]["population"]
                for c in councils.values()
                if c.authority_type in types and c.exists_in(ReportingYear(year))
            ]
            assert sum(figures) == total, (tier, year)
    for (pk, year), row in populations.items():
        council = councils[pk]
        assert council.exists_in(ReportingYear(year)), (council.gss_code, year)
        if year in ENGLAND:
            # Mid-year Y for reporting year Y, and never a figure for a council's area from
            # before the council existed.
            assert f"mid-{year}" in row["source"], (council.gss_code, year)
            assert "recast" not in row["source"], (council.gss_code, year)
    # The break in the series: first-published mid-2020 against census-based mid-2021.
    city = next(c.pk for c in councils.values() if c.gss_code == "E09000001")
    assert (populations[city, 2020]["population"], populations[city, 2021]["population"]) == (
        10_938,
        8_618,
    )


def test_each_county_is_the_sum_of_its_districts():
    councils, populations = fixture_objects()
    counties = [c for c in councils.values() if c.authority_type == AuthorityType.COUNTY]
    for county in counties:
        for year in ENGLAND:
            if not county.exists_in(ReportingYear(year)):
                continue
            districts = [
                populations[c.pk, year]["population"]
                for c in councils.values()
                if c.county_id == county.pk and c.exists_in(ReportingYear(year))
            ]
            assert districts and sum(districts) == populations[county.pk, year]["population"], (
                county.gss_code,
                year,
            )


def test_years_after_the_latest_estimate_carry_it_and_say_so():
    councils, populations = fixture_objects()
    latest = max(ENGLAND)
    last = ReportingYear.parse(POPULATION_FILL_THROUGH)
    assert last >= ReportingYear(2026)  # at least the current year when the fixture was built
    assert max(year for _pk, year in populations) == last.start_year
    for start in range(latest + 1, last.start_year + 1):
        year = ReportingYear(start)
        active = [c for c in councils.values() if c.exists_in(year)]
        assert active
        for council in active:
            row = populations[council.pk, start]
            assert row["population"] == populations[council.pk, latest]["population"]
            assert row["source"].startswith(
                f"ONS mid-{latest} estimate, the latest available, used for {year.label}"
            )


def test_the_abolished_districts_have_their_populations(england):
    # The Buckinghamshire and Northamptonshire districts had no figure in the register.
    aylesbury = Population.objects.get(council__gss_code="E07000004")
    assert (aylesbury.year, aylesbury.population) == (2019, 203_219)
    corby = Council.objects.get(gss_code="E07000150")
    assert dict(corby.populations.values_list("year", "population")) == {
        2019: 72_218,
        2020: 73_053,
    }
    assert not Population.objects.filter(year__lt=2019).exists()
