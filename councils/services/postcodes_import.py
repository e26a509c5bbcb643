"""Importing postcode points from the ONS Postcode Directory (ONSPD).

The full directory has about 2.7 million rows, so the file is streamed with the csv module and
written in large batches: memory stays bounded by one batch whatever the file size. The whole
import is still one transaction, so a bad row found late leaves the table as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from councils.models import Postcode
from councils.selectors import postcode_normalise

from .csvfiles import csv_open, csv_rows
from .errors import DataImportError

# ONSPD's marker for "no grid reference" (terminated or unplaced postcodes).
NO_COORDINATE_LAT = 99.999999
PROGRESS_EVERY = 100_000
POSTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")


@dataclass
class PostcodeImportResult:
    rows: int = 0
    written: int = 0  # rows with coordinates stored (a repeated postcode counts each time)
    no_coordinates: int = 0


def _no_coordinates(lat: str) -> bool:
    try:
        return abs(float(lat) - NO_COORDINATE_LAT) < 1e-6
    except ValueError:
        return False


def _point(line: int, row: dict, problems: list[str]) -> tuple[str, float, float] | None:
    code = postcode_normalise(row["pcds"])
    if not POSTCODE_RE.match(code):
        problems.append(f"line {line}: {row['pcds']!r} is not a postcode")
        return None
    try:
        lat, lon = float(row["lat"]), float(row["long"])
    except ValueError:
        problems.append(f"line {line}: {row['pcds']}: lat/long {row['lat']!r}, {row['long']!r}")
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        problems.append(f"line {line}: {row['pcds']}: {lat}, {lon} is not a latitude, longitude")
        return None
    return code, lat, lon


def postcodes_import(
    *,
    path: str | Path,
    batch_size: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> PostcodeImportResult:
    """Create or update `Postcode` rows from an ONSPD-layout CSV (`pcds`, `lat`, `long`; other
    columns ignored). Rows without coordinates (lat 99.999999) are skipped and counted."""
    path = Path(path)
    result = PostcodeImportResult()
    problems: list[str] = []
    batch: dict[str, Postcode] = {}

    def flush():
        # update_conflicts makes re-imports (a newer ONSPD) move points instead of failing.
        Postcode.objects.bulk_create(
            batch.values(),
            batch_size=batch_size,
            update_conflicts=True,
            unique_fields=["postcode"],
            update_fields=["lat", "lon"],
        )
        batch.clear()

    with transaction.atomic(), csv_open(path) as handle:
        for line, row in csv_rows(handle, required=("pcds", "lat", "long"), label=path.name):
            result.rows += 1
            if progress and result.rows % PROGRESS_EVERY == 0:
                progress(result.rows)
            if _no_coordinates(row["lat"]):
                result.no_coordinates += 1
                continue
            point = _point(line, row, problems)
            if point is None or problems:
                continue  # after the first problem only look for more; write nothing
            # A postcode repeated in one batch would be written twice in one statement, which
            # PostgreSQL refuses; the later row wins, as it would across batches.
            batch[point[0]] = Postcode(postcode=point[0], lat=point[1], lon=point[2])
            result.written += 1
            if len(batch) >= batch_size:
                flush()
        if problems:
            raise DataImportError(
                f"{path.name}: {len(problems)} bad row(s); nothing was imported.", problems
            )
        if batch:
            flush()
    return result
