"""The councils A to Z and the page for each council."""

from __future__ import annotations

import re
import string

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from decisions.charts import boundary_outline, format_value, line_chart, outcome_bars
from decisions.choices import Outcome
from decisions.search import whole_reference
from decisions.selectors import (
    council_decision_categories,
    council_decisions,
    council_letters,
    council_ranks,
    council_reports,
    council_service_improvements,
    default_year,
    type_ranking,
)
from decisions.statistics import council_series
from decisions.statistics.figures import FIGURES, HEADLINE_RATES, RATES, SMALL_NUMBER_THRESHOLD
from decisions.statistics.uncertainty import CLASS_TEXT, bound_fields
from decisions.statistics.warnings import council_warnings, reason_text
from ombudsman.conditional import data_conditional
from ombudsman.years import ReportingYear
from pages.cells import TABLE_COLUMNS, figure_cells, figure_cells_html, figure_text
from pages.comparisons import funnel_context
from pages.params import filter_choice, query_year, takes

from .models import Council
from .querysets import TYPE_PLURAL, AuthorityType
from .search import council_search

POSTCODE_RE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}$", re.IGNORECASE)
SHOW = {"current": "Current councils", "former": "Former councils", "all": "All councils"}
DECISIONS_PER_PAGE = 20
LIST_FIELDS = ("short_name", "slug", "authority_type", "start_date", "end_date")


def _postcode_councils(text: str) -> tuple[list[Council], str | None]:
    """The councils at a postcode this year, and a message when the postcode is unknown."""
    from councils.selectors import councils_at_point, postcode_find

    postcode = postcode_find(postcode=text)
    if postcode is None:
        return [], f"We do not have the postcode {text.upper()} in our directory."
    found = councils_at_point(lat=postcode.lat, lon=postcode.lon, year=ReportingYear.current())
    if not found:
        return [], f"No English council covers {text.upper()}."
    return found, None


@takes("q", "type", "show")
def council_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    if whole_reference(query):  # a decision's reference, typed into a council search box
        return redirect(f"{reverse('decision-search')}?{urlencode({'q': query})}")
    messages = []
    authority_type = filter_choice(
        request,
        "type",
        AuthorityType.values,
        unknown="There is no council type {value!r}; showing every type.",
        messages=messages,
    )
    show = filter_choice(
        request,
        "show",
        SHOW,
        default="current",
        unknown="{value!r} is not a choice; showing current councils.",
        messages=messages,
    )
    councils = Council.objects.only(*LIST_FIELDS).order_by("short_name")
    if authority_type:
        councils = councils.of_type(authority_type)
    if show == "current":
        councils = councils.active_in(ReportingYear.current())
    elif show == "former":
        councils = councils.exclude(end_date=None)
    postcode_matches, postcode_message = [], None
    if query and POSTCODE_RE.match(query):
        postcode_matches, postcode_message = _postcode_councils(query)
    else:
        councils = councils.search(query)
    # Former councils' successors, places and the best match: the same search as the map's box.
    found = council_search(text=query, year=ReportingYear.current()) if query else None
    councils = list(councils)
    groups: dict[str, list[Council]] = {}
    for council in councils:
        first = council.short_name[:1].upper()
        groups.setdefault(first if first in string.ascii_uppercase else "#", []).append(council)
    return render(
        request,
        "councils/council_list.html",
        {
            "query": query,
            "type": authority_type,
            "types": AuthorityType.choices,
            "show": show,
            "shows": SHOW,
            "messages_": messages,
            "groups": sorted(groups.items()),
            "letters": string.ascii_uppercase,
            "count": len(councils),
            "postcode_matches": postcode_matches,
            "postcode_message": postcode_message,
            "is_postcode": bool(query and POSTCODE_RE.match(query)),
            "found": found,
        },
    )


