"""The single source of every figure on the site (docs/architecture.md, "The data flow").

- `year_table(year)`: every council of a reporting year with its figures, the averages per
  authority type and for England; frozen figures once the year is published.
- `council_row(council, year)`, `council_series(council)`: one council's rows, each with the
  average for its authority type.
- `live_year_table(year)`: what publishing freezes.
- `service_areas`: the same figures by category (service area), counted from the decisions.
"""

from .figures import SMALL_NUMBER_THRESHOLD
from .formulas import METHOD, rate
from .queries import latest_year, years_with_data
from .series import council_row, council_series
from .tables import live_year_table, year_table

__all__ = [
    "METHOD",
    "SMALL_NUMBER_THRESHOLD",
    "council_row",
    "council_series",
    "latest_year",
    "years_with_data",
    "live_year_table",
    "rate",
    "year_table",
]
