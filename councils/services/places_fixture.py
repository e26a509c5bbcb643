"""Write fixtures/places.csv from the OS Open Names extract (`make fixtures`).

Only cities, towns, villages and suburbs are kept: the extract's "other" rows (11,295 hamlets and
farmsteads) would make common words ambiguous ("Barrow" is five hamlets besides three villages)
for places too small to be what a reader types to find a council. The source's `source` column is
dropped and rows are sorted by name, so a rebuild gives the same file byte for byte. Where the
council of a place is, is not stored: the search finds it by point-in-polygon against the
boundaries of the year asked for (councils.places).
"""

from __future__ import annotations

import csv
from pathlib import Path

KINDS = ("city", "town", "village", "suburb")


def places_fixture_write(*, source: Path, target: Path) -> int:
    """Rows written. `source` has the columns name, lat, lon, kind (and others, ignored)."""
    with source.open(newline="", encoding="utf-8-sig") as handle:
        rows = [
            (r["name"].strip(), r["kind"], f"{float(r['lat']):.5f}", f"{float(r['lon']):.5f}")
            for r in csv.DictReader(handle)
            if r["kind"] in KINDS and r["name"].strip()
        ]
    rows.sort()
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "kind", "lat", "lon"])
        writer.writerows(rows)
    return len(rows)