def _charts(series: list[dict]) -> list[dict]:
    labels = [row["year"] for row in series]
    charts = []
    for key in HEADLINE_RATES:
        figure = RATES[key]
        chart = line_chart(
            labels=labels,
            lines={
                "council": [row[key] for row in series],
                "average": [row["average"][key] for row in series],
            },
            percent=figure.percent,
            whiskers=[_ends(row, key) for row in series],
        )
        charts.append({"key": key, "title": figure.label, **chart})
    return charts


def _ends(row: dict, key: str) -> tuple[float, float] | None:
    low, high = (row.get(field) for field in bound_fields(key))
    return None if low is None else (low, high)


def _trend_rows(series: list[dict]) -> list[dict]:
    """The year-by-year table: each column of figures, and after each rate its type's average."""
    rows = []
    for row in series:
        cells = []
        for cell, column in zip(figure_cells(row), TABLE_COLUMNS, strict=True):
            cells.append(cell)
            if column["unit"] is not None:
                (average,) = figure_cells({**row["average"], "small_numbers": []}, [column])
                cells.append(average)
        rows.append({"year": row["year"], "cells": cells})
    return rows


def _decision_filters(request: HttpRequest, categories: list[str]) -> tuple[str, str, list[str]]:
    """The outcome and category filters; an unknown value is dropped with a message."""
    messages = []
    outcome = filter_choice(
        request,
        "outcome",
        Outcome.values,
        unknown="There is no outcome {value!r}; showing every outcome.",
        messages=messages,
    )
    category = filter_choice(
        request,
        "category",
        categories,
        unknown="No public decisions in the category {value!r} this year; showing every category.",
        messages=messages,
    )
    return outcome, category, messages


def _ranking_row_html(entry: dict, slug: str, page_url: str) -> str:
    """One row of the ranking table, built here rather than in the template: a county district's
    page lists up to 164 districts, and the template's variables were half of its time."""
    row = entry["row"]
    rank = "" if entry["rank"] is None else str(entry["rank"])
    name = escape(row["name"])
    if row["slug"] == slug:
        opening, council = '<tr class="is-self">', f"<strong>{name}</strong> (this council)"
    else:
        url = escape(page_url.replace("SLUG", row["slug"]))
        opening, council = "<tr>", f'<a href="{url}">{name}</a>'
    return (
        f'{opening}<td class="num" data-value="{rank}">{rank or "–"}</td>'
        f'<th scope="row" data-value="{name}">{council}</th>'
        f"{figure_cells_html(figure_cells(row))}</tr>"
    )


def _uncertainty(row: dict) -> dict:
    """Each rate's interval as the page prints it, and its class against similar councils."""
    out = {}
    for key, figure in RATES.items():
        low, high = bound_fields(key)
        if row.get(low) is None:
            continue
        compared = row["compared"].get(key)
        out[key] = {
            "lower": format_value(row[low], figure.unit),
            "upper": format_value(row[high], figure.unit),
            "compared": compared,
            "compared_text": CLASS_TEXT.get(compared, ""),
        }
    return out


def _warnings(year: ReportingYear, council: Council) -> list[dict]:
    """The council's early warnings of the year, in words (decisions.statistics.warnings)."""
    return [
        {
            **w,
            "label": RATES[w["measure"]].label,
            "reason_texts": [reason_text(code, w["direction"]) for code in w["reasons"]],
        }
        for w in council_warnings(year, council.gss_code)
    ]


def _funnel(year: ReportingYear, council: Council) -> dict:
    """The upheld-rate funnel plot of the council's type, the council drawn larger."""
    context = funnel_context(
        year=year,
        key=HEADLINE_RATES[0],
        authority_type=council.authority_type,
        highlight=council.gss_code,
    )
    return {
        "funnel_plot": {
            **context,
            "caption_id": "funnel-caption",
            "table_id": "funnel-outside",
            "url": f"{reverse('funnels')}?year={year.label}&type={council.authority_type}",
        }
    }


