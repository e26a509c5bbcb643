"""The rankings page: the councils of one type ranked on one headline rate in a year, in England
or one region, with rates on fewer cases than the small-number threshold left out by default
(issue 13, "fair rankings": one-case councils at 100% filled the top of every sorted list)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from councils.querysets import TYPE_PLURAL, AuthorityType
from decisions.charts import COMPARED_LABELS, format_value
from decisions.selectors import default_year, page_years, ranking
from decisions.statistics import SMALL_NUMBER_THRESHOLD, year_table
from decisions.statistics.figures import FIGURE, HEADLINE_RATES, RATES
from decisions.statistics.uncertainty import bound_fields
from ombudsman.conditional import data_conditional

from .params import query_choice, query_year, takes

MEASURES = {key: RATES[key].label for key in HEADLINE_RATES}
TYPES = dict(AuthorityType.choices)
ENGLAND = ""
SMALL_CHOICES = {
    "hide": f"Hide rates on fewer than {SMALL_NUMBER_THRESHOLD} cases",
    "show": f"Rank them too, marked as resting on fewer than {SMALL_NUMBER_THRESHOLD} cases",
}
PARAMETERS = ("year", "measure", "type", "region", "small")


def regions_of(table: dict) -> dict[str, str]:
    """The regions a reader can choose: those of the year's councils, A to Z, after England."""
    names = sorted({row["region"] for row in table["councils"] if row["region"]})
    return {ENGLAND: "All of England", **{name: name for name in names}}


def rank_text(entry: dict) -> str:
    """A rank as a league table prints it: "=3" when others share the place."""
    return f"={entry['rank']}" if entry["tied"] else str(entry["rank"])


def _rows(entries: list[dict], key: str) -> list[dict]:
    figure = RATES[key]
    lower, upper = bound_fields(key)
    return [
        {
            "rank_text": rank_text(entry),
            "tied": entry["tied"],
            "row": entry["row"],
            "value_text": format_value(entry["value"], figure.unit),
            "interval_text": (
                f"{format_value(entry['row'][lower], figure.unit)} to "
                f"{format_value(entry['row'][upper], figure.unit)}"
                if entry["row"].get(lower) is not None
                else ""
            ),
            "base": entry["row"][figure.small_base],
            "small": key in entry["row"]["small_numbers"],
            "compared_text": COMPARED_LABELS.get(entry["row"]["compared"].get(key), ""),
        }
        for entry in entries
    ]


@data_conditional
@takes(*PARAMETERS)
def rankings(request: HttpRequest) -> HttpResponse:
    years = page_years()
    year = query_year(request, allowed=years) or default_year(years)
    key = query_choice(request, "measure", MEASURES, HEADLINE_RATES[0])
    # Unitary councils by default: the largest group whose rates mostly rest on enough cases.
    authority_type = query_choice(request, "type", TYPES, AuthorityType.UNITARY)
    regions = regions_of(year_table(year))
    region = query_choice(request, "region", regions, ENGLAND)
    small = query_choice(request, "small", SMALL_CHOICES, "hide")
    found = ranking(
        year=year,
        authority_type=authority_type,
        stat=key,
        region=region,
        hide_small=small == "hide",
    )
    figure = RATES[key]
    plural = TYPE_PLURAL[authority_type]
    place = region or "England"
    query = {"year": year.label, "measure": key, "type": authority_type, "region": region}
    other_small = "show" if small == "hide" else "hide"
    return render(
        request,
        "statistics/rankings.html",
        {
            "year": year,
            "years": years,
            "measure": key,
            "measures": MEASURES,
            "measure_label": figure.label,
            "base_label": FIGURE[figure.small_base].label,
            "type": authority_type,
            "types": TYPES,
            "type_plural": plural,
            "region": region,
            "regions": regions,
            "small": small,
            "small_choices": SMALL_CHOICES,
            "threshold": SMALL_NUMBER_THRESHOLD,
            "rows": _rows(found["ranked"], key),
            "no_figure": found["no_figure"],
            "small_hidden": found["small_hidden"],
            "small_count": found["small_count"],
            "other_small_url": f"?{urlencode({**query, 'small': other_small})}",
            "caption": f"{plural.capitalize()} in {place}, {year.label}, ranked by "
            f"{figure.label.lower()}, highest first",
            "api_url": f"{reverse('api-statistics')}?"
            + urlencode(
                {"year": year.label, "authority_type": authority_type}
                | ({"region": region} if region else {})
            ),
        },
    )
