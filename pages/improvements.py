"""The national list of service improvements (`/service-improvements/`): every change a council
agreed to make for everyone, filtered by year, category, kind and compliance (issue 13: they
could only be listed per council and year). The query string is the whole state, so a list can
be shared by its address; anything the page does not take is a 400 naming it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from decisions.choices import SERVICE_IMPROVEMENT_KINDS, ComplianceStatus, RecommendationKind
from decisions.improvement_selectors import service_improvements_find
from decisions.selectors import page_years
from decisions.service_areas import HEADINGS
from ombudsman.counts import CountedPaginator

from .params import PageError, query_choice, query_year, takes

PER_PAGE = 50
PARAMETERS = ("year", "category", "kind", "status", "page")
ALL = ""
KINDS = {ALL: "Any kind", **{k: RecommendationKind(k).label for k in SERVICE_IMPROVEMENT_KINDS}}
STATUSES = {ALL: "Any", **dict(ComplianceStatus.choices)}
CATEGORIES = {ALL: "Any category", **{name: name for name in HEADINGS}}  # the controlled list


def _page_number(request: HttpRequest) -> int:
    text = request.GET.get("page", "").strip() or "1"
    if not (text.isdecimal() and text.isascii()) or int(text) < 1:
        raise PageError(400, "Unknown page", f"page={text!r} is not a page number (1, 2, ...).")
    return int(text)


@takes(*PARAMETERS)
def service_improvements(request: HttpRequest) -> HttpResponse:
    years = page_years()
    year = query_year(request, allowed=years)  # none: every year
    category = query_choice(request, "category", CATEGORIES, ALL)
    kind = query_choice(request, "kind", KINDS, ALL)
    status = query_choice(request, "status", STATUSES, ALL)
    found = service_improvements_find(year=year, category=category, kind=kind, status=status)
    paginator = CountedPaginator(found, PER_PAGE)
    number = _page_number(request)
    if number > paginator.num_pages:
        raise PageError(
            404,
            "No such page",
            f"There is no page {number}: the list has {paginator.num_pages} "
            f"page{'s' if paginator.num_pages != 1 else ''}.",
        )
    query = {
        name: value
        for name, value in (
            ("year", year.label if year else ""),
            ("category", category),
            ("kind", kind),
            ("status", status),
        )
        if value
    }
    api = {"service_improvement": "true", **({"year": year.label} if year else {})}
    if status:
        api["status"] = status
    if kind:
        api["kind"] = kind
    return render(
        request,
        "statistics/service_improvements.html",
        {
            "years": years,
            "year": year,
            "categories": CATEGORIES,
            "category": category,
            "kinds": KINDS,
            "kind": kind,
            "statuses": STATUSES,
            "status": status,
            "page": paginator.page(number),
            "page_query": urlencode(query),
            "api_url": f"{reverse('recommendation-list')}?{urlencode(api)}",
        },
    )
