"""CSV output of the statistics: one row per council (or per year for one council), flat columns
with a header row, so that a spreadsheet opens it as it is. Every CSV here is written through
`ombudsman.spreadsheet.CSVWriter`, so that no text cell opens as a formula."""

import io
import itertools
from collections.abc import Iterator

from rest_framework import renderers

from decisions.statistics.figures import COUNT_FIELDS, HEADLINE_RATES, RATES
from decisions.statistics.formulas import OUTCOME_CODES
from decisions.statistics.uncertainty import bound_fields
from ombudsman.spreadsheet import CSVWriter

COLUMNS = [
    "year",
    "status",
    "gss_code",
    "name",
    "authority_type",
    "region",
    *COUNT_FIELDS,
    "population",
    # Each rate, then the two ends of its 95% interval.
    *(field for key in RATES for field in (key, *bound_fields(key))),
    *(f"outcome_{code}" for code in OUTCOME_CODES),
    "small_numbers",
    *(f"type_average_{name}" for name in HEADLINE_RATES),
    # higher, similar or lower than the type's average, by significance.
    *(f"compared_{key}" for key in RATES),
    "revised",
]


def csv_row(row: dict) -> list:
    average = row.get("average")
    flat = {
        **row,
        **{f"outcome_{code}": n for code, n in row["outcomes"].items()},
        "small_numbers": ";".join(row["small_numbers"]),
        **{f"compared_{key}": value for key, value in (row.get("compared") or {}).items()},
        "revised": "yes" if row.get("revision") else "no",
    }
    if average:
        flat.update({f"type_average_{name}": average[name] for name in HEADLINE_RATES})
    return ["" if flat.get(column) is None else flat.get(column) for column in COLUMNS]


class StatisticsCSVRenderer(renderers.BaseRenderer):
    """Renders the rows under `results` (all councils) or `years` (one council); each row may
    carry `status` and its type `average`. Errors never reach it (see CSVErrorsAsJSONMixin)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        out = io.StringIO()
        writer = CSVWriter(out)
        writer.writerow(COLUMNS)
        for row in data.get("results") or data.get("years") or []:
            writer.writerow(csv_row(row))
        return out.getvalue().encode()


class CSVErrorsAsJSONMixin:
    """A view that offers CSV still answers errors in JSON, the documented error format: a CSV
    client gets a readable message instead of a one-cell table."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        renderer = getattr(self.request, "accepted_renderer", None)
        if renderer is not None and renderer.format == "csv":
            self.request.accepted_renderer = renderers.JSONRenderer()
            self.request.accepted_media_type = "application/json"
        return response


class StreamedCSVRenderer(renderers.BaseRenderer):
    """Marks an endpoint as offering CSV (`?format=csv`); the view streams the rows itself, so
    a large download never sits in memory. Error bodies (dicts) are rendered as JSON text."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data)


def csv_stream(header: list[str], rows) -> Iterator[str]:
    """Lines of CSV, the header first, written as they are produced (text cells escaped)."""
    buffer = io.StringIO()
    writer = CSVWriter(buffer)
    for row in itertools.chain([header], rows):
        writer.writerow(row)
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
