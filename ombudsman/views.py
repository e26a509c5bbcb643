"""The map page, the data page, and the error handling every page view shares."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from html import escape
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.views.decorators.http import condition

from councils.querysets import AuthorityType
from decisions.charts import (
    DEFAULT_STAT,
    MAP_STATS,
    NO_DATA_COLOUR,
    format_value,
    map_config,
    map_legend,
)
from decisions.mapdata import boundary_payload
from decisions.selectors import default_year, map_rows, page_years
from decisions.statistics import METHOD, SMALL_NUMBER_THRESHOLD
from ombudsman.conditional import data_conditional
from ombudsman.dataversion import data_version
from ombudsman.memo import Memo
from ombudsman.years import ReportingYear, YearFormatError

TYPE_PLURAL = {
    AuthorityType.COUNTY: "county councils",
    AuthorityType.DISTRICT: "district councils",
    AuthorityType.METROPOLITAN_BOROUGH: "metropolitan boroughs",
    AuthorityType.UNITARY: "unitary councils",
    AuthorityType.LONDON_BOROUGH: "London boroughs",
}
TIERS = {
    "lower": "District level",
    "upper": "County level",
}
DEFAULT_TIER = "lower"
# The columns of the table under the map (the averages table has the rates alone).
TABLE_COLUMNS = [
    {"key": "investigations", "label": "Investigations", "unit": None},
    {"key": "upheld_rate", "label": "Upheld rate", "unit": "%"},
    {"key": "satisfactory_remedy_rate", "label": "Satisfactory remedy rate", "unit": "%"},
    {"key": "compliance_rate", "label": "Compliance rate", "unit": "%"},
    {"key": "upheld_per_100k", "label": "Upheld per 100,000 residents", "unit": ""},
]
RATE_COLUMNS = TABLE_COLUMNS[1:]
# The id of the one SVG pattern that marks "no figure" (defined in templates/home.html, filled
# with the configured NO_DATA_COLOUR): the map's shapes and the legend's swatches all use it.
NO_DATA_PATTERN = "no-data-hatch"
NO_DATA = {"pattern": NO_DATA_PATTERN, "colour": NO_DATA_COLOUR}


class PageError(Exception):
    """A request a page cannot answer: shown as an error page with this status and message."""

    def __init__(self, status: int, title: str, message: str, links: list | None = None):
        super().__init__(message)
        self.status = status
        self.title = title
        self.message = message
        self.links = links or []


def page_errors(view: Callable) -> Callable:
    """Turn a PageError raised by the view into its error page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PageError as error:
            return render(
                request,
                "errors/error.html",
                {"title": error.title, "message": error.message, "links": error.links},
                status=error.status,
            )

    return wrapper


def query_year(request: HttpRequest, *, allowed: list[ReportingYear]) -> ReportingYear | None:
    """The `year` of the query string, None when absent. A malformed label is a 400 and a year
    outside `allowed` a 404, each naming what would work."""
    label = request.GET.get("year", "").strip()
    if not label:
        return None
    try:
        year = ReportingYear.parse(label)
    except YearFormatError as error:
        raise PageError(400, "That is not a reporting year", str(error)) from None
    if year not in allowed:
        choices = ", ".join(y.label for y in sorted(allowed))
        raise PageError(
            404,
            "No figures for that year",
            f"There are no figures for {year.label}. Years with figures: {choices}.",
        )
    return year


def query_choice(request: HttpRequest, name: str, choices: dict, default: str) -> str:
    value = request.GET.get(name, "").strip() or default
    if value not in choices:
        raise PageError(
            400,
            f"Unknown {name}",
            f"{name}={value!r} is not one of: {', '.join(choices)}.",
        )
    return value


def figure_cells_html(cells: list[dict]) -> str:
    """The cells as HTML: built here rather than in a template loop (or format_html), because the
    map and ranking tables have up to 309 rows of them, and rendering them was most of those
    pages' time. Every value is escaped."""
    parts = []
    for cell in cells:
        value = "" if cell["value"] is None else escape(str(cell["value"]))
        flag = SMALL_FLAG if cell["small"] else ""
        parts.append(f'<td class="num" data-value="{value}">{escape(cell["text"])}{flag}</td>')
    return mark_safe("".join(parts))  # every part escaped above


