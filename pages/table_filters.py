"""The filters of the table under the map (issue 13, "fair rankings"): an authority type of the
tier, a region, and a switch that hides the rates resting on fewer than SMALL_NUMBER_THRESHOLD
cases, so that sorting a column never puts a one-case council on top. Off by default: the table
is the map's full text equivalent (issue 15), so unfiltered it shows every figure, marked."""

from __future__ import annotations

from dataclasses import dataclass, fields
from html import escape

from django.http import HttpRequest
from django.utils.safestring import mark_safe

from councils.querysets import REGIONS, TIER_TYPES, TYPE_PLURAL, AuthorityType
from decisions.statistics.figures import SMALL_NUMBER_THRESHOLD

from .params import query_choice

ALL = ""
TYPES = {ALL: "All types", **{key: str(label) for key, label in AuthorityType.choices}}
REGION_CHOICES = {ALL: "All of England", **{name: name for name in REGIONS}}
SMALL_CHOICES = {
    "show": "Show every rate, marked when on few cases",
    "hide": f"Hide rates on fewer than {SMALL_NUMBER_THRESHOLD} cases",
}
SMALL_DEFAULT = "show"


@dataclass(frozen=True)
class TableFilters:
    """What the reader asked for. `table_type` may be a type of the other tier (a form sent
    without a script after the tier changed): the table then shows every type, and says why."""

    table_type: str = ALL
    region: str = ALL
    small: str = SMALL_DEFAULT

    @property
    def hide_small(self) -> bool:
        return self.small == "hide"

    def key(self) -> tuple[str, str, str]:
        """The parts of a cache key: every value the rendering reads (see pages/map_table.py)."""
        return (self.table_type, self.region, self.small)


# The query parameters that carry them.
PARAMETERS = tuple(field.name for field in fields(TableFilters))


def table_filters(request: HttpRequest) -> TableFilters:
    """The filters of the query string; an unknown value is a 400 naming its parameter."""
    return TableFilters(
        table_type=query_choice(request, "table_type", TYPES, ALL),
        region=query_choice(request, "region", REGION_CHOICES, ALL),
        small=query_choice(request, "small", SMALL_CHOICES, SMALL_DEFAULT),
    )


def applied_type(filters: TableFilters, tier: str) -> str:
    """The type the table filters by: none when the asked-for type is not drawn at this tier."""
    return filters.table_type if filters.table_type in TIER_TYPES[tier] else ALL


def filter_rows(councils: list[dict], filters: TableFilters, tier: str) -> list[dict]:
    kind = applied_type(filters, tier)
    return [
        row
        for row in councils
        if (not kind or row["authority_type"] == kind)
        and (not filters.region or row["region"] == filters.region)
    ]


def count_text(*, shown: int, total: int, filters: TableFilters, tier: str, tier_label: str) -> str:
    """The caption's count: "4 councils.", or "2 of 4 councils shown: ..." when filtered."""
    kind = applied_type(filters, tier)
    if not kind and not filters.region:
        text = f"{total} council{'' if total == 1 else 's'}."
    else:
        what = TYPE_PLURAL[kind] if kind else "councils of every type"
        text = f"{shown} of {total} councils shown: {what} in {filters.region or 'England'}."
    if filters.table_type != kind:
        plural = TYPE_PLURAL[filters.table_type]
        text += f" No {plural} are drawn at {tier_label.lower()}, so every type is shown."
    if filters.hide_small:
        text += f" Rates on fewer than {SMALL_NUMBER_THRESHOLD} cases are not shown."
    return text


def type_options_html(filters: TableFilters, tier: str) -> str:
    """The type filter's options: every type drawn at the tier. The map script moves the server's
    options for a new tier into the page (pages/map_table.py TABLE_PARTS)."""
    chosen = applied_type(filters, tier)
    keys = (ALL, *TIER_TYPES[tier])
    return mark_safe(  # every part escaped
        "".join(
            f'<option value="{escape(key)}"{" selected" if key == chosen else ""}>'
            f"{escape(TYPES[key])}</option>"
            for key in keys
        )
    )
