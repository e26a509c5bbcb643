"""One council's figures, picked from the year tables so that they agree exactly with the
all-councils endpoint, the CSV and the map."""

from __future__ import annotations

from councils.models import Council
from ombudsman.years import ReportingYear

from .queries import years_with_data
from .tables import year_table


def council_row(council: Council, year: ReportingYear) -> dict | None:
    """The council's row for the year with `average` (its authority type), or None if the
    council did not exist that year."""
    table = year_table(year)
    for row in table["councils"]:
        if row["gss_code"] == council.gss_code:
            return {
                **row,
                "status": table["status"],
                "average": table["averages"][row["authority_type"]],
                "england": table["england"],
            }
    return None


def council_series(council: Council) -> list[dict]:
    """A row per reporting year with data in which the council existed, oldest first."""
    rows = []
    for year in years_with_data():
        if council.exists_in(year):
            row = council_row(council, year)
            if row:
                rows.append(row)
    return rows