def _revised_figures(row: dict) -> list[dict]:
    """Every figure of a published year that a correction changed since: its published and its
    current value, as the page prints them (the outcome counts included)."""
    revision = row.get("revision")
    if not revision:
        return []

    changed = [
        {
            "key": figure.key,
            "label": figure.label,
            "published": figure_text(row[figure.key], figure.unit),
            "now": figure_text(revision[figure.key], figure.unit),
        }
        for figure in FIGURES
        if row.get(figure.key) != revision.get(figure.key)
    ]
    now = revision.get("outcomes") or {}
    changed += [
        {
            "key": f"outcomes.{code}",
            "label": f"Decisions: {label.lower()}",
            "published": f"{row['outcomes'].get(code, 0):,}",
            "now": f"{now[code]:,}",
        }
        for code, label in Outcome.choices
        if code in now and now[code] != row["outcomes"].get(code, 0)
    ]
    return changed


# Revalidated with an ETag from the data version (ombudsman.conditional): a 304 costs the
# version read instead of the page's dozen queries. The list is not: it shows no figures, and
# its postcode search reads the postcode directory, which the data version does not follow.
@data_conditional
@takes("year", "outcome", "category", "page")
def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # The boundaries are large: only this council's is loaded, the detailed one (the map's is
    # simplified for a whole-England view; the outline simplifies to its own scale).
    related = Council.objects.only(*LIST_FIELDS, "name")
    council = get_object_or_404(
        Council.objects.select_related("county")
        .defer("boundary", "county__boundary", "county__lookup_boundary")
        .prefetch_related(
            Prefetch("replaced_by", queryset=related), Prefetch("predecessors", queryset=related)
        ),
        slug=slug,
    )
    series = council_series(council)
    years = [ReportingYear.parse(row["year"]) for row in series]
    year = query_year(request, allowed=years) or default_year(years)
    context = {
        "council": council,
        "type_plural": TYPE_PLURAL[council.authority_type],
        "type_label": AuthorityType(council.authority_type).label,
        "series": series,
        "trend_rows": _trend_rows(series),
        "columns": TABLE_COLUMNS,
        "years": list(reversed(years)),
        "year": year,
        "threshold": SMALL_NUMBER_THRESHOLD,
        "boundary": boundary_outline(council.lookup_boundary or council.boundary),
        "reports": council_reports(council=council),
        "letters": council_letters(council=council),
    }
    if year is not None:
        row = next(r for r in series if r["year"] == year.label)
        categories = council_decision_categories(council=council, year=year)
        outcome, category, messages = _decision_filters(request, categories)
        decisions = council_decisions(
            council=council, year=year, outcome=outcome or None, category=category or None
        )
        page = Paginator(decisions, DECISIONS_PER_PAGE).get_page(request.GET.get("page"))
        ranking = type_ranking(
            year=year, authority_type=council.authority_type, stat=HEADLINE_RATES[0]
        )
        page_url = reverse("council-detail", kwargs={"slug": "SLUG"}) + f"?year={year.label}"
        context.update(
            {
                "row": row,
                "average": row["average"],
                "revision": row.get("revision"),
                "revised_figures": _revised_figures(row),
                "uncertainty": _uncertainty(row),
                "charts": _charts(series),
                "outcomes": outcome_bars(
                    counts=row["outcomes"],
                    labels=dict(Outcome.choices),
                    average=row["average"]["outcomes"],
                ),
                "ranks": [
                    {**r, "label": RATES[r["stat"]].label}
                    for r in council_ranks(year=year, council=council)
                ],
                "ranking_size": len(ranking),
                "ranking_html": mark_safe(  # every part escaped in _ranking_row_html
                    "".join(_ranking_row_html(r, slug, page_url) for r in ranking)
                ),
                "page": page,
                "outcome": outcome,
                "outcome_choices": Outcome.choices,
                "category": category,
                "categories": categories,
                "filter_messages": messages,
                "improvements": council_service_improvements(council=council, year=year),
                "warnings": _warnings(year, council),
                **_funnel(year, council),
                "small": set(row["small_numbers"]),
            }
        )
    return render(request, "councils/council_detail.html", context)