SMALL_FLAG = '<span class="small-flag">*</span>'


def figure_cells(row: dict, columns: list[dict] = TABLE_COLUMNS) -> list[dict]:
    """The table cells of one row, formatted as every table of figures formats them."""
    cells = []
    for column in columns:
        value = row[column["key"]]
        text = f"{value:,}" if column["unit"] is None else format_value(value, column["unit"])
        small = column["key"] in row.get("small_numbers", [])
        cells.append({"key": column["key"], "value": value, "text": text, "small": small})
    return cells


# --- The figures under the map ---------------------------------------------------------------
#
# Rendered here and nowhere else: the page shows them, and when a reader picks another year or
# tier the map script fetches the same parts for the new choice (`?part=table`) and moves them
# into the page, instead of drawing the table again from data in JavaScript.

# The parts of the page the table fragment replaces, by element id.
TABLE_PARTS = ("table-caption", "downloads", "council-rows", "average-rows")
# Part of the fragment's ETag, which comes from the data version: bump it with any change to the
# markup below, which a deploy makes without changing the data.
TABLE_FORMAT = 1
PARTS = {"page": "the whole page", "table": "the figures under the map alone"}
_tables = Memo(size=16)


def council_rows_html(councils: list[dict], *, year: ReportingYear) -> str:
    """The table's rows, A to Z as the year table holds them, every value escaped."""
    page = reverse("council-detail", kwargs={"slug": "SLUG"})
    type_labels = dict(AuthorityType.choices)
    parts = []
    for row in councils:
        name = escape(row["name"])
        kind = escape(str(type_labels[row["authority_type"]]))
        url = escape(f"{page.replace('SLUG', row['slug'])}?year={year.label}")
        parts.append(
            f'<tr data-gss="{escape(row["gss_code"])}">'
            f'<th scope="row" data-value="{name}"><a href="{url}">{name}</a></th>'
            f'<td data-value="{kind}">{kind}</td>{figure_cells_html(figure_cells(row))}</tr>'
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


def map_table(*, year: ReportingYear, tier: str) -> dict:
    """The parts of the figures section for a year and tier, as HTML, kept per data version (the
    309 rows of the lower tier take ~3 ms to build, the warm page 2 ms in all)."""

    def compute() -> dict:
        table = map_rows(year=year, tier=tier)
        count = len(table["councils"])
        caption = (
            f"{TIERS[tier]}, {table['year']}, {table['status']} figures: "
            f"{count} council{'' if count == 1 else 's'}."
        )
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
            "rows": council_rows_html(table["councils"], year=year),
            "averages": average_rows_html(table["averages"]),
        }

    key = f"home:table:{data_version()}:{year.start_year}:{tier}"
    return _tables.get_or_compute(key, compute)


def table_part(request: HttpRequest, *, year: ReportingYear, tier: str) -> HttpResponse:
    """The figures section's parts alone, each in an element with its id in the page; tables
    around the rows so that an HTML parser keeps them. No-cache with an ETag from the data
    version, as the map's figures: a revalidation is a 304 that builds nothing."""
    source = f"{TABLE_FORMAT}:{data_version()}:{year.start_year}:{tier}"
    etag = hashlib.sha256(source.encode()).hexdigest()[:20]

    @condition(etag_func=lambda _request: etag)
    def respond(_request: HttpRequest) -> HttpResponse:
        parts = map_table(year=year, tier=tier)
        body = (
            '<!doctype html><meta charset="utf-8"><title>Figures</title>'
            f'<p id="table-caption">{parts["caption"]}</p>'
            f'<p id="downloads">{parts["downloads"]}</p>'
            f'<table><tbody id="council-rows">{parts["rows"]}</tbody></table>'
            f'<table><tbody id="average-rows">{parts["averages"]}</tbody></table>'
        )
        response = HttpResponse(body, content_type="text/html; charset=utf-8")
        response["X-Robots-Tag"] = "noindex"  # a piece of the map page, not a page
        return response

    response = respond(request)
    patch_cache_control(response, no_cache=True)
    return response


