"""The pages that compare councils allowing for chance: the funnel plots (every council of a
type against its average, with control limits) and the early warnings (the data page,
"How sure are these figures?")."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from councils.querysets import TYPE_PLURAL, AuthorityType
from decisions.charts import format_value
from decisions.funnel_chart import funnel_svg
from decisions.selectors import default_year, page_years
from decisions.statistics import year_table
from decisions.statistics.figures import FIGURE, RATES, SMALL_NUMBER_THRESHOLD
from decisions.statistics.funnel import FUNNEL_RATES, funnel
from decisions.statistics.uncertainty import CLASS_TEXT, HIGHER, LOWER
from decisions.statistics.warnings import ABOVE, BELOW, WARNING_RATES, early_warnings, reason_text
from ombudsman.conditional import data_conditional
from ombudsman.years import ReportingYear

from .params import query_choice, query_year, takes

MEASURES = {key: RATES[key].label for key in FUNNEL_RATES}
TYPES = dict(AuthorityType.choices)


def funnel_context(
    *, year: ReportingYear, key: str, authority_type: str, highlight: str | None = None
) -> dict:
    """What the funnel plot and its table need (the funnel page and a council's page)."""
    figure = RATES[key]
    data = funnel(year=year, key=key, authority_type=authority_type)
    page_url = reverse("council-detail", kwargs={"slug": "SLUG"}) + f"?year={year.label}"
    plot = funnel_svg(data, highlight=highlight, page_url=page_url)
    outside = [
        {
            **point,
            "rate_text": format_value(point["rate"], figure.unit),
            "beyond_998": point["classes"]["99.8"] in (HIGHER, LOWER),
        }
        for point in plot["points"]
        if point["classes"]["95"] in (HIGHER, LOWER)
    ]
    outside.sort(key=lambda p: (-p["rate"], p["name"]))
    plural = TYPE_PLURAL[authority_type]
    return {
        "funnel": data,
        "plot": plot,
        "outside_rows": outside,
        "outside_count": len(outside),
        "measure_label": figure.label,
        "base_label": FIGURE[figure.denominator].label,
        "average_text": plot["average_text"],
        "type_plural": plural,
        "caption": f"{figure.label} of each of the {plural} in {year.label}, against "
        f"{FIGURE[figure.denominator].label.lower()}, with the average and the limits within "
        "which chance alone would keep a council 95 and 99.8 times in 100.",
    }


@data_conditional
@takes("year", "measure", "type")
def funnels(request: HttpRequest) -> HttpResponse:
    years = page_years()
    year = query_year(request, allowed=years) or default_year(years)
    key = query_choice(request, "measure", MEASURES, FUNNEL_RATES[0])
    authority_type = query_choice(request, "type", TYPES, AuthorityType.DISTRICT)
    context = funnel_context(year=year, key=key, authority_type=authority_type)
    return render(
        request,
        "statistics/funnels.html",
        {
            **context,
            "year": year,
            "years": years,
            "measure": key,
            "measures": MEASURES,
            "type": authority_type,
            "types": TYPES,
            "caption_id": "funnel-caption",
            "table_id": "funnel-outside",
            "api_url": f"{reverse('api-funnel')}?year={year.label}&measure={key}"
            f"&authority_type={authority_type}",
        },
    )


@data_conditional
@takes("year")
def warnings_page(request: HttpRequest) -> HttpResponse:
    years = page_years()
    year = query_year(request, allowed=years) or default_year(years)
    found = early_warnings(year)
    sections = []
    for direction, title in (
        (ABOVE, "Clearly above similar councils"),
        (BELOW, "Clearly below similar councils"),
    ):
        measures = []
        for key in WARNING_RATES:
            figure = RATES[key]
            rows = [
                {
                    **w,
                    "rate_text": format_value(w["rate"], figure.unit),
                    "last_text": format_value(w["rate_last_year"], figure.unit),
                    "average_text": format_value(w["average"], figure.unit),
                    "type_label": TYPES[w["authority_type"]],
                    "reason_texts": [reason_text(code, direction) for code in w["reasons"]],
                }
                for w in found
                if w["measure"] == key and w["direction"] == direction
            ]
            measures.append({"key": key, "label": figure.label, "rows": rows})
        sections.append({"direction": direction, "title": title, "measures": measures})
    return render(
        request,
        "statistics/warnings.html",
        {
            "year": year,
            "years": years,
            "sections": sections,
            "api_url": f"{reverse('api-early-warnings')}?year={year.label}",
        },
    )


def worked_example(year: ReportingYear) -> dict | None:
    """The data page's worked example, from the site's own figures: the district whose upheld
    rate rests on the most cases while still under the small-number threshold's double (so that
    its interval is wide enough to show), with its interval and its type's average."""
    table = year_table(year)
    figure = RATES["upheld_rate"]
    candidates = [
        row
        for row in table["councils"]
        if row["authority_type"] == AuthorityType.DISTRICT
        and row["upheld_rate_lower"] is not None
        and 4 <= row["investigations"] <= 2 * SMALL_NUMBER_THRESHOLD
    ]
    if not candidates:
        return None
    row = max(candidates, key=lambda r: (r["investigations"], r["name"]))
    average = table["averages"][AuthorityType.DISTRICT]
    compared = row["compared"]["upheld_rate"]
    return {
        "year": year,
        "row": row,
        "rate": format_value(row["upheld_rate"], figure.unit),
        "lower": format_value(row["upheld_rate_lower"], figure.unit),
        "upper": format_value(row["upheld_rate_upper"], figure.unit),
        "average": format_value(average["upheld_rate"], figure.unit),
        "compared": compared,
        "compared_text": CLASS_TEXT[compared],
        "funnel_url": f"{reverse('funnels')}?year={year.label}&type={AuthorityType.DISTRICT}",
    }
