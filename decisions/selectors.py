"""Reads for the public pages: a council's decisions, reports, service improvements and letters,
and the rankings and tables built from the statistics module's year tables (never recounted
here, so every page shows the figures the API gives)."""

from __future__ import annotations

from django.db.models import QuerySet

from councils.models import Council
from councils.querysets import TIER_TYPES
from ombudsman.years import ReportingYear

from .charts import shown_value
from .models import AnnualLetter, Decision, Recommendation
from .statistics import latest_year, year_table, years_with_data
from .statistics.figures import HEADLINE_RATES

RANKED_STATS = HEADLINE_RATES


def council_decisions(
    *,
    council: Council,
    year: ReportingYear,
    outcome: str | None = None,
    category: str | None = None,
) -> QuerySet[Decision]:
    """The council's public decisions made in the year, newest first."""
    decisions = Decision.objects.public().filter(council=council).in_year(year)
    if outcome:
        decisions = decisions.filter(outcome=outcome)
    if category:
        decisions = decisions.filter(category=category)
    return decisions.order_by("-decision_date", "reference")


def council_decision_categories(*, council: Council, year: ReportingYear) -> list[str]:
    """Categories of the council's public decisions in the year: the choices of the filter."""
    return list(
        Decision.objects.public()
        .filter(council=council)
        .in_year(year)
        .order_by("category")
        .values_list("category", flat=True)
        .distinct()
    )


def council_reports(*, council: Council, limit: int = 50) -> list[Decision]:
    """The council's public reports (the serious cases), newest first, from every year."""
    return list(
        Decision.objects.public()
        .filter(council=council, report_type="report")
        .order_by("-decision_date", "reference")[:limit]
    )


def council_service_improvements(*, council: Council, year: ReportingYear) -> list[Recommendation]:
    """Service improvements the council agreed on public decisions made in the year."""
    return list(
        Recommendation.objects.public()
        .service_improvements()
        .filter(decision__council=council)
        .filter(decision__decision_date__range=(year.first_day, year.last_day))
        .select_related("decision")
        .order_by("due_date", "id")
    )


def council_letters(*, council: Council) -> list[AnnualLetter]:
    """Annual review letters sent to the council (drafts are never public), newest first."""
    return list(
        AnnualLetter.objects.filter(council=council, sent_on__isnull=False).order_by("-year")
    )


def page_years() -> list[ReportingYear]:
    """The years a reader can choose on the map: those with decisions, newest first (the
    latest year alone while the database holds none)."""
    years = years_with_data() or [latest_year()]
    return sorted(years, reverse=True)


def default_year(years: list[ReportingYear]) -> ReportingYear | None:
    """The year a page shows when none is asked for: the newest of `years` up to the latest year
    with a published decision (`decisions.statistics.latest_year`), so a year whose decisions
    are all still private is not the default."""
    latest = latest_year()
    shown = [y for y in years if y <= latest] or years
    return max(shown) if shown else None


def type_ranking(*, year: ReportingYear, authority_type: str, stat: str) -> list[dict]:
    """The councils of a type in the year, highest figure first, with a competition rank
    (equal figures share a rank: 1, 2, 2, 4). Councils without a figure come last, unranked."""
    rows = [r for r in year_table(year)["councils"] if r["authority_type"] == authority_type]
    return _ranked(rows, stat)


def _ranked(rows: list[dict], stat: str) -> list[dict]:
    # Councils whose figures print the same share a rank: ranking 66.66...% above 66.65% while
    # both read "66.7%" would show the reader an order the page gives no reason for.
    with_value = sorted(
        (r for r in rows if r[stat] is not None), key=lambda r: (-shown_value(r[stat]), r["name"])
    )
    ranked = []
    previous, rank = None, 0
    for position, row in enumerate(with_value, start=1):
        if shown_value(row[stat]) != previous:
            rank, previous = position, shown_value(row[stat])
        ranked.append({"row": row, "rank": rank, "value": row[stat]})
    no_value = sorted((r for r in rows if r[stat] is None), key=lambda r: r["name"])
    ranked += [{"row": r, "rank": None, "value": None} for r in no_value]
    return ranked


def ranking(
    *,
    year: ReportingYear,
    authority_type: str,
    stat: str,
    region: str = "",
    hide_small: bool = True,
) -> dict:
    """The rankings page: the councils of a type (in a region, or all England) ranked on one
    rate, ties sharing a rank. With `hide_small`, rates resting on fewer cases than the
    small-number threshold are left out of the ranking and only counted, so that one-case
    councils do not fill the top places; without it they are ranked and flagged."""
    rows = [
        r
        for r in year_table(year)["councils"]
        if r["authority_type"] == authority_type and (not region or r["region"] == region)
    ]
    small = [r for r in rows if r[stat] is not None and stat in r["small_numbers"]]
    small_codes = {r["gss_code"] for r in small}
    shown = [r for r in rows if not (hide_small and r["gss_code"] in small_codes)]
    ranked = _ranked(shown, stat)
    for entry in ranked:
        entry["tied"] = entry["rank"] is not None and (
            sum(other["rank"] == entry["rank"] for other in ranked) > 1
        )
    return {
        "ranked": [r for r in ranked if r["rank"] is not None],
        "no_figure": [r["row"] for r in ranked if r["rank"] is None],
        "small_hidden": sorted(small, key=lambda r: r["name"]) if hide_small else [],
        "small_count": len(small),
    }


def council_ranks(*, year: ReportingYear, council: Council) -> list[dict]:
    """For each ranked statistic: the council's rank among the councils of its type with a
    figure, whether others share it, and how many councils had a figure."""
    rows = [
        r for r in year_table(year)["councils"] if r["authority_type"] == council.authority_type
    ]
    result = []
    for stat in RANKED_STATS:
        ranked = [r for r in _ranked(rows, stat) if r["rank"] is not None]
        mine = next((r for r in ranked if r["row"]["gss_code"] == council.gss_code), None)
        result.append(
            {
                "stat": stat,
                "rank": mine["rank"] if mine else None,
                "tied": bool(mine) and sum(r["rank"] == mine["rank"] for r in ranked) > 1,
                "value": mine["value"] if mine else None,
                "of": len(ranked),
            }
        )
    return result


def map_rows(*, year: ReportingYear, tier: str) -> dict:
    """The year's table for one tier of the map: its councils A to Z and the averages of the
    authority types drawn at that tier."""
    table = year_table(year)
    types = TIER_TYPES[tier]
    return {
        "year": table["year"],
        "status": table["status"],
        "published_at": table["published_at"],
        "councils": [r for r in table["councils"] if r["authority_type"] in types],
        "averages": [table["averages"][t] for t in types],
        "england": table["england"],
    }
