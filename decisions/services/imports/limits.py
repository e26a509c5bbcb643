"""How big a decision or recommendation file may be, checked before (or while) it is parsed, so
that no upload can take a worker's memory or time: each limit refused with a message naming it.

Measured before these existed: a 400 KB XLSX holding one 419 MB cell took 2.7 GB in a worker; a
13.7 MB XLSX of 3 million empty rows ran past the app server's 30 s timeout; a CSV cell over
131,072 characters was a 500 (Python's csv refuses it with an error nobody caught).

The limits are far above any real file: the Ombudsman's national volume is about 20,000
decisions a year, the longest summary in the published sample is 143 characters, and a file
has 10 to 12 columns. An XLSX is a zip of XML: its unpacked size, and how much larger than the
file that is, bound what openpyxl will hold (a zip bomb is a small file that unpacks enormously).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from councils.services.errors import DataImportError

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 80 * 1024 * 1024
MAX_XLSX_RATIO = 50
MAX_ROWS = 500_000
MAX_COLUMNS = 40
MAX_CELL_CHARACTERS = 10_000


def check_file(path: Path, *, xlsx: bool) -> None:
    """Refuse a file too large to read, before anything reads it."""
    size = path.stat().st_size
    if refusal := size_refusal(path.name, size):
        raise DataImportError(refusal)
    if xlsx:
        _check_workbook(path, size)


def size_refusal(name: str, size: int) -> str | None:
    """Why a file of this many bytes may not be imported, or None (the upload form asks too)."""
    if size <= MAX_FILE_BYTES:
        return None
    return (
        f"{name} is {size / 1e6:.0f} MB; a file may be at most "
        f"{MAX_FILE_BYTES // (1024 * 1024)} MB (split it, or import it in parts)."
    )


def _check_workbook(path: Path, size: int) -> None:
    try:
        with zipfile.ZipFile(path) as book:
            unpacked = sum(member.file_size for member in book.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataImportError(f"{path.name} is not a readable XLSX workbook ({exc}).") from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise DataImportError(
            f"{path.name} unpacks to {unpacked / 1e6:.0f} MB; a workbook may unpack to at most "
            f"{MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)} MB (save large files as CSV)."
        )
    if unpacked > MAX_XLSX_RATIO * max(size, 1) and unpacked > 1024 * 1024:
        raise DataImportError(
            f"{path.name} unpacks to {unpacked // max(size, 1)} times its size; a workbook may "
            f"unpack to at most {MAX_XLSX_RATIO} times (this looks like a zip bomb)."
        )


def check_rows(label: str, rows: int | None) -> None:
    """Refuse a sheet that says it has more rows than a file may have (an XLSX sheet states its
    extent before its rows)."""
    if rows is not None and rows > MAX_ROWS + 1:
        raise DataImportError(too_many_rows(label))


def too_many_rows(label: str) -> str:
    return f"{label} has more than {MAX_ROWS:,} rows; a file may have at most {MAX_ROWS:,}."


def check_columns(label: str, line: int, count: int) -> None:
    if count > MAX_COLUMNS:
        raise DataImportError(
            f"{label}, line {line}: {count} columns; a file may have at most {MAX_COLUMNS}."
        )


def cell_too_long(label: str, line: int) -> str:
    return (
        f"{label}, line {line}: a cell is longer than {MAX_CELL_CHARACTERS:,} characters, "
        "the most a cell may hold."
    )
