"""The reads behind the statistics: one query per reporting year, whatever the number of councils
or decisions (the counts are kept per council and year by `decisions.services.tallies`)."""

from __future__ import annotations

import functools

from django.core.cache import cache
from django.db import connection
from django.db.models import FilteredRelation, Max, Min, Q

from councils.models import Council
from decisions.choices import INVESTIGATED, Outcome
from decisions.models import Decision
from ombudsman.dataversion import data_version
from ombudsman.years import ReportingYear

from .formulas import OUTCOME_CODES

COUNCIL_COLUMNS = ("id", "gss_code", "name", "short_name", "slug", "authority_type", "region")
GSS_CODE, SHORT_NAME = COUNCIL_COLUMNS.index("gss_code"), COUNCIL_COLUMNS.index("short_name")
# The tally's columns after the population, in this order (outcome codes first).
TALLY_COLUMNS = (
    *OUTCOME_CODES,
    "complaints_received",
    "satisfactory_remedies",
    "complied",
    "complied_late",
    "not_complied",
)


def year_rows(year: ReportingYear) -> list[tuple[tuple, dict]]:
    """(council, counts) for every council that existed in the year, in name order: one query,
    the councils joined to their tallies (`decisions.models.CouncilYearTally`) and populations of
    the year. `council` holds the COUNCIL_COLUMNS in their order. A council with nothing in the
    year has all counts 0; `population` may be None."""
    sql, params = _year_rows_sql(connection.vendor, year.start_year)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    # Sorted here rather than by the database: the same order on SQLite and PostgreSQL (whose
    # collation ignores spaces), and a fifth of the query's time.
    fetched.sort(key=lambda values: (values[SHORT_NAME].casefold(), values[GSS_CODE]))
    width = len(COUNCIL_COLUMNS)
    outcome_count = len(OUTCOME_CODES)
    result = []
    for values in fetched:
        tally = [n or 0 for n in values[width + 1 :]]
        outcomes = dict(zip(OUTCOME_CODES, tally, strict=False))  # the first columns
        received, remedies, complied, late, not_complied = tally[outcome_count:]
        counts = {
            "complaints_received": received,
            "decisions": sum(tally[:outcome_count]),
            "investigations": sum(outcomes[code] for code in INVESTIGATED),
            "upheld": outcomes[Outcome.UPHELD],
            "not_upheld": outcomes[Outcome.NOT_UPHELD],
            "satisfactory_remedies": remedies,
            "compliance_outcomes": complied + late + not_complied,
            "complied": complied,
            "complied_late": late,
            "not_complied": not_complied,
            "population": values[width],
            "outcomes": outcomes,
        }
        result.append((values[:width], counts))
    return result


@functools.cache
def _year_rows_sql(vendor: str, start_year: int) -> tuple[str, tuple]:
    """The SQL of `year_rows`, compiled once per year and process: compiling the query took as
    long as running it (0.8 ms), and it depends on nothing but the year."""
    year = ReportingYear(start_year)
    queryset = (
        Council.objects.active_in(year)
        .annotate(
            tally=FilteredRelation("tallies", condition=Q(tallies__year=start_year)),
            head=FilteredRelation("populations", condition=Q(populations__year=start_year)),
        )
        .order_by()
        .values_list(
            *COUNCIL_COLUMNS,
            "head__population",
            *(f"tally__{column}" for column in TALLY_COLUMNS),
        )
    )
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


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
