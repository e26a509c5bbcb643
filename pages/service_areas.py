"""The national page of categories (service areas) over the years: for each of the Ombudsman's
headings, England's decisions and upheld rate in each reporting year, as HTML or CSV."""

from __future__ import annotations

import io
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from decisions.selectors import page_years
from decisions.statistics.figures import SMALL_NUMBER_THRESHOLD
from decisions.statistics.service_areas import FIELDS, national_service_areas
from ombudsman.conditional import data_conditional
from ombudsman.spreadsheet import CSVWriter

from .params import PageError, takes

PARAMETERS = ("format",)
FORMATS = ("html", "csv")


def _format(request: HttpRequest) -> str:
    value = request.GET.get("format", "html").strip() or "html"
    if value not in FORMATS:
        raise PageError(400, "That is not a format", f"format is html or csv, not {value!r}.")
    return value


@data_conditional
@takes(*PARAMETERS)
def service_areas(request: HttpRequest) -> HttpResponse:
    output = _format(request)
    years = sorted(page_years())
    categories = national_service_areas(years)
    if output == "csv":
        return _csv(categories)
    search = reverse("decision-search")
    for category in categories:
        category["search_url"] = f"{search}?{urlencode({'category': category['category']})}"
        category["id"] = f"area-{categories.index(category)}"
    return render(
        request,
        "statistics/service_areas.html",
        {"categories": categories, "years": years, "threshold": SMALL_NUMBER_THRESHOLD},
    )


def _csv(categories: list[dict]) -> HttpResponse:
    out = io.StringIO()
    writer = CSVWriter(out)
    writer.writerow(["category", "year", *FIELDS])
    for category in categories:
        for row in category["years"]:
            values = {**row, "small_numbers": ";".join(row["small_numbers"])}
            writer.writerow(
                [category["category"], row["year"]]
                + ["" if values[f] is None else values[f] for f in FIELDS]
            )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="service-areas-england.csv"'
    return response
