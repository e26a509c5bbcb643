"""The map page and the data page."""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from councils.querysets import TIER_TYPES, TYPE_PLURAL, AuthorityType
from decisions.charts import (
    DEFAULT_STAT,
    MAP_MODES,
    MAP_STATS,
    NO_DATA_COLOUR,
    compared_config,
    compared_legend,
    map_config,
    map_legend,
)
from decisions.map_categories import CATEGORY_STAT
from decisions.mapdata import boundary_payload
from decisions.selectors import default_year, page_years
from decisions.service_areas import HEADINGS
from decisions.statistics import METHOD
from decisions.statistics.figures import FIGURES, SMALL_NUMBER_THRESHOLD
from ombudsman.conditional import data_conditional

from .cells import RATE_COLUMNS, TABLE_COLUMNS
from .comparisons import worked_example
from .map_category import CATEGORIES, category_stat, map_label, query_category
from .map_table import PARTS, TABLE_PARTS, TIERS, map_table, table_part
from .params import query_choice, query_year, takes
from .table_filters import PARAMETERS as FILTER_PARAMETERS
from .table_filters import (
    REGION_CHOICES,
    SMALL_CHOICES,
    TableFilters,
    applied_type,
    table_filters,
)

DEFAULT_TIER = "lower"
DEFAULT_MODE = "value"
# The id of the one SVG pattern that marks "no figure" (templates/includes/no_data_hatch.html,
# filled with the configured NO_DATA_COLOUR): the map's shapes and the legend's swatches all
# use it.
NO_DATA_PATTERN = "no-data-hatch"
NO_DATA = {"pattern": NO_DATA_PATTERN, "colour": NO_DATA_COLOUR}
# Every parameter the map page reads (its form's fields, and `part` for the table alone): any
# other is a 400 naming it (issue 13).
PARAMETERS = ("year", "stat", "tier", "mode", "category", *FILTER_PARAMETERS, "part")


# Revalidated with an ETag from the data version (ombudsman.conditional), the table fragment
# (`?part=table`) included: the tag covers its query.
@data_conditional
@takes(*PARAMETERS)
def home(request: HttpRequest) -> HttpResponse:
    years = page_years()
    year = query_year(request, allowed=years) or default_year(years)
    category = query_category(request)
    stat = category_stat(query_choice(request, "stat", MAP_STATS, DEFAULT_STAT), category)
    tier = query_choice(request, "tier", TIERS, DEFAULT_TIER)
    mode = query_choice(request, "mode", MAP_MODES, DEFAULT_MODE)
    filters = table_filters(request)
    if query_choice(request, "part", PARTS, "page") == "table":
        return table_part(year, tier, filters)
    query = {"year": year.label, "tier": tier, **({"category": category} if category else {})}
    figures_url = f"{reverse('api-map-figures')}?{urlencode(query)}"
    data = {
        "figures": figures_url,
        "boundaries": boundary_payload(year=year, tier=tier).url,
    }
    leaflet = settings.LEAFLET_CONFIG
    config = {
        # The table's filters as applied: a type the tier does not draw is dropped.
        "state": {
            "year": year.label,
            "stat": stat,
            "tier": tier,
            "mode": mode,
            "category": category,
            "table_type": applied_type(filters, tier),
            "region": filters.region,
            "small": filters.small,
        },
        "modes": list(MAP_MODES),
        "categories": list(HEADINGS),
        # The one measure counted by category: the others are disabled while one is chosen.
        "categoryStat": CATEGORY_STAT,
        "compared": compared_config(),
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
        "threshold": SMALL_NUMBER_THRESHOLD,
        "tiers": list(TIERS),
        "tierTypes": {key: list(types) for key, types in TIER_TYPES.items()},
        "regions": list(REGION_CHOICES),
        "filterDefaults": asdict(TableFilters()),
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
        {"stat": name, "legend": map_legend(name), "none_label": spec.none_text}
        for name, spec in MAP_STATS.items()
    ]
    # The "compared" colouring has one legend for every measure.
    legends.append({"stat": "compared", "legend": compared_legend(), "none_label": "No figure"})
    shown = "compared" if mode == "compared" else stat
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
            "mode": mode,
            "modes": MAP_MODES,
            "shown_legend": shown,
            "stat_label": map_label(MAP_STATS[stat].label, category, compared=mode == "compared"),
            "category": category,
            "categories": CATEGORIES,
            "category_stat": CATEGORY_STAT,
            "threshold": SMALL_NUMBER_THRESHOLD,
            "legends": legends,
            "no_data": NO_DATA,
            "table": map_table(year=year, tier=tier, filters=filters),
            "filters": filters,
            "regions": REGION_CHOICES,
            "small_hide_label": SMALL_CHOICES["hide"],
            "columns": TABLE_COLUMNS,
            "rate_columns": RATE_COLUMNS,
            "data": data,
            "config": config,
        },
    )


# The download links list the years with data.
@data_conditional
@takes()
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
            "definitions": [figure for figure in FIGURES if figure.definition],
            "threshold": SMALL_NUMBER_THRESHOLD,
            "legends": legends,
            "downloads": downloads,
            "no_data": NO_DATA,
            "example": worked_example(default_year(page_years())),
        },
    )
