"""The ONS Postcode Directory importer."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from councils.models import Postcode
from councils.services import postcodes_import as module
from councils.services.errors import DataImportError
from councils.services.postcodes_import import postcodes_import

FIXTURE = Path(__file__).parent.parent / "fixtures" / "postcodes.csv"

pytestmark = pytest.mark.django_db

ONSPD = (
    "pcd,pcd2,pcds,dointr,doterm,oslaua,lat,long\n"
    "WD6 4LZ,WD6  4LZ,WD6 4LZ,198001,,E07000098,51.659887,-0.287067\n"
    "TS5 6LU,TS5  6LU,ts5 6lu,198001,,E06000002,54.559847,-1.23364\n"
    "ZZ9 9ZZ,ZZ9  9ZZ,ZZ9 9ZZ,198001,,,99.999999,0.000000\n"
    "TS5 6LU,TS5  6LU,TS5 6LU,198001,,E06000002,54.56,-1.23\n"
)


def write(tmp_path, text):
    path = tmp_path / "onspd.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_streams_skips_missing_coordinates_and_upserts(tmp_path):
    result = postcodes_import(path=write(tmp_path, ONSPD), batch_size=1)
    assert (result.rows, result.written, result.no_coordinates) == (4, 3, 1)
    assert sorted(Postcode.objects.values_list("postcode", flat=True)) == ["TS56LU", "WD64LZ"]
    # The later row for a postcode wins, within a file and across imports.
    assert Postcode.objects.get(postcode="TS56LU").lat == 54.56
    postcodes_import(path=write(tmp_path, "pcds,lat,long\nWD6 4LZ,51.66,-0.29\n"))
    assert Postcode.objects.get(postcode="WD64LZ").lat == 51.66
    assert Postcode.objects.count() == 2


def test_bad_rows_are_reported_and_nothing_is_stored(tmp_path):
    text = "pcds,lat,long\nWD6 4LZ,51.65,-0.28\nNOT A POSTCODE,51,0\nTS5 6LU,north,-1.2\n"
    with pytest.raises(DataImportError) as caught:
        postcodes_import(path=write(tmp_path, text), batch_size=1)
    assert [p.split(":")[0] for p in caught.value.problems] == ["line 3", "line 4"]
    assert not Postcode.objects.exists()
    with pytest.raises(DataImportError, match="lacks the column"):
        postcodes_import(path=write(tmp_path, "postcode,lat,lon\nWD6 4LZ,51.6,-0.2\n"))


def test_command_shows_progress_on_stderr(tmp_path, monkeypatch):
    monkeypatch.setattr(module, "PROGRESS_EVERY", 2)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_postcodes", str(write(tmp_path, ONSPD)), stdout=out, stderr=err)
    assert "2 rows read" in err.getvalue() and "4 rows read" in err.getvalue()
    assert "3 postcode(s) stored from 4 rows; 1 without coordinates skipped" in out.getvalue()
    with pytest.raises(CommandError, match="at least 1"):
        call_command("import_postcodes", str(FIXTURE), "--batch-size", "0")


def test_committed_sample_loads():
    result = postcodes_import(path=FIXTURE)
    assert result.written == Postcode.objects.count() == 294
    assert Postcode.objects.filter(postcode="WD64LZ").exists()
