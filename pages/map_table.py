"""The figures under the map, rendered here and nowhere else: the map page shows them, and when
a reader picks another year or tier the map script fetches the same parts for the new choice
(`/?part=table`) and moves them into the page, instead of drawing the table again from data in
JavaScript."""

from __future__ import annotations

from html import escape

from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from councils.querysets import AuthorityType
from decisions.selectors import map_rows
from ombudsman.cache import Derived
from ombudsman.years import ReportingYear

from .cells import RATE_COLUMNS, figure_cells, figure_cells_html
from .table_filters import TableFilters, count_text, filter_rows, type_options_html

TIERS = {
    "lower": "District level",
    "upper": "County level",
}

# The parts of the page the table fragment replaces, by element id: the type filter's options
# among them, since each tier draws its own types.
TABLE_PARTS = ("table-caption", "downloads", "council-rows", "average-rows", "table-type")
PARTS = {"page": "the whole page", "table": "the figures under the map alone"}
# Keyed by year, tier and every filter (TableFilters.key): a filtered table is a few rows, but
# the filters multiply the combinations, hence more of them than the years and tiers alone.
_tables = Derived("pages:map-table", size=48)


def council_rows_html(
    councils: list[dict], *, year: ReportingYear, hide_small: bool = False
) -> str:
    """The table's rows, A to Z as the year table holds them, every value escaped. The name and
    type cells carry no data-value: the table sorts them by their text (static/js/sortable.js),
    and the copies were a tenth of the page."""
    page = reverse("council-detail", kwargs={"slug": "SLUG"})
    type_labels = dict(AuthorityType.choices)
    parts = []
    for row in councils:
        name = escape(row["name"])
        kind = escape(str(type_labels[row["authority_type"]]))
        url = escape(f"{page.replace('SLUG', row['slug'])}?year={year.label}")
        parts.append(
            f'<tr data-gss="{escape(row["gss_code"])}">'
            f'<th scope="row"><a href="{url}">{name}</a></th>'
            f"<td>{kind}</td>"
            f"{figure_cells_html(figure_cells(row, hide_small=hide_small))}</tr>"
        )
    return mark_safe("".join(parts))  # every part escaped above


def average_rows_html(averages: list[dict]) -> str:
    """One row per authority type of the tier, with the rates only (the headings'
    columns: a count of investigations pooled over a type means little)."""
    parts = []
    for average in averages:
        cells = "".join(
            f'<td class="num">{escape(cell["text"])}</td>'
            for cell in figure_cells(average, RATE_COLUMNS)
        )
        parts.append(f'<tr><th scope="row">{escape(average["label"])}</th>{cells}</tr>')
    return mark_safe("".join(parts))  # every part escaped above


def map_table(*, year: ReportingYear, tier: str, filters: TableFilters) -> dict:
    """The parts of the figures section for a year, tier and filters, as HTML, kept per data
    version (the 309 rows of the lower tier take ~3 ms to build, the warm page 2 ms in all)."""

    def compute() -> dict:
        table = map_rows(year=year, tier=tier)
        shown = filter_rows(table["councils"], filters, tier)
        count = count_text(
            shown=len(shown),
            total=len(table["councils"]),
            filters=filters,
            tier=tier,
            tier_label=TIERS[tier],
        )
        caption = f"{TIERS[tier]}, {table['year']}, {table['status']} figures: {count}"
        csv_url = f"{reverse('api-statistics')}?year={year.label}&format=csv"
        downloads = format_html(
            '<a id="csv-link" href="{}" download>Download every council\'s figures for '
            '<span id="csv-year">{}</span> (CSV)</a> · <a href="{}">What the figures mean</a>',
            csv_url,
            year.label,
            reverse("about-data"),
        )
        return {
            "caption": mark_safe(escape(caption)),  # escaped
            "downloads": downloads,
            "rows": council_rows_html(shown, year=year, hide_small=filters.hide_small),
            "averages": average_rows_html(table["averages"]),
            "type_options": type_options_html(filters, tier),
        }

    return _tables.get(year.start_year, tier, *filters.key(), compute=compute)


def table_part(year: ReportingYear, tier: str, filters: TableFilters) -> HttpResponse:
    """The figures section's parts alone, each in an element with its id in the page; tables
    around the rows so that an HTML parser keeps them. The map page's view sends it no-cache
    with an ETag from the data version (ombudsman.conditional), as the rest of the page."""
    parts = map_table(year=year, tier=tier, filters=filters)
    body = (
        '<!doctype html><meta charset="utf-8"><title>Figures</title>'
        f'<p id="table-caption">{parts["caption"]}</p>'
        f'<p id="downloads">{parts["downloads"]}</p>'
        f'<table><tbody id="council-rows">{parts["rows"]}</tbody></table>'
        f'<table><tbody id="average-rows">{parts["averages"]}</tbody></table>'
        f'<select id="table-type">{parts["type_options"]}</select>'
    )
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["X-Robots-Tag"] = "noindex"  # a piece of the map page, not a page
    return response
