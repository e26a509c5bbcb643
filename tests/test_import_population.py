"""The population importer: upserts, and refuses a file with any bad row. Two layouts: reporting
years (`council,year,population`) and ONS mid-year estimates (`gss_code,year,population,source`)."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from councils.models import Population
from councils.services.errors import DataImportError
from councils.services.population_import import population_import
from ombudsman.years import ReportingYear
from tests.factories import CouncilFactory, PopulationFactory

pytestmark = pytest.mark.django_db


def write(tmp_path, text):
    path = tmp_path / "population.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_creates_updates_and_is_idempotent(tmp_path):
    a = CouncilFactory(gss_code="E90000001")
    b = CouncilFactory(gss_code="E90000002")
    PopulationFactory(council=a, year=2023, population=5, source="old")
    path = write(
        tmp_path,
        'council,year,population\nE90000001,2023-24,"101,500"\ne90000002, 2023-24 ,99000\n'
        "E90000002,2024-25,99500\n",
    )
    result = population_import(path=path, source="ONS mid-2023")
    assert (result.created, result.updated, result.unchanged) == (2, 1, 0)
    assert Population.objects.get(council=a, year=2023).population == 101500
    assert Population.objects.get(council=b, year=2024).source == "ONS mid-2023"
    again = population_import(path=path, source="ONS mid-2023")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Population.objects.count() == 3


def test_every_bad_row_is_reported_and_nothing_changes(tmp_path):
    CouncilFactory(gss_code="E90000001")
    path = write(
        tmp_path,
        "council,year,population\n"
        "E90000001,2023-24,100\n"
        "E99999999,2023-24,100\n"
        "E90000001,2023,100\n"
        "E90000001,2022-24,100\n"
        "E90000001,2021-22,0\n"
        "E90000001,2020-21,-5\n"
        "E90000001,2023-24,200\n",
    )
    with pytest.raises(DataImportError) as caught:
        population_import(path=path)
    problems = caught.value.problems
    assert [p.split(":")[0] for p in problems] == [f"line {n}" for n in (3, 4, 5, 6, 7, 8)]
    assert "E99999999" in problems[0] and "2019-20" in problems[1]
    assert "already on line 2" in problems[5]
    assert not Population.objects.exists()


def test_command(tmp_path):
    CouncilFactory(gss_code="E90000001")
    good = write(tmp_path, "council,year,population\nE90000001,2022-23,1000\n")
    out = io.StringIO()
    call_command("import_population", str(good), "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue() and not Population.objects.exists()
    call_command("import_population", str(good), stdout=out)
    assert Population.objects.get().population == 1000
    bad = write(tmp_path, "council,year\nE90000001,2022-23\n")
    with pytest.raises(CommandError, match="lacks the column"):
        call_command("import_population", str(bad))


# The ONS layout: gss_code, year as the mid-year (a calendar year), population, source.
ONS_HEADER = "gss_code,year,population,source\n"
RECAST = "[area recast to later boundaries: council created April 2020]"


def test_ons_layout_gives_mid_year_y_to_reporting_year_y(tmp_path):
    council = CouncilFactory(gss_code="E90000001")
    path = write(
        tmp_path,
        ONS_HEADER + "E90000001,2018,99000,ONS mid-2018\n"
        "E90000001,2019,100000,ONS mid-2019\n"
        'E90000001,2020,"101,000",ONS mid-2020\n'
        "e90000001, 2021 ,102000,\n",
    )
    result = population_import(path=path, source="ONS table")
    assert (result.created, result.updated, result.skipped_early) == (3, 0, 1)
    stored = {p.year: (p.population, p.source) for p in council.populations.all()}
    # Mid-2018 falls in 2018-19, before the site's first year, so it is not stored.
    assert stored == {
        2019: (100000, "ONS mid-2019"),
        2020: (101000, "ONS mid-2020"),
        2021: (102000, "ONS table"),
    }
    again = population_import(path=path, source="ONS table")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_ons_layout_reports_every_bad_row_and_imports_nothing(tmp_path):
    CouncilFactory(gss_code="E90000001")
    CouncilFactory(gss_code="E90000002", start_date=dt.date(2020, 4, 1))
    path = write(
        tmp_path,
        ONS_HEADER + "E90000001,2019,100000,ok\n"
        "E99999999,2019,100000,no such council\n"
        "E90000001,2022-23,100000,a reporting year and not a mid-year\n"
        "E90000001,20,100000,too short\n"
        "E90000001,2020,0,zero\n"
        "E90000001,2021,lots,not a number\n"
        "E90000001,2019,100500,again\n"
        f"E90000002,2020,50000,existed on 1 April 2020 {RECAST}\n"
        "E90000002,2021,50000,ok\n",
    )
    with pytest.raises(DataImportError) as caught:
        population_import(path=path)
    problems = caught.value.problems
    assert [p.split(":")[0] for p in problems] == [f"line {n}" for n in (3, 4, 5, 6, 7, 8, 9)]
    assert "E99999999" in problems[0]
    assert "'2022-23' is not a mid-year" in problems[1]
    assert "already on line 2" in problems[5]
    assert "recast" in problems[6] and "existed on 1 April 2020" in problems[6]
    assert not Population.objects.exists()


def test_ons_recast_rows_before_a_council_existed_are_ignored(tmp_path):
    council = CouncilFactory(gss_code="E90000001", start_date=dt.date(2020, 4, 1))
    path = write(
        tmp_path,
        ONS_HEADER + f"E90000001,2018,500000,ONS mid-2018 {RECAST}\n"
        f"E90000001,2019,510000,ONS mid-2019 {RECAST}\n"
        "E90000001,2020,520000,ONS mid-2020\n",
    )
    result = population_import(path=path)
    assert (result.skipped_early, result.skipped_absent) == (1, 1)
    assert list(council.populations.values_list("year", "population")) == [(2020, 520000)]


def test_ons_council_abolished_on_1_april_gets_no_figure_for_that_year(tmp_path):
    # The register's end date of 1 April 2020 is stored as the last day, 31 March 2020.
    council = CouncilFactory(gss_code="E90000001", end_date=dt.date(2020, 3, 31))
    path = write(
        tmp_path,
        ONS_HEADER + "E90000001,2019,70000,ONS mid-2019\nE90000001,2020,71000,ONS mid-2020\n",
    )
    result = population_import(path=path, fill_through=ReportingYear(2022))
    assert result.skipped_absent == 1 and result.filled == 0
    assert list(council.populations.values_list("year", flat=True)) == [2019]


def test_ons_latest_estimate_is_carried_forward_and_says_so(tmp_path):
    lasting = CouncilFactory(gss_code="E90000001")
    ending = CouncilFactory(gss_code="E90000002", end_date=dt.date(2026, 3, 31))
    CouncilFactory(gss_code="E90000003", start_date=dt.date(2025, 4, 1))
    path = write(
        tmp_path,
        ONS_HEADER + "E90000001,2023,100000,ONS mid-2023\n"
        "E90000001,2024,101000,ONS mid-2024 table\n"
        "E90000002,2024,50000,ONS mid-2024 table\n",
    )
    result = population_import(path=path, fill_through=ReportingYear(2026))
    assert (result.latest_mid_year, result.filled) == (2024, 3)
    assert {p.year: p.population for p in lasting.populations.all()} == {
        2023: 100000,
        2024: 101000,
        2025: 101000,
        2026: 101000,
    }
    assert lasting.populations.get(year=2024).source == "ONS mid-2024 table"
    assert lasting.populations.get(year=2026).source == (
        "ONS mid-2024 estimate, the latest available, used for 2026-27: ONS mid-2024 table"
    )
    # Abolished at the end of March 2026: carried into 2025-26 only.
    assert list(ending.populations.values_list("year", flat=True)) == [2024, 2025]
    # Created after mid-2024: there is nothing to carry, and the import says so.
    assert result.notes == [
        f"E90000003 exists in {y} but has no mid-2024 estimate to carry forward"
        for y in ("2025-26", "2026-27")
    ]
    # Without fill_through the file's years are all there is.
    Population.objects.all().delete()
    assert population_import(path=path).created == 3


def test_ons_source_longer_than_the_column_is_cut_to_fit(tmp_path):
    council = CouncilFactory(gss_code="E90000001")
    length = Population._meta.get_field("source").max_length
    path = write(tmp_path, ONS_HEADER + f"E90000001,2022,100000,{'x' * (length + 5)}\n")
    population_import(path=path)
    source = council.populations.get().source
    assert len(source) == length and source.endswith("…")


def test_fill_through_needs_the_ons_layout(tmp_path):
    CouncilFactory(gss_code="E90000001")
    path = write(tmp_path, "council,year,population\nE90000001,2022-23,1000\n")
    with pytest.raises(DataImportError, match="needs the ONS layout"):
        population_import(path=path, fill_through=ReportingYear(2026))
    assert not Population.objects.exists()


def test_command_with_the_ons_layout(tmp_path):
    CouncilFactory(gss_code="E90000001")
    path = write(
        tmp_path, ONS_HEADER + "E90000001,2018,900,old\nE90000001,2024,1000,ONS mid-2024\n"
    )
    out = io.StringIO()
    call_command("import_population", str(path), "--fill-through", "2026-27", stdout=out)
    assert "3 population figure(s) created" in out.getvalue()
    assert "Skipped 1 row(s) before 2019-20" in out.getvalue()
    assert "2 figure(s) carried forward from mid-2024" in out.getvalue()
    assert sorted(Population.objects.values_list("year", flat=True)) == [2024, 2025, 2026]
    with pytest.raises(CommandError, match="2026-2027"):
        call_command("import_population", str(path), "--fill-through", "2026-2027")
