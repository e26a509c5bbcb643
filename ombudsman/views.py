"""The map page, the data page, and the error handling every page view shares."""

from __future__ import annotations

import functools
from collections.abc import Callable
from html import escape

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from councils.querysets import TIER_TYPES, AuthorityType
from decisions.charts import DEFAULT_STAT, MAP_STATS, format_value, map_config, map_legend
from decisions.selectors import default_year, map_rows, page_years
from decisions.statistics import METHOD, SMALL_NUMBER_THRESHOLD
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
# The columns of the table under the map, shared with the map script so both draw the same.
TABLE_COLUMNS = [
    {"key": "investigations", "label": "Investigations", "unit": None},
    {"key": "upheld_rate", "label": "Upheld rate", "unit": "%"},
    {"key": "satisfactory_remedy_rate", "label": "Satisfactory remedy rate", "unit": "%"},
    {"key": "compliance_rate", "label": "Compliance rate", "unit": "%"},
    {"key": "upheld_per_100k", "label": "Upheld per 100,000 residents", "unit": ""},
]


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


def figure_cells(row: dict) -> list[dict]:
    """The table cells of one row, formatted as the map script formats them."""
    cells = []
    for column in TABLE_COLUMNS:
        value = row[column["key"]]
        text = f"{value:,}" if column["unit"] is None else format_value(value, column["unit"])
        small = column["key"] in row.get("small_numbers", [])
        cells.append({"key": column["key"], "value": value, "text": text, "small": small})
    return cells


@page_errors
def home(request: HttpRequest) -> HttpResponse:
    years = page_years()
    year = query_year(request, allowed=years) or default_year(years)
    stat = query_choice(request, "stat", MAP_STATS, DEFAULT_STAT)
    tier = query_choice(request, "tier", TIERS, DEFAULT_TIER)
    table = map_rows(year=year, tier=tier)
    type_labels = dict(AuthorityType.choices)
    rows = [
        {
            "gss_code": row["gss_code"],
            "name": row["name"],
            "url": f"{reverse('council-detail', kwargs={'slug': row['slug']})}?year={year.label}",
            "type": type_labels[row["authority_type"]],
            "cells_html": figure_cells_html(figure_cells(row)),
        }
        for row in table["councils"]
    ]
    averages = [
        {"label": average["label"], "cells": figure_cells(average)} for average in table["averages"]
    ]
    leaflet = settings.LEAFLET_CONFIG
    config = {
        "state": {"year": year.label, "stat": stat, "tier": tier},
        "years": [y.label for y in years],
        "urls": {
            "map": reverse("api-map"),
            "councils": reverse("council-index"),
            # The router's names clash with the pages' (both say council-list): the API's
            # paths are a published contract, so spell this one out.
            "councilsApi": "/api/councils/",
            "lookup": reverse("api-lookup"),
            "statistics": reverse("api-statistics"),
        },
        "stats": map_config(),
        "tiers": TIERS,
        "types": {k: str(v) for k, v in AuthorityType.choices},
        "typePlural": {str(k): v for k, v in TYPE_PLURAL.items()},
        "tierTypes": {k: [str(t) for t in v] for k, v in TIER_TYPES.items()},
        "columns": TABLE_COLUMNS,
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
            "tier_label": TIERS[tier],
            "threshold": SMALL_NUMBER_THRESHOLD,
            "rate_columns": TABLE_COLUMNS[1:],
            "legend": map_legend(stat),
            "none": MAP_STATS[stat],
            "table": table,
            "rows": rows,
            "averages": averages,
            "columns": TABLE_COLUMNS,
            "config": config,
            "csv_url": f"{reverse('api-statistics')}?year={year.label}&format=csv",
        },
    )


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
        },
    )
