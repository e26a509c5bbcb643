"""The compare page (`/compare/?councils=hertsmere,watford`): two to six councils, each figure
and each year side by side with each council's type average, the headline rates charted on one
pair of axes, ready-made groups (neighbours, the type in the region, the county), and the same
comparison as CSV and JSON at /api/compare/.

The query string is the whole state (a GET form that works without JavaScript): `councils`
lists the chosen councils by page name or GSS code, and `add` is a name typed into the form's
box. A name that finds one council sends the reader to the comparison with it added; one that
finds several lists them to choose from; one that finds none says so. Until two councils are
chosen, or while `add` is in the query string but empty (the form as a council page's link
opens it, `?councils=hertsmere&add=`), the page is the form. Anything it cannot answer (an
unknown council, fewer than two or more than six, a parameter it does not take) is a 400 page
naming the parameter.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from councils.groups import COMPARE_MAX, COMPARE_MIN, FIELDS, council_groups
from councils.models import Council
from councils.querysets import TYPE_PLURAL, AuthorityType
from decisions.compare_chart import average_styles, council_styles, overlaid_chart
from decisions.comparison import (
    ComparisonError,
    comparison_build,
    councils_check_count,
    councils_named,
)
from decisions.statistics import years_with_data
from decisions.statistics.figures import FIGURE, HEADLINE_RATES, RATES, SMALL_NUMBER_THRESHOLD
from ombudsman.conditional import data_conditional
from ombudsman.years import ReportingYear

from .cells import figure_text
from .params import PageError, takes

PARAMETERS = ("councils", "add")
# The counts shown beside the rates: what the rates rest on. A count averaged over a type means
# little (pages.cells.TABLE_COLUMNS), so these tables have no average columns.
COUNTS = ("complaints_received", "decisions", "investigations", "upheld")
CANDIDATES_SHOWN = 30


def compare_url(councils: list[Council]) -> str:
    """The comparison's address; slugs hold no commas, so the list reads as typed."""
    return f"{reverse('compare')}?councils={','.join(c.slug for c in councils)}"


def _bad_request(error: ComparisonError) -> PageError:
    return PageError(
        400,
        f"The {error.parameter} parameter cannot be answered",
        f"{error.parameter}: {error.message}",
    )


def _matches(text: str, chosen: list[Council]) -> list[Council]:
    """The councils a typed name finds, the chosen ones left out: an exact name, page name or
    code if one matches, else every council whose names contain it."""
    councils = Council.objects.only(*FIELDS).exclude(pk__in=[c.pk for c in chosen])
    exact = Q(short_name__iexact=text) | Q(name__iexact=text) | Q(slug__iexact=text)
    found = list(councils.filter(exact | Q(gss_code__iexact=text)))
    return found or list(councils.search(text).order_by("short_name")[: CANDIDATES_SHOWN + 1])


def _groups_year(council: Council, years: list[str]) -> ReportingYear:
    """The year whose councils make up the groups: the latest compared year in which the
    council existed, else the current year."""
    for label in reversed(years):
        year = ReportingYear.parse(label)
        if council.exists_in(year):
            return year
    return ReportingYear.current()


def _groups(council: Council, years: list[str]) -> list[dict]:
    return [
        {"group": group, "url": compare_url(group.councils)}
        for group in council_groups(council=council, year=_groups_year(council, years))
    ]


@data_conditional
@takes(*PARAMETERS)
def compare(request: HttpRequest) -> HttpResponse:
    for name, values in request.GET.lists():
        if name in PARAMETERS and len(values) > 1:
            raise _bad_request(ComparisonError(name, "given more than once; give it once."))
    raw = request.GET.get("councils")
    # Only what can be typed: a control character (a NUL) would reach the database.
    add = "".join(ch for ch in request.GET.get("add", "") if ch.isprintable()).strip()[:100]
    try:
        # An empty list is refused, except from the form (`add` present) before any is chosen.
        given = raw is not None and (raw.strip() or "add" not in request.GET)
        chosen = councils_named(raw) if given else []
        if add:
            return _add(request, chosen, add)
        if raw is None or "add" in request.GET:
            # The form, as a council page's link opens it (`add` empty: nothing typed yet).
            if len(chosen) > COMPARE_MAX:
                councils_check_count(chosen)
            return _chooser(request, chosen=chosen)
        councils_check_count(chosen)
    except ComparisonError as error:
        raise _bad_request(error) from None
    return _comparison(request, chosen)


