"""The population importer: upserts, and refuses a file with any bad row."""

import io

import pytest
from django.core.management import CommandError, call_command

from councils.models import Population
from councils.services.errors import DataImportError
from councils.services.population_import import population_import
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
