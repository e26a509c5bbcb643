"""The grouped SQL behind the statistics: a fixed handful of queries per reporting year, whatever
the number of councils or decisions. Each returns plain dicts keyed by council id."""

from __future__ import annotations

from collections import defaultdict

from django.core.cache import cache
from django.db.models import Count, Max, Min, Q

from councils.models import Council, Population
from decisions.choices import INVESTIGATED, ComplianceStatus, Outcome
from decisions.models import Decision, Recommendation
from ombudsman.dataversion import data_version
from ombudsman.years import ReportingYear

from .formulas import OUTCOME_CODES


def decision_counts(year: ReportingYear) -> dict[int, dict]:
    """Decisions made in the year per council: total, per outcome, investigations, remedies."""
    outcome_counts = {f"o_{code}": Count("id", filter=Q(outcome=code)) for code in OUTCOME_CODES}
    rows = (
        Decision.objects.in_year(year)
        .order_by()
        .values("council_id")
        .annotate(
            decisions=Count("id"),
            investigations=Count("id", filter=Q(outcome__in=INVESTIGATED)),
            satisfactory_remedies=Count(
                "id", filter=Q(outcome=Outcome.UPHELD, remedied_by_authority=True)
            ),
            **outcome_counts,
        )
    )
    result = {}
    for row in rows:
        outcomes = {code: row[f"o_{code}"] for code in OUTCOME_CODES}
        result[row["council_id"]] = {
            "decisions": row["decisions"],
            "outcomes": outcomes,
            "investigations": row["investigations"],
            "upheld": outcomes[Outcome.UPHELD],
            "not_upheld": outcomes[Outcome.NOT_UPHELD],
            "satisfactory_remedies": row["satisfactory_remedies"],
        }
    return result


def received_counts(year: ReportingYear) -> dict[int, int]:
    """Complaints and enquiries received in the year per council (by received date)."""
    rows = (
        Decision.objects.filter(received_date__range=(year.first_day, year.last_day))
        .order_by()
        .values("council_id")
        .annotate(n=Count("id"))
    )
    return {row["council_id"]: row["n"] for row in rows}


def compliance_counts(year: ReportingYear) -> dict[int, dict]:
    """Compliance outcomes recorded in the year per council, by status."""
    rows = (
        Recommendation.objects.outcome_in_year(year)
        .exclude(status=ComplianceStatus.PENDING)
        .order_by()
        .values("decision__council_id", "status")
        .annotate(n=Count("id"))
    )
    result: dict[int, dict] = defaultdict(lambda: dict.fromkeys(ComplianceStatus.values, 0))
    for row in rows:
        result[row["decision__council_id"]][row["status"]] = row["n"]
    return result


def populations(year: ReportingYear) -> dict[int, int]:
    return dict(
        Population.objects.filter(year=year.start_year).values_list("council_id", "population")
    )


def councils_of_year(year: ReportingYear) -> list[dict]:
    return list(
        Council.objects.active_in(year)
        .order_by("short_name", "gss_code")
        .values("id", "gss_code", "name", "short_name", "slug", "authority_type", "region")
    )


def years_with_data() -> list[ReportingYear]:
    """Every reporting year from the first decision's to the last's (cached per data version:
    every page asks)."""
    key = f"stats:years:{data_version()}"
    starts = cache.get(key)
    if starts is None:
        # Two queries, not one: each of MIN and MAX alone is an index lookup, together a scan.
        first = Decision.objects.order_by().aggregate(first=Min("decision_date"))["first"]
        last = Decision.objects.order_by().aggregate(last=Max("decision_date"))["last"]
        starts = []
        if first:
            starts = list(
                range(
                    ReportingYear.containing(first).start_year,
                    ReportingYear.containing(last).start_year + 1,
                )
            )
        cache.set(key, starts, 24 * 3600)
    return [ReportingYear(y) for y in starts]


def latest_year() -> ReportingYear:
    """The newest reporting year with a decision; the current year when there are none."""
    years = years_with_data()
    return years[-1] if years else ReportingYear.current()