def _add(request: HttpRequest, chosen: list[Council], text: str) -> HttpResponse:
    if len(chosen) >= COMPARE_MAX:
        raise ComparisonError("add", f"the comparison has {COMPARE_MAX} councils already.")
    found = _matches(text, chosen)
    if len(found) == 1:
        chosen = [*chosen, found[0]]
        if len(chosen) >= COMPARE_MIN:
            return redirect(compare_url(chosen))
        return _chooser(request, chosen=chosen)
    already = [c for c in chosen if text.lower() in (c.short_name.lower(), c.slug, c.name.lower())]
    if not found and already:
        message = f"{already[0].short_name} is in the comparison already."
    elif not found:
        message = f"No council's name contains {text!r}. Try part of its name, or its GSS code."
    else:
        message = f"Several councils match {text!r}: choose one."
    return _chooser(
        request,
        chosen=chosen,
        add=text,
        message=message,
        candidates=[
            {"council": c, "url": compare_url([*chosen, c])} for c in found[:CANDIDATES_SHOWN]
        ],
        more=len(found) > CANDIDATES_SHOWN,
    )


def _chooser(request: HttpRequest, *, chosen: list[Council], **extra) -> HttpResponse:
    """The form alone: fewer than two councils chosen, or a name to choose among."""
    context = {
        "chosen": chosen,
        "chosen_slugs": ",".join(c.slug for c in chosen),
        "can_add": len(chosen) < COMPARE_MAX,
        "max": COMPARE_MAX,
        "min": COMPARE_MIN,
        "groups": _groups(chosen[0], [y.label for y in years_with_data()]) if chosen else [],
        "first": chosen[0] if chosen else None,
        **extra,
    }
    return render(request, "compare/compare.html", context)


def _cell(row: dict | None, key: str) -> dict:
    if row is None:
        return {"text": "–", "small": False, "absent": True}
    unit = FIGURE[key].unit
    return {
        "text": figure_text(row.get(key), unit),
        "small": key in row.get("small_numbers", []),
        "absent": False,
    }


def _table(key: str, data: dict, with_averages: bool) -> dict:
    rows = []
    for label in data["years"]:
        cells = [_cell(entry["rows"].get(label), key) for entry in data["councils"]]
        if with_averages:
            cells += [
                {**_cell(data["averages"][t][label], key), "small": False} for t in data["types"]
            ]
        rows.append({"year": label, "cells": cells})
    return {"key": key, "label": FIGURE[key].label, "rows": rows, "averages": with_averages}


def _comparison(request: HttpRequest, councils: list[Council]) -> HttpResponse:
    data = comparison_build(councils=councils)
    styles = council_styles(len(councils))
    dashes = average_styles(data["types"])
    average_names = {t: f"Average, {TYPE_PLURAL[t]}" for t in data["types"]}
    listed = []
    for index, (council, style) in enumerate(zip(councils, styles, strict=True)):
        rest = councils[:index] + councils[index + 1 :]
        listed.append(
            {
                "council": council,
                "type_label": AuthorityType(council.authority_type).label,
                "average_name": average_names[council.authority_type],
                "remove_url": compare_url(rest) if len(rest) >= COMPARE_MIN else None,
                **style,
            }
        )
    averages = [{"type": t, "name": average_names[t], **dashes[t]} for t in data["types"]]
    charts = []
    for key in HEADLINE_RATES:
        figure = RATES[key]
        chart = overlaid_chart(
            labels=data["years"],
            councils=[
                {
                    "name": c["council"].short_name,
                    "colour": c["colour"],
                    "marker": c["marker"],
                    "values": [(e["rows"].get(label) or {}).get(key) for label in data["years"]],
                }
                for c, e in zip(listed, data["councils"], strict=True)
            ],
            averages=[
                {**a, "values": [data["averages"][a["type"]][y][key] for y in data["years"]]}
                for a in averages
            ],
            percent=figure.percent,
        )
        charts.append({"key": key, "title": figure.label, **chart})
    api_url = f"{reverse('api-compare')}?councils={','.join(c.gss_code for c in councils)}"
    return render(
        request,
        "compare/compare.html",
        {
            "councils": listed,
            "chosen": councils,
            "chosen_slugs": ",".join(c.slug for c in councils),
            "can_add": len(councils) < COMPARE_MAX,
            "max": COMPARE_MAX,
            "min": COMPARE_MIN,
            "averages": averages,
            "years": data["years"],
            "charts": charts,
            "rate_tables": [_table(key, data, True) for key in RATES],
            "count_tables": [_table(key, data, False) for key in COUNTS],
            "threshold": SMALL_NUMBER_THRESHOLD,
            "groups": _groups(councils[0], data["years"]),
            "first": councils[0],
            "csv_url": f"{api_url}&format=csv",
            "api_url": api_url,
        },
    )
