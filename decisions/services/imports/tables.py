"""Rows from CSV files or XLSX sheets: a header of normalised column names, then (line number,
cells) pairs with each cell's text stripped, one cell per header column.

Rows are lists, not dicts: building a dict per row was a large part of an import's time, and the
row parsers look cells up by position (see `rows.Layout`). CSV is opened like every other import
here (BOM-tolerant, normalised headers). XLSX is read with openpyxl in read-only mode, so a large
workbook streams row by row; cells that hold real dates or numbers are turned into the text a CSV
would hold. Every cell of either format then has the spreadsheet escape the export adds taken off
(`ombudsman.spreadsheet`), so that an export reads back as it was written.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from councils.services.csvfiles import csv_open, header_read
from councils.services.errors import DataImportError
from ombudsman.spreadsheet import QUOTE, unescape, xlsx_text

from .limits import (
    MAX_CELL_CHARACTERS,
    MAX_COLUMNS,
    MAX_ROWS,
    cell_too_long,
    check_columns,
    check_file,
    check_rows,
    too_many_rows,
)

XLSX_SUFFIXES = {".xlsx", ".xlsm"}


@dataclass
class Table:
    file: str  # the file's name, as problems give it
    label: str  # the file's name, and the sheet's for a workbook
    names: list[str]
    rows: Iterator[tuple[int, list[str]]]


def is_xlsx(path: str | Path) -> bool:
    return Path(path).suffix.lower() in XLSX_SUFFIXES


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float | Decimal):
        return str(value)
    return xlsx_text(str(value)).strip()


@contextmanager
def open_table(path: str | Path, *, sheet: str, required: tuple[str, ...]):
    """Yields a Table. For XLSX, `sheet` names the worksheet to read."""
    path = Path(path)
    if not path.is_file():
        raise DataImportError(f"{path} does not exist or is not a file.")
    check_file(path, xlsx=is_xlsx(path))
    if is_xlsx(path):
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise DataImportError(f"{path.name} is not a readable XLSX workbook ({exc}).") from exc
        try:
            if sheet not in book.sheetnames:
                raise DataImportError(
                    f"{path.name} has no sheet named '{sheet}' (it has: "
                    f"{', '.join(book.sheetnames)})."
                )
            label = f"{path.name} [{sheet}]"
            check_rows(label, book[sheet].max_row)
            rows = book[sheet].iter_rows(values_only=True)
            texts = ([_cell_text(c) for c in cells] for cells in rows)
            yield _table(texts, lambda: None, required=required, file=path.name, label=label)
        finally:
            book.close()
    else:
        with csv_open(path) as handle:
            reader = csv.reader(handle)
            rows = _decoded(reader, path.name, lambda: reader.line_num)
            yield _table(
                rows, lambda: reader.line_num, required=required, file=path.name, label=path.name
            )


def _decoded(rows: Iterator[list], name: str, line_num) -> Iterator[list]:
    # csv refuses a cell over its field limit with an error of its own; while this file is read
    # the limit is the longest cell a file may hold, so that error means just that.
    previous = csv.field_size_limit(MAX_CELL_CHARACTERS)
    try:
        yield from rows
    except UnicodeDecodeError as exc:
        raise DataImportError(
            f"{name} is not UTF-8 text (byte {exc.start} cannot be decoded): save it as CSV UTF-8."
        ) from exc
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise DataImportError(cell_too_long(name, line_num())) from exc
        raise DataImportError(f"{name}, line {line_num()}: not readable as CSV ({exc}).") from exc
    finally:
        csv.field_size_limit(previous)


def _table(
    rows: Iterator[list], line_num, *, required: tuple[str, ...], file: str, label: str
) -> Table:
    """The header read and checked; `line_num` gives the file line a row ended on (a CSV cell
    may span lines), or None to count one line per row as a sheet has."""
    names = header_read(rows, required=required, label=label)
    check_columns(label, 1, len(names))
    return Table(file, label, names, _cells(rows, len(names), line_num, label))


def _cells(
    rows: Iterable[list], width: int, line_num, label: str
) -> Iterator[tuple[int, list[str]]]:
    line = 1
    # A cell that begins with the escape's quote, in a row's cells joined by NUL: one search of
    # the row instead of a test per cell (a NUL in a cell at worst sends the row the slow way).
    quoted = "\x00" + QUOTE
    for cells in rows:
        line += 1
        if line > MAX_ROWS + 1:  # empty rows count: 3 million of them took longer than 30 s
            raise DataImportError(too_many_rows(label))
        if len(cells) > MAX_COLUMNS:
            check_columns(label, line_num() or line, len(cells))
        # Stripped first, then the escape's quote taken off: the quote shields a leading tab or CR.
        cells = list(map(str.strip, cells))
        if quoted in "\x00".join(("", *cells)):
            cells = [unescape(c) if c[:1] == QUOTE else c for c in cells]
        if not any(cells):
            continue
        if max(map(len, cells)) > MAX_CELL_CHARACTERS:  # XLSX (csv stops such a cell)
            raise DataImportError(cell_too_long(label, line_num() or line))
        if len(cells) < width:
            cells += [""] * (width - len(cells))
        yield line_num() or line, cells


def has_sheet(path: str | Path, sheet: str) -> bool:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # reported properly when the decisions sheet is opened
        return False
    try:
        return sheet in book.sheetnames
    finally:
        book.close()
