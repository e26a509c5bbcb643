"""Keeping `CouncilYearTally` in step with the decisions and recommendations.

A change recounts the councils it touches, across all their years: three grouped queries that, for
one council, read a few hundred rows through the (council, date) indexes. Bulk work recounts once
at the end: imports name the councils they touched, the sample generator recounts everything.

Saves and deletes reach here through the signals in `decisions.signals`; inside
`batched_changes()` the councils are collected and recounted once when the batch ends.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear

from decisions.choices import ComplianceStatus, Outcome
from decisions.models import CouncilYearTally, Decision, Recommendation
from ombudsman.dataversion import batch_end_register, batching

OUTCOME_FIELDS = [code for code, _ in Outcome.choices]
STATUS_FIELDS = [s for s in ComplianceStatus.values if s != ComplianceStatus.PENDING]
_local = threading.local()  # councils waiting for the end of this thread's batch


def reporting_year(field: str):
    """The start of the reporting year (1 April to 31 March) that a date field falls in, as a
    database expression (the same rule as `ReportingYear.containing`)."""
    return ExtractYear(field) - Case(
        When(**{f"{field}__month__lt": 4}, then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def tallies_refresh(council_ids: Iterable[int] | None = None, *, models=None) -> None:
    """Recount the tallies of these councils (every council when None), inside the caller's
    transaction. `models` (Decision, Recommendation, CouncilYearTally) lets a migration pass its
    historical models."""
    decision, recommendation, tally = models or (Decision, Recommendation, CouncilYearTally)
    ids = None if council_ids is None else set(council_ids)
    if ids is not None and not ids:
        return
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for key, values in _decision_counts(decision, ids):
        counts[key].update(values)
    for key, received in _received_counts(decision, ids):
        counts[key]["complaints_received"] = received
    for key, values in _compliance_counts(recommendation, ids):
        counts[key].update(values)
    _scoped(tally.objects.all(), "council_id", ids).delete()
    tally.objects.bulk_create(
        [
            tally(council_id=council, year=year, **values)
            for (council, year), values in counts.items()
        ],
        batch_size=2000,
    )


def _scoped(queryset, council_field: str, ids: set[int] | None):
    return queryset if ids is None else queryset.filter(**{f"{council_field}__in": ids})


def _decision_counts(decision, ids):
    rows = (
        _scoped(decision.objects.order_by(), "council_id", ids)
        .annotate(ry=reporting_year("decision_date"))
        .values("council_id", "ry")
        .annotate(
            satisfactory_remedies=Count(
                "id", filter=Q(outcome=Outcome.UPHELD, remedied_by_authority=True)
            ),
            **{code: Count("id", filter=Q(outcome=code)) for code in OUTCOME_FIELDS},
        )
    )
    for row in rows:
        key = (row.pop("council_id"), row.pop("ry"))
        yield key, row


def _received_counts(decision, ids):
    rows = (
        _scoped(decision.objects.order_by(), "council_id", ids)
        .filter(received_date__isnull=False)
        .annotate(ry=reporting_year("received_date"))
        .values("council_id", "ry")
        .annotate(n=Count("id"))
    )
    for row in rows:
        yield (row["council_id"], row["ry"]), row["n"]


def _compliance_counts(recommendation, ids):
    rows = (
        _scoped(recommendation.objects.order_by(), "decision__council_id", ids)
        .filter(outcome_date__isnull=False, status__in=STATUS_FIELDS)
        .annotate(ry=reporting_year("outcome_date"), council_id=F("decision__council_id"))
        .values("council_id", "ry")
        .annotate(**{status: Count("id", filter=Q(status=status)) for status in STATUS_FIELDS})
    )
    for row in rows:
        key = (row.pop("council_id"), row.pop("ry"))
        yield key, row


def tallies_mark(council_ids: Iterable[int | None]) -> None:
    """Recount these councils now, or when the current batch of changes ends."""
    ids = {pk for pk in council_ids if pk is not None}
    if batching():
        _pending().update(ids)
    else:
        tallies_refresh(ids)


def _pending() -> set[int]:
    if not hasattr(_local, "ids"):
        _local.ids = set()
    return _local.ids


def _batch_end(committed: bool) -> None:
    ids = _pending().copy()
    _pending().clear()
    if committed and ids:
        tallies_refresh(ids)


batch_end_register(_batch_end)
