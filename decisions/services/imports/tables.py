"""Rows from CSV files or XLSX sheets, as (line number, {normalised header: text}) pairs.

CSV goes through the same reader as the council imports (BOM-tolerant, normalised headers).
XLSX is read with openpyxl in read-only mode, so a large workbook streams row by row; cells that
hold real dates or numbers are turned into the text a CSV would hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from councils.services.csvfiles import csv_open, csv_rows, header_normalise
from councils.services.errors import DataImportError

XLSX_SUFFIXES = {".xlsx", ".xlsm"}


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
    return str(value).strip()


@contextmanager
def open_table(path: str | Path, *, sheet: str, required: tuple[str, ...]):
    """Yields an iterator of (line, row). For XLSX, `sheet` names the worksheet to read."""
    path = Path(path)
    if not path.is_file():
        raise DataImportError(f"{path} does not exist or is not a file.")
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
            yield _sheet_rows(book[sheet], required=required, label=f"{path.name} [{sheet}]")
        finally:
            book.close()
    else:
        with csv_open(path) as handle:
            yield _decoded(csv_rows(handle, required=required, label=path.name), path.name)


def _decoded(rows: Iterator, name: str) -> Iterator[tuple[int, dict]]:
    try:
        yield from rows
    except UnicodeDecodeError as exc:
        raise DataImportError(
            f"{name} is not UTF-8 text (byte {exc.start} cannot be decoded): save it as CSV UTF-8."
        ) from exc


def _sheet_rows(sheet, *, required: tuple[str, ...], label: str) -> Iterator[tuple[int, dict]]:
    rows = sheet.iter_rows(values_only=True)
    try:
        header = next(rows)
    except StopIteration:
        raise DataImportError(f"{label} is empty: expected a header row.") from None
    names = [header_normalise(_cell_text(h)) for h in header]
    missing = [r for r in required if r not in names]
    if missing:
        raise DataImportError(
            f"{label} lacks the column(s) {', '.join(missing)}; its header is: "
            f"{', '.join(n for n in names if n)}."
        )
    for line, cells in enumerate(rows, start=2):
        texts = [_cell_text(c) for c in cells]
        if any(texts):
            yield line, dict(zip(names, texts, strict=False))


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
