"""The map page's choice of a category (service area): the map can colour councils by one
category's upheld rate (decisions.map_categories) instead of the headline figures, while the
table under it stays the headline table."""

from __future__ import annotations

from django.http import HttpRequest

from decisions.map_categories import CATEGORY_STAT
from decisions.service_areas import HEADINGS, heading_for, headings_text

from .params import PageError

ALL_COMPLAINTS = ""
CATEGORIES = {ALL_COMPLAINTS: "All complaints", **{heading: heading for heading in HEADINGS}}


def query_category(request: HttpRequest) -> str:
    """The `category` of the query string, as its heading (another name for one is read as it);
    none for all complaints. An unknown name is a 400 naming the parameter."""
    value = request.GET.get("category", "").strip()
    if not value:
        return ALL_COMPLAINTS
    heading = heading_for(value)
    if heading is None:
        raise PageError(
            400,
            "Unknown category",
            f"category={value!r} is not one of the Ombudsman's categories: {headings_text()}.",
        )
    return heading


def category_stat(stat: str, category: str) -> str:
    """The measure the map shows. Only the upheld rate is counted by category, so with a
    category chosen any other measure is read as the upheld rate (a form sent without a
    script may carry both): the page says so beside the measure, rather than refusing."""
    return CATEGORY_STAT if category else stat


def map_label(stat_label: str, category: str, *, compared: bool) -> str:
    """What the map shows, in the words of the legend and the title: "Upheld rate",
    "Upheld rate, housing", "Upheld rate, housing, compared with similar councils".
    static/js/map-category.js says the same."""
    parts = [stat_label]
    if category:
        parts.append(category.lower())
    if compared:
        parts.append("compared with similar councils")
    return ", ".join(parts) if category else " ".join(parts)
