"""The council importer on real mySociety files (tests/data) and on broken ones."""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from councils.models import Council, Population
from councils.selectors import council_match_name, council_name_index
from councils.services.councils_import import POPULATION_SOURCE, councils_import
from councils.services.errors import DataImportError
from councils.services.names import alt_names_merge
from ombudsman.years import ReportingYear
from tests.factories import CouncilFactory, PopulationFactory

DATA = Path(__file__).parent / "data"
ENGLAND = DATA / "england_councils_2019_2025.csv"
REGISTER = DATA / "uk_local_authorities_sample.csv"
NAMES = DATA / "lgsco_observed_authority_names.csv"
YEAR_COLUMNS = {y: f"fy_{y}_{(y + 1) % 100:02d}" for y in range(2019, 2025)}

pytestmark = pytest.mark.django_db


def england_rows():
    with ENGLAND.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_years_follow_the_registers_flags_row_for_row():
    councils_import(path=ENGLAND)
    counts = [Council.objects.active_in(ReportingYear(y)).count() for y in YEAR_COLUMNS]
    assert counts == [343, 339, 333, 333, 317, 317]
    for year, column in YEAR_COLUMNS.items():
        active = set(
            Council.objects.active_in(ReportingYear(year)).values_list("gss_code", flat=True)
        )
        flagged = {r["gss_code"] for r in england_rows() if r[column] == "1"}
        assert active == flagged, column


def test_end_dates_are_the_last_day_and_links_are_set():
    councils_import(path=ENGLAND)
    corby = Council.objects.get(gss_code="E07000150")
    # The register says 2021-04-01 (the successor's first day) for Corby, 2020-03-31 for Wycombe.
    assert corby.end_date == dt.date(2021, 3, 31)
    assert Council.objects.get(gss_code="E07000007").end_date == dt.date(2020, 3, 31)
    assert corby.county.gss_code == "E10000021"
    assert list(corby.replaced_by.values_list("gss_code", flat=True)) == ["E06000061"]
    cumbria = Council.objects.get(gss_code="E10000006")
    assert sorted(cumbria.replaced_by.values_list("registry_code", flat=True)) == ["CBD", "WAF"]
    assert Council.objects.get(gss_code="E09000001").authority_type == "london_borough"
    assert Council.objects.get(gss_code="E06000053").authority_type == "unitary"
    assert Council.objects.get(gss_code="E08000025").authority_type == "metropolitan_borough"
    hertsmere = Council.objects.get(gss_code="E07000098")
    assert (hertsmere.slug, hertsmere.authority_type, hertsmere.county.short_name) == (
        "hertsmere",
        "district",
        "Hertfordshire",
    )
    assert (hertsmere.label_lat, hertsmere.label_lon) == (51.67729, -0.2811)  # bsc_label_lat/long
    # Two councils called Somerset: the one that still exists keeps the plain slug.
    assert Council.objects.get(gss_code="E06000066").slug == "somerset"
    assert Council.objects.get(gss_code="E10000027").slug == "somerset-county"
    assert Council.objects.count() == 350


def test_populations_from_2020_for_each_year_a_council_existed():
    councils_import(path=ENGLAND)
    hertsmere = Population.objects.filter(council__gss_code="E07000098")
    assert sorted(hertsmere.values_list("year", "population")) == [
        (y, 105471) for y in range(2019, 2025)
    ]
    assert hertsmere.first().source == POPULATION_SOURCE
    # Abolished in 2023: four years only.
    assert Population.objects.filter(council__gss_code="E07000163").count() == 4
    # Northamptonshire has no figure: its successors' sum stands in, and says so.
    county = Population.objects.filter(council__gss_code="E10000021").order_by("year")
    assert [(p.year, p.population) for p in county] == [(2019, 757181), (2020, 757181)]
    assert "sum of successors" in county[0].source
    # An abolished district without a figure gets none.
    assert not Population.objects.filter(council__gss_code="E07000150").exists()


def test_reimport_updates_without_duplicates_and_keeps_other_sources():
    councils_import(path=ENGLAND)
    hertsmere = Council.objects.get(gss_code="E07000098")
    hertsmere.alt_names += "\nBorehamwood council"
    hertsmere.name = "Wrong"
    hertsmere.save()
    Population.objects.filter(council=hertsmere, year=2023).update(population=1, source="ONS 2023")
    before = Population.objects.count()
    result = councils_import(path=ENGLAND)
    assert (result.created, result.updated) == (0, 350)
    assert Council.objects.count() == 350
    assert Population.objects.count() == before
    hertsmere.refresh_from_db()
    assert hertsmere.name == "Hertsmere Borough Council"
    assert "Borehamwood council" in hertsmere.alt_name_list
    assert Population.objects.get(council=hertsmere, year=2023).population == 1


def test_dry_run_keeps_nothing():
    result = councils_import(path=ENGLAND, dry_run=True)
    assert result.created == 350
    assert not Council.objects.exists()
    assert not Population.objects.exists()


def test_register_as_published_skips_other_bodies_and_nations():
    call_command("import_councils", str(REGISTER), stdout=io.StringIO())
    assert Council.objects.count() == 10
    assert not Council.objects.filter(gss_code__startswith="S").exists()
    bucks = Council.objects.get(gss_code="E10000002")
    assert bucks.end_date == dt.date(2020, 3, 31)
    assert Council.objects.get(gss_code="E07000004").county == bucks
    assert Council.objects.get(gss_code="E09000001").authority_type == "london_borough"
    # Buckinghamshire county's figure is its successor's, for the one year it existed.
    assert list(bucks.populations.values_list("year", "population")) == [(2019, 547060)]
    hull_style = Council.objects.get(gss_code="E07000098").alt_name_list
    assert len({n.casefold() for n in hull_style}) == len(hull_style)