# Revalidated with an ETag from the data version (ombudsman.conditional), the table fragment
# (`?part=table`) included: the tag covers its query, and replaces the fragment's own.
@data_conditional
@page_errors
def home(request: HttpRequest) -> HttpResponse:
    years = page_years()
    year = query_year(request, allowed=years) or default_year(years)
    stat = query_choice(request, "stat", MAP_STATS, DEFAULT_STAT)
    tier = query_choice(request, "tier", TIERS, DEFAULT_TIER)
    if query_choice(request, "part", PARTS, "page") == "table":
        return table_part(request, year=year, tier=tier)
    figures_url = f"{reverse('api-map-figures')}?{urlencode({'year': year.label, 'tier': tier})}"
    data = {
        "figures": figures_url,
        "boundaries": boundary_payload(year=year, tier=tier).url,
    }
    leaflet = settings.LEAFLET_CONFIG
    config = {
        "state": {"year": year.label, "stat": stat, "tier": tier},
        "years": [y.label for y in years],
        # The data the page starts with; the figures name the boundary file of later choices.
        "data": data,
        "urls": {
            "figures": reverse("api-map-figures"),
            "page": reverse("home"),
            "councils": reverse("council-index"),
            # The router's names clash with the pages' (both say council-list): the API's
            # paths are a published contract, so spell this one out.
            "councilsApi": "/api/councils/",
            "lookup": reverse("api-lookup"),
        },
        "tableParts": TABLE_PARTS,
        "noData": NO_DATA_PATTERN,
        "stats": map_config(),
        "tiers": list(TIERS),
        "types": {k: str(v) for k, v in AuthorityType.choices},
        "typePlural": {str(k): v for k, v in TYPE_PLURAL.items()},
        "leaflet": {
            "center": leaflet["DEFAULT_CENTER"],
            "zoom": leaflet["DEFAULT_ZOOM"],
            "minZoom": leaflet["MIN_ZOOM"],
            "maxZoom": leaflet["MAX_ZOOM"],
            "extent": leaflet["SPATIAL_EXTENT"],
            "tiles": [{"url": url, "options": opts} for _, url, opts in leaflet["TILES"]],
            "attributionPrefix": leaflet["ATTRIBUTION_PREFIX"],
        },
    }
    legends = [
        {"stat": name, "legend": map_legend(name), "none_label": spec.none_label}
        for name, spec in MAP_STATS.items()
    ]
    return render(
        request,
        "home.html",
        {
            "year": year,
            "years": years,
            "stat": stat,
            "stats": MAP_STATS,
            "tier": tier,
            "tiers": TIERS,
            "stat_label": MAP_STATS[stat].label,
            "threshold": SMALL_NUMBER_THRESHOLD,
            "legends": legends,
            "no_data": NO_DATA,
            "table": map_table(year=year, tier=tier),
            "columns": TABLE_COLUMNS,
            "rate_columns": RATE_COLUMNS,
            "data": data,
            "config": config,
        },
    )


# The download links list the years with data.
@data_conditional
def about_data(request: HttpRequest) -> HttpResponse:
    legends = [
        {"name": name, "spec": spec, "legend": map_legend(name)} for name, spec in MAP_STATS.items()
    ]
    downloads = [
        {
            "year": year.label,
            "csv": f"{reverse('api-statistics')}?year={year.label}&format=csv",
            "json": f"{reverse('api-statistics')}?year={year.label}",
            "map": f"{reverse('api-map')}?year={year.label}",
        }
        for year in page_years()
    ]
    return render(
        request,
        "about_data.html",
        {
            "method": METHOD,
            "threshold": SMALL_NUMBER_THRESHOLD,
            "legends": legends,
            "downloads": downloads,
            "no_data": NO_DATA,
        },
    )
