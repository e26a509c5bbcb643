"""Uploads bounded before they are parsed (decisions.services.imports.limits): each limit
refused with a message naming it, nothing written, and no worker's memory or time taken."""

import re
import zipfile

import pytest
from openpyxl import Workbook

from councils.services.errors import DataImportError
from decisions.models import Decision
from decisions.services.imports import decisions_import, limits

from .decision_files import DECISION_HEADER, decision, write_csv

pytestmark = pytest.mark.django_db


def refused(path, match):
    with pytest.raises(DataImportError, match=match):
        decisions_import(decisions_path=path)
    assert Decision.objects.count() == 0


def test_a_cell_longer_than_the_limit_is_refused_with_its_line(world, tmp_path):
    Decision.objects.all().delete()
    long = "x" * (limits.MAX_CELL_CHARACTERS + 1)
    path = write_csv(
        tmp_path / "d.csv", DECISION_HEADER, [decision(), decision(ref="22 001 002", summary=long)]
    )
    # Python's own limit is 131,072: past it this was a 500.
    refused(path, r"line 3: a cell is longer than 10,000 characters")
    huge = write_csv(tmp_path / "e.csv", DECISION_HEADER, [decision(summary="y" * 200_000)])
    refused(huge, r"line 2: a cell is longer than 10,000 characters")


def test_a_cell_of_exactly_the_limit_is_read(world, tmp_path):
    path = write_csv(
        tmp_path / "d.csv",
        DECISION_HEADER,
        [decision(ref="22 009 001", summary="z" * limits.MAX_CELL_CHARACTERS)],
    )
    decisions_import(decisions_path=path)
    assert len(Decision.objects.get(reference="22 009 001").summary) == 10_000


def test_a_file_over_the_size_limit_is_refused_unread(world, tmp_path, monkeypatch):
    Decision.objects.all().delete()
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    path = write_csv(tmp_path / "d.csv", DECISION_HEADER, [decision()] * 20)
    refused(path, r"a file may be at most 0 MB")


def _workbook(path, rows, *, strings=None):
    book = Workbook()
    sheet = book.active
    sheet.title = "decisions"
    sheet.append(DECISION_HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_a_workbook_that_unpacks_too_far_is_refused_unread(world, tmp_path):
    Decision.objects.all().delete()
    # A part that compresses to almost nothing: a 400 KB workbook holding one 419 MB cell took
    # 2.7 GB in a worker before. (openpyxl cuts cells it writes, so the part is added here.)
    path = _workbook(tmp_path / "bomb.xlsx", [decision()])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/sharedStrings.xml", b"<sst>" + b"a" * 5_000_000 + b"</sst>")
    assert path.stat().st_size < 100_000
    refused(path, r"unpacks to \d+ times its size; a workbook may unpack to at most 50 times")


def test_a_workbook_over_the_unpacked_limit_is_refused(world, tmp_path, monkeypatch):
    Decision.objects.all().delete()
    monkeypatch.setattr(limits, "MAX_XLSX_UNPACKED_BYTES", 2000)
    path = _workbook(tmp_path / "d.xlsx", [decision()])
    refused(path, r"a workbook may unpack to at most 0 MB")


def test_a_sheet_that_says_it_has_too_many_rows_is_refused_before_them(world, tmp_path):
    Decision.objects.all().delete()
    path = _workbook(tmp_path / "d.xlsx", [decision()])
    # The sheet's stated extent, as a file of three million empty rows states it.
    with zipfile.ZipFile(path) as book:
        parts = {name: book.read(name) for name in book.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    stated = b'<dimension ref="A1:J3000000" />'
    parts[sheet] = re.sub(rb"<dimension ref=\"[^\"]+\" ?/>", stated, parts[sheet])
    assert b"A1:J3000000" in parts[sheet]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for name, data in parts.items():
            book.writestr(name, data)
    refused(path, r"more than 500,000 rows")


def test_rows_past_the_limit_are_refused_even_when_empty(world, tmp_path, monkeypatch):
    Decision.objects.all().delete()
    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    monkeypatch.setattr("decisions.services.imports.tables.MAX_ROWS", 5)
    rows = [decision()] + [[""] * len(DECISION_HEADER)] * 10
    refused(write_csv(tmp_path / "d.csv", DECISION_HEADER, rows), r"more than 5 rows")


def test_too_many_columns_are_refused(world, tmp_path):
    Decision.objects.all().delete()
    header = DECISION_HEADER + [f"extra_{n}" for n in range(limits.MAX_COLUMNS)]
    refused(
        write_csv(tmp_path / "d.csv", header, []),
        r"line 1: \d+ columns; a file may have at most 40",
    )
