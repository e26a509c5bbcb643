"""Reading CSV files the way every importer here needs them: BOM-tolerant, normalised headers
(`local-authority-code` and `Local Authority Code` both become `local_authority_code`) and the
line number of each row for error messages."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from .errors import DataImportError


def header_normalise(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", (name or "").strip().lstrip("\ufeff").lower())


def csv_open(path: str | Path):
    path = Path(path)
    if not path.is_file():
        raise DataImportError(f"{path} does not exist or is not a file.")
    # utf-8-sig drops the byte-order mark some ONS files start with.
    return path.open(newline="", encoding="utf-8-sig")


def csv_rows(
    handle, *, required: tuple[str, ...] = (), label: str = ""
) -> Iterator[tuple[int, dict]]:
    """Yield (line number, row) with normalised headers and stripped values.

    The line number is the file line the row ends on (the header is line 1), which is what a
    person sees in an editor for all but multi-line quoted cells.
    """
    reader = csv.reader(handle)
    names = header_read(reader, required=required, label=label or "The file")
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        yield (
            reader.line_num,
            {n: (c.strip() if c else "") for n, c in zip(names, cells, strict=False)},
        )


def header_read(rows: Iterator[list], *, required: tuple[str, ...], label: str) -> list[str]:
    """The first row of `rows` as normalised column names; DataImportError if there is none or
    a required column is missing (naming the columns there are)."""
    try:
        header = next(rows)
    except StopIteration:
        raise DataImportError(f"{label} is empty: expected a header row.") from None
    names = [header_normalise(h) for h in header]
    missing = [r for r in required if r not in names]
    if missing:
        raise DataImportError(
            f"{label} lacks the column(s) {', '.join(missing)}; its header is: "
            f"{', '.join(n for n in names if n)}."
        )
    return names
