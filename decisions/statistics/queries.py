"""The reads behind the statistics: one query per reporting year, whatever the number of councils
or decisions (the counts are kept per council and year by `decisions.services.tallies`)."""

from __future__ import annotations

import functools

from django.db import connection
from django.db.models import BooleanField, Case, FilteredRelation, Max, Min, Q, Value, When
from django.utils import timezone

from councils.models import Council
from decisions.choices import INVESTIGATED, Outcome
from decisions.models import Decision
from ombudsman.cache import Derived
from ombudsman.years import ReportingYear, site_years

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


def _counts(tally: list[int], population: int | None) -> dict:
    """The counts of a council row from its tally columns (TALLY_COLUMNS order)."""
    outcome_count = len(OUTCOME_CODES)
    outcomes = dict(zip(OUTCOME_CODES, tally, strict=False))  # the first columns
    received, remedies, complied, late, not_complied = tally[outcome_count:]
    return {
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
        "population": population,
        "outcomes": outcomes,
    }


def year_rows(year: ReportingYear) -> tuple[list[tuple[tuple, dict]], dict | None]:
    """(council, counts) for every council that existed in the year, in name order, and the
    summed counts of the councils that did not exist in it but hold some (None when none do).

    One query: the councils joined to their tallies (`decisions.models.CouncilYearTally`) and
    populations of the year. `council` holds the COUNCIL_COLUMNS in their order. A council with
    nothing in the year has all counts 0; `population` may be None. The second part holds cases
    no single council answers for (a complaint received before a successor council began, a
    compliance outcome recorded after a split): England's totals include them, so that every
    case is counted (see `decisions.services.tallies`)."""
    sql, params = _year_rows_sql(connection.vendor, year.start_year)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    # Sorted here rather than by the database: the same order on SQLite and PostgreSQL (whose
    # collation ignores spaces), and a fifth of the query's time.
    fetched.sort(key=lambda values: (values[SHORT_NAME].casefold(), values[GSS_CODE]))
    width = len(COUNCIL_COLUMNS)
    rows, others = [], []
    for values in fetched:
        tally = [n or 0 for n in values[width + 2 :]]
        if values[width]:
            rows.append((values[:width], _counts(tally, values[width + 1])))
        else:
            others.append(tally)
    unattributed = None
    if others:
        unattributed = _counts([sum(column) for column in zip(*others, strict=True)], None)
    return rows, unattributed


@functools.cache
def _year_rows_sql(vendor: str, start_year: int) -> tuple[str, tuple]:
    """The SQL of `year_rows`, compiled once per year and process: compiling the query took as
    long as running it (0.8 ms), and it depends on nothing but the year."""
    year = ReportingYear(start_year)
    existed = Council.objects.active_q(year)
    queryset = (
        Council.objects.annotate(
            tally=FilteredRelation("tallies", condition=Q(tallies__year=start_year)),
            head=FilteredRelation("populations", condition=Q(populations__year=start_year)),
            existed=Case(
                When(existed, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
        )
        .filter(existed | Q(tally__id__isnull=False))
        .order_by()
        .values_list(
            *COUNCIL_COLUMNS,
            "existed",
            "head__population",
            *(f"tally__{column}" for column in TALLY_COLUMNS),
        )
    )
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def years_with_data() -> list[ReportingYear]:
    """Every reporting year from the first decision's to the last's, within the years the site
    holds (`ombudsman.years.site_years`: an older or future-dated row, which the rules refuse
    but raw SQL could still write, cannot stretch every page's years). Cached per data version
    and day: every page asks."""
    first_year, current = site_years()

    def compute() -> list[int]:
        # Two queries, not one: each of MIN and MAX alone is an index lookup, together a scan.
        first = Decision.objects.order_by().aggregate(first=Min("decision_date"))["first"]
        last = Decision.objects.order_by().aggregate(last=Max("decision_date"))["last"]
        starts = []
        if first:
            starts = list(
                range(
                    max(ReportingYear.containing(first), first_year).start_year,
                    min(ReportingYear.containing(last), current).start_year + 1,
                )
            )
        return starts

    return [ReportingYear(y) for y in _years.get(current.start_year, compute=compute)]


def latest_year() -> ReportingYear:
    """The default year of every page and endpoint: the newest reporting year that has started
    and has a published decision (a year whose decisions are all still private would show
    figures that no listed decision explains); the current year when there is none. Cached per
    data version and day, since decisions become public as days pass without any write."""
    today = timezone.localdate()

    def compute() -> int:
        first_year, current = site_years(today)
        last = (
            Decision.objects.public(today)
            .filter(decision_date__range=(first_year.first_day, current.last_day))
            .order_by()
            .aggregate(last=Max("decision_date"))["last"]
        )
        return (ReportingYear.containing(last) if last else current).start_year

    return ReportingYear(_latest.get(today.isoformat(), compute=compute))


# Asked for by every page: kept per data version (and year or day, see above).
_years = Derived("stats:years", size=4, shared=True)
_latest = Derived("stats:latest", size=4, shared=True)
