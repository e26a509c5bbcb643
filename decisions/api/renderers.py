"""CSV output of the statistics: one row per council (or per year for one council), flat columns
with a header row, so that a spreadsheet opens it as it is."""

import csv
import io

from rest_framework import renderers

from decisions.statistics.formulas import COUNT_FIELDS, OUTCOME_CODES, RATES

AVERAGE_RATES = ("upheld_rate", "satisfactory_remedy_rate", "compliance_rate", "upheld_per_100k")
COLUMNS = [
    "year",
    "status",
    "gss_code",
    "name",
    "authority_type",
    "region",
    *COUNT_FIELDS,
    "population",
    *RATES,
    *(f"outcome_{code}" for code in OUTCOME_CODES),
    "small_numbers",
    *(f"type_average_{name}" for name in AVERAGE_RATES),
    "revised",
]


def csv_row(row: dict) -> list:
    average = row.get("average")
    flat = {
        **row,
        **{f"outcome_{code}": n for code, n in row["outcomes"].items()},
        "small_numbers": ";".join(row["small_numbers"]),
        "revised": "yes" if row.get("revision") else "no",
    }
    if average:
        flat.update({f"type_average_{name}": average[name] for name in AVERAGE_RATES})
    return ["" if flat.get(column) is None else flat.get(column) for column in COLUMNS]


class StatisticsCSVRenderer(renderers.BaseRenderer):
    """Renders the rows under `results` (all councils) or `years` (one council); each row may
    carry `status` and its type `average`. Errors render as a one-column table."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code >= 400:
            writer.writerow(["error"])
            writer.writerow([str(data)])
            return out.getvalue().encode()
        writer.writerow(COLUMNS)
        for row in data.get("results") or data.get("years") or []:
            writer.writerow(csv_row(row))
        return out.getvalue().encode()