def write_csv(path, header, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_every_bad_row_is_reported_with_its_line_and_nothing_changes(tmp_path):
    CouncilFactory()
    header = ["local-authority-code", "official-name", "nice-name", "gss-code"]
    header += ["start-date", "end-date", "nation", "local-authority-type", "replaced-by"]
    rows = [
        ["AAA", "Alpha Council", "Alpha", "E0700009", "", "", "England", "NMD", ""],
        ["BBB", "Beta Council", "Beta", "E07000002", "", "", "England", "XYZ", ""],
        ["CCC", "Gamma Council", "Gamma", "E07000003", "2020-13-01", "", "England", "UA", ""],
        ["DDD", "Delta Council", "Delta", "E07000004", "", "", "England", "UA", "ZZZ"],
        ["EEE", "Epsilon Council", "Epsilon", "E07000005", "", "", "England", "UA", ""],
    ]
    path = write_csv(tmp_path / "bad.csv", header, rows)
    with pytest.raises(DataImportError) as caught:
        councils_import(path=path)
    problems = caught.value.problems
    assert len(problems) == 4
    assert problems[0].startswith("line 2:") and "E0700009" in problems[0]
    assert problems[1].startswith("line 3:") and "'XYZ'" in problems[1]
    assert problems[2].startswith("line 4:") and "2020-13-01" in problems[2]
    assert problems[3].startswith("line 5:") and "'ZZZ'" in problems[3]
    assert Council.objects.count() == 1
    with pytest.raises(CommandError, match="line 3"):
        call_command("import_councils", str(path))


def test_missing_columns_and_files_are_clear_errors(tmp_path):
    path = write_csv(tmp_path / "x.csv", ["gss_code", "name"], [["E07000098", "Hertsmere"]])
    with pytest.raises(DataImportError, match="lacks the column"):
        councils_import(path=path)
    with pytest.raises(DataImportError, match="does not exist"):
        councils_import(path=tmp_path / "nope.csv")


def test_ombudsman_spellings_become_alternative_names():
    councils_import(path=ENGLAND, names_path=NAMES)
    redcar = Council.objects.get(gss_code="E06000003")
    assert "Redcar & Cleveland Council" in redcar.alt_name_list
    assert (
        "Wirral Metropolitan Borough Council"
        in Council.objects.get(gss_code="E08000015").alt_name_list
    )


def test_names_file_with_unknown_code_is_refused(tmp_path):
    names = write_csv(
        tmp_path / "names.csv", ["lgsco_authority_name", "gss_code"], [["Nowhere", "E07999999"]]
    )
    with pytest.raises(DataImportError, match="line 2"):
        councils_import(path=ENGLAND, names_path=names)
    assert not Council.objects.exists()


def test_alt_names_merge_ignores_case_and_spacing_only():
    merged = alt_names_merge(
        ["hartlepool borough council", "Hartlepool UA", "Hartlepool"],
        ["Hartlepool  Borough Council", "hartlepool ua", "Hartlepool & District"],
        exclude=("Hartlepool",),
    )
    assert merged == ["Hartlepool Borough Council", "Hartlepool UA", "Hartlepool & District"]


MATCHES = [
    ("Redcar & Cleveland Council", None, "E06000003"),
    ("  redcar and   CLEVELAND ", None, "E06000003"),
    ("e07000098", None, "E07000098"),
    ("Hertsmere Borough Council", None, "E07000098"),
    ("Wirral Metropolitan Borough Council", None, "E08000015"),
    ("Kingston Upon Hull City Council", None, "E06000010"),
    ("King's Lynn & West Norfolk", None, "E07000146"),
    ("Council of the Isles of Scilly", None, "E06000053"),
    ("City of London Corporation", None, "E09000001"),
    # The same name for a council and its successor: the date decides, else the one existing.
    ("Somerset", None, "E06000066"),
    ("Somerset", dt.date(2020, 6, 1), "E10000027"),
    ("Somerset County Council", None, "E10000027"),
    ("Nowhere Council", None, None),
    ("", None, None),
]


def test_council_match_name():
    councils_import(path=ENGLAND, names_path=NAMES)
    for name, on, gss_code in MATCHES:
        council = council_match_name(name=name, on=on)
        assert (council.gss_code if council else None) == gss_code, (name, on)


def test_name_index_matches_without_queries(django_assert_num_queries):
    CouncilFactory(short_name="Borsetshire", name="Borsetshire County Council", alt_names="Borset")
    index = council_name_index()
    with django_assert_num_queries(0):
        assert index.match("BORSET").short_name == "Borsetshire"
        assert index.match("borsetshire county council").short_name == "Borsetshire"


def test_population_of_other_source_is_not_overwritten():
    councils_import(path=REGISTER)
    scilly = Council.objects.get(gss_code="E06000053")
    Population.objects.filter(council=scilly, year=2024).delete()
    PopulationFactory(council=scilly, year=2024, population=2100, source="ONS mid-2023")
    result = councils_import(path=REGISTER)
    assert result.populations_kept == 1
    assert Population.objects.get(council=scilly, year=2024).population == 2100
