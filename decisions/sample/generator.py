"""The sample data service: synthetic decisions and recommendations for every council.

The data is made up (every decision has `is_sample=True`, and the site labels it so), but sized
and shaped like the real thing: the national totals follow `calibration.TARGETS`, councils get
complaints in proportion to their population and the services their type runs, and categories
are only those a council of that type handles. The same seed always gives the same rows.

Writes use `bulk_create`, which sends no signals, so no audit history rows are made for sample
data (it is disposable); for the same reason `--replace` deletes with plain SQL instead of
`QuerySet.delete()`, which would write an audit row for each of ~120,000 deleted rows.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction

from councils.models import Council, Population
from councils.succession import Succession
from decisions.models import Decision, Recommendation
from decisions.service_areas import heading_for
from decisions.services.tallies import tallies_mark
from ombudsman.dataversion import batched_changes
from ombudsman.years import DATA_FIRST_YEAR, ReportingYear, YearFormatError

from . import calibration as cal
from .plan import (
    CouncilInfo,
    cases_plan,
    compliance_as_of,
    compliance_reorganised,
    outcomes_assign,
    references_assign,
)
from .text import description_write, person_pick, summary_write

YEARS_HINT = "a range like 2019-20:2024-25 or a single year like 2022-23"
DEFAULT_YEARS = [ReportingYear(y) for y in range(cal.FIRST_DEFAULT_YEAR, cal.LAST_SAMPLE_YEAR + 1)]
MAX_SCALE = 10  # references have six digits a calendar year; 10x still leaves room
BATCH_SIZE = 5000


class SampleDataError(Exception):
    """Bad arguments or a database that cannot take sample data; nothing was changed."""


@dataclass
class SampleSummary:
    years: list[str]
    decisions: int = 0
    recommendations: int = 0
    deleted: int = 0
    seconds: float = 0.0
    # Year label -> received, decisions, investigations, upheld, remedied, reports,
    # recommendations, service_improvements (each counted in the year it belongs to).
    per_year: dict[str, dict[str, int]] = field(default_factory=dict)


def sample_years_parse(text: str) -> list[ReportingYear]:
    """`2019-20:2024-25` (inclusive) or `2022-23`, within the calibrated years."""
    parts = (text or "").split(":")
    if len(parts) > 2:
        raise SampleDataError(f"{text!r} is not {YEARS_HINT}.")
    try:
        first, last = (ReportingYear.parse(p) for p in (parts[0], parts[-1]))
    except YearFormatError as error:
        raise SampleDataError(f"{error} Give {YEARS_HINT}.") from error
    if last < first:
        raise SampleDataError(f"{text!r} runs backwards; give {YEARS_HINT}.")
    return [ReportingYear(y) for y in range(first.start_year, last.start_year + 1)]


def _years_check(years: Sequence[ReportingYear]) -> list[int]:
    starts = sorted({y.start_year for y in years})
    if not starts:
        raise SampleDataError(f"No years given; give {YEARS_HINT}.")
    # Before the site's first year there is no council register to put cases against.
    outside = [
        ReportingYear(y).label for y in starts if y not in cal.TARGETS or y < DATA_FIRST_YEAR
    ]
    if outside:
        raise SampleDataError(
            f"There are no calibration targets for {', '.join(outside)}: sample data can be "
            f"made for {ReportingYear(max(cal.FIRST_SAMPLE_YEAR, DATA_FIRST_YEAR))} to "
            f"{DEFAULT_YEARS[-1]}."
        )
    return starts


def _councils_load(starts: list[int]) -> dict[int, list[CouncilInfo]]:
    populations: dict[int, dict[int, int]] = {}
    for council_id, year, residents in Population.objects.values_list(
        "council_id", "year", "population"
    ):
        populations.setdefault(council_id, {})[year] = residents
    by_year: dict[int, list[CouncilInfo]] = {}
    for start in starts:
        rows = (
            Council.objects.active_in(ReportingYear(start))
            .order_by("gss_code")
            .values_list("id", "gss_code", "authority_type", "end_date")
        )
        by_year[start] = [
            CouncilInfo(pk, gss, kind, populations.get(pk, {}), end) for pk, gss, kind, end in rows
        ]
        if not by_year[start]:
            raise SampleDataError(
                f"No councils existed in {ReportingYear(start)}: load the councils first "
                "(manage.py loaddata fixtures/councils.json)."
            )
    return by_year


def _sample_delete() -> int:
    decisions = connection.ops.quote_name(Decision._meta.db_table)
    recommendations = connection.ops.quote_name(Recommendation._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {recommendations} WHERE decision_id IN "
            f"(SELECT id FROM {decisions} WHERE is_sample = %s)",
            [True],
        )
        cursor.execute(f"DELETE FROM {decisions} WHERE is_sample = %s", [True])
        return cursor.rowcount


def sample_data_generate(
    *,
    seed: int = 1,
    years: Sequence[ReportingYear] | None = None,
    scale: float = 1.0,
    replace: bool = False,
    as_of: dt.date | None = None,
) -> SampleSummary:
    """Make sample decisions and recommendations for `years` (default: all calibrated years).

    `scale` multiplies every national count (0.01 gives a small set for tests). Recommendations
    whose compliance outcome would be recorded after `as_of` (default today) stay pending; it is
    the only thing the date changes. Without `replace`, refuses if sample decisions exist.
    """
    started = time.perf_counter()
    starts = _years_check(DEFAULT_YEARS if years is None else years)
    if not 0 < scale <= MAX_SCALE:
        raise SampleDataError(f"The scale must be above 0 and at most {MAX_SCALE}, not {scale}.")
    as_of = as_of or dt.date.today()
    summary = SampleSummary(years=[ReportingYear(y).label for y in starts])
    # One batch: the bulk writes recount the tallies and bump the data version once, at the end.
    with transaction.atomic(), batched_changes():
        existing = Decision.objects.filter(is_sample=True).count()
        if existing and not replace:
            raise SampleDataError(
                f"The database already holds {existing} sample decisions; use --replace to "
                "delete them and make new ones."
            )
        if existing:
            summary.deleted = _sample_delete()
        councils_by_year = _councils_load(starts)
        rng = random.Random(seed)
        cases = cases_plan(
            rng,
            councils_by_year=councils_by_year,
            scale=scale,
            last_day=ReportingYear(starts[-1]).last_day,
        )
        outcomes_assign(rng, cases, scale=scale)
        compliance_as_of(cases, as_of)
        succession = Succession.load()
        compliance_reorganised(
            cases, lambda council, day: succession.responsible_or_none(council, day) is not None
        )
        taken = set(Decision.objects.values_list("reference", flat=True))
        try:
            references_assign(rng, cases, taken=taken)
        except OverflowError as error:
            raise SampleDataError(f"{error} Use a smaller scale.") from error
        decisions, recommendations = _rows_build(rng, cases)
        Decision.objects.bulk_create(decisions, batch_size=BATCH_SIZE)
        for decision, recs in zip(decisions, recommendations, strict=True):
            for rec in recs:
                rec.decision_id = decision.pk
        Recommendation.objects.bulk_create(
            [r for recs in recommendations for r in recs], batch_size=BATCH_SIZE
        )
        # The councils emptied by the raw-SQL delete above as well as those written to.
        tallies_mark(Council.objects.values_list("pk", flat=True))
    summary.decisions = len(decisions)
    summary.recommendations = sum(len(r) for r in recommendations)
    summary.per_year = _per_year(cases, starts)
    summary.seconds = time.perf_counter() - started
    return summary


def _rows_build(rng: random.Random, cases) -> tuple[list[Decision], list[list[Recommendation]]]:
    decisions: list[Decision] = []
    recommendations: list[list[Recommendation]] = []
    for case in cases:
        person = person_pick(rng)
        recs = []
        written: set[str] = set()
        for rec in case.recs:
            for _attempt in range(3):  # two of a kind in one case should not read the same
                description = description_write(
                    rng,
                    person=person,
                    kind=rec.kind,
                    category=case.category,
                    subcategory=case.subcategory,
                    amount=rec.amount,
                )
                if description not in written:
                    break
            written.add(description)
            recs.append(
                Recommendation(
                    kind=rec.kind,
                    description=description,
                    amount=None if rec.amount is None else Decimal(f"{rec.amount:.2f}"),
                    due_date=rec.due,
                    status=rec.status,
                    outcome_date=rec.outcome_date,
                )
            )
        summary = summary_write(
            rng,
            person=person,
            outcome=case.outcome,
            category=case.category,
            subcategory=case.subcategory,
            remedied=case.remedied,
            report=case.report,
            recommendations=[(r.kind, r.amount) for r in case.recs],
        )
        decisions.append(
            Decision(
                reference=case.reference,
                council_id=case.council.id,
                # The generator's finer categories (the Ombudsman's decision pages split
                # education from children's care) are filed under the controlled list's heading.
                category=heading_for(case.category),
                subcategory=case.subcategory,
                received_date=case.received,
                decision_date=case.decided,
                outcome=case.outcome,
                remedied_by_authority=case.remedied,
                report_type="report" if case.report else "statement",
                summary=summary,
                published_on=case.published_on,
                is_sample=True,
            )
        )
        recommendations.append(recs)
    return decisions, recommendations


def _per_year(cases, starts: list[int]) -> dict[str, dict[str, int]]:
    counts: dict[int, Counter] = {y: Counter() for y in starts}

    def year_of(day: dt.date) -> Counter:
        return counts.setdefault(ReportingYear.containing(day).start_year, Counter())

    for case in cases:
        year_of(case.received)["received"] += 1
        decided = year_of(case.decided)
        decided["decisions"] += 1
        decided["investigations"] += case.outcome in ("upheld", "not_upheld")
        decided["upheld"] += case.outcome == "upheld"
        decided["remedied"] += case.remedied
        decided["reports"] += case.report
        decided["recommendations"] += len(case.recs)
        decided["service_improvements"] += sum(
            r.kind in ("procedure_change", "training", "other_improvement") for r in case.recs
        )
    return {ReportingYear(y).label: dict(counts[y]) for y in sorted(counts)}
