"""The map's figures for one category (service area): each council's upheld rate in that
category, in the same document as the headline figures (`mapdata.map_figures`), so that the map
script draws either with the same code.

Only the upheld rate is counted by category (decisions.statistics.service_areas): the other
rates of a council, and the counts behind them, are null here. Each council's rate is classed
against its type's pooled rate in the same category, as the service-areas API classes it. The
counts come from one grouped query per year for every council
(`year_council_category_counts`) and one for the types (`year_category_counts`), both kept per
data version; each document is encoded once per data version, year, tier and category.
"""

from __future__ import annotations

import gzip

from councils.querysets import TIER_TYPES
from ombudsman.cache import Derived
from ombudsman.years import ReportingYear

from .mapdata import (
    AVERAGE_FIELDS,
    FEATURE_FIELDS,
    FiguresPayload,
    _council_page,
    _encode,
    _tier_rows,
    boundary_payload,
    council_properties,
)
from .service_areas import HEADINGS
from .statistics import year_table
from .statistics.service_areas import (
    category_counts,
    category_figures,
    compared_with,
    year_category_counts,
    year_council_category_counts,
)
from .statistics.uncertainty import bound_fields

# The one measure counted by category.
CATEGORY_STAT = "upheld_rate"
_payloads = Derived("map:category-figures", size=32, shared=True)


def _category_row(row: dict, counts: dict, similar: dict) -> dict:
    """A year table row with the category's figures in place of the headline ones, and nothing
    for the rates not counted by category: what `council_properties` reads."""
    figures = category_figures(counts)
    blank = dict.fromkeys(FEATURE_FIELDS)
    bounds = {field: None for key in AVERAGE_FIELDS for field in bound_fields(key)}
    own = {field: figures[field] for field in (*blank, *bounds) if field in figures}
    return {
        "name": row["name"],
        "authority_type": row["authority_type"],
        "slug": row["slug"],
        **blank,
        **bounds,
        **own,
        "small_numbers": figures["small_numbers"],
        "compared": {
            **dict.fromkeys(AVERAGE_FIELDS),
            CATEGORY_STAT: compared_with(counts, similar),
        },
        # Counted live from the decisions: nothing here is a published figure to revise.
        "revision": None,
    }


def category_map_figures(*, year: ReportingYear, tier: str, category: str) -> dict:
    """`mapdata.map_figures` for one category: the same keys, the category named."""
    table = year_table(year)
    by_council = year_council_category_counts(year)
    by_type = year_category_counts(year)
    page = _council_page()
    empty = category_counts({})

    def similar(kind: str) -> dict:
        return by_type.get(kind, {}).get(category) or empty

    councils = {}
    for row in _tier_rows(table, tier):
        counts = by_council.get(row["gss_code"], {}).get(category) or empty
        councils[row["gss_code"]] = council_properties(
            _category_row(row, counts, similar(row["authority_type"])), page
        )
    averages = {}
    for kind in TIER_TYPES[tier]:
        pooled = category_figures(similar(kind))
        averages[str(kind)] = {
            "label": table["averages"][kind]["label"],
            **dict.fromkeys(AVERAGE_FIELDS),
            CATEGORY_STAT: pooled[CATEGORY_STAT],
        }
    return {
        "year": table["year"],
        "tier": tier,
        # Counted live: publishing a year freezes its headline figures, not these.
        "status": "provisional",
        "category": category,
        "boundaries": boundary_payload(year=year, tier=tier).url,
        "averages": averages,
        "councils": councils,
    }


def category_figures_payload(*, year: ReportingYear, tier: str, category: str) -> FiguresPayload:
    def compute() -> FiguresPayload:
        body = _encode(category_map_figures(year=year, tier=tier, category=category))
        return FiguresPayload(body=body, gzipped=gzip.compress(body, compresslevel=9, mtime=0))

    # By the heading's place in the list: a name has spaces and apostrophes, a key should not.
    return _payloads.get(year.start_year, tier, HEADINGS.index(category), compute=compute)
