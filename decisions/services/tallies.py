"""Keeping `CouncilYearTally` in step with the decisions and recommendations.

A change recounts the councils it touches, across all their years: three grouped queries that, for
one council, read a few hundred rows through the (council, date) indexes. Bulk work recounts once
at the end: imports name the councils they touched, the sample generator recounts everything.

Saves and deletes reach here through the signals in `decisions.signals`; inside
`batched_changes()` the councils are collected and recounted once when the batch ends.

Counts land on the council that answered for the case in the year (`councils.succession`): a
compliance outcome recorded after the decision's council was abolished counts for the council
that took its services over, so it appears in the year table that shows that council. The test
is made on the first day of the year, the day the year tables test too (reorganisations take
effect on 1 April). What no single council answers for stays on the council named, and so only
in England's totals (see `decisions.statistics.tables`).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import ExtractYear

from councils.models import Council
from councils.succession import Succession
from decisions.choices import ComplianceStatus, Outcome
from decisions.models import CouncilYearTally, Decision, Recommendation
from ombudsman.dataversion import batch_end_register, batching
from ombudsman.years import ReportingYear

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
    transaction. `models` (Decision, Recommendation, CouncilYearTally and optionally Council) lets
    a migration pass its historical models; without a Council model counts are not moved to
    successors."""
    decision, recommendation, tally, *council = models or (
        Decision,
        Recommendation,
        CouncilYearTally,
        Council,
    )
    succession = Succession.load(council[0]) if council else None
    ids = None if council_ids is None else set(council_ids)
    if ids is not None and not ids:
        return
    if ids is not None and succession is not None:
        # A council's cases may count for its successors, and its own tally may hold its
        # predecessors' cases: recount the whole family of the reorganisation.
        ids = succession.family(ids)
    counts: dict[tuple[int, int], dict[str, int]] = defaultdict(_zeros)
    for key, values in _decision_counts(decision, ids):
        _add(counts, _answering(succession, key), values)
    for key, received in _received_counts(decision, ids):
        _add(counts, _answering(succession, key), {"complaints_received": received})
    for key, values in _compliance_counts(recommendation, ids):
        _add(counts, _answering(succession, key), values)
    _scoped(tally.objects.all(), "council_id", ids).delete()
    tally.objects.bulk_create(
        [
            tally(council_id=council, year=year, **values)
            for (council, year), values in counts.items()
        ],
        batch_size=2000,
    )


TALLY_FIELDS = (*OUTCOME_FIELDS, "satisfactory_remedies", "complaints_received", *STATUS_FIELDS)


def _zeros() -> dict[str, int]:
    return dict.fromkeys(TALLY_FIELDS, 0)


def _add(counts, key: tuple[int, int], values: dict[str, int]) -> None:
    row = counts[key]
    for field, n in values.items():
        row[field] += n


def _answering(succession: Succession | None, key: tuple[int, int]) -> tuple[int, int]:
    """(council, year) of the council that answers for counts of `key` (see the module notes)."""
    council_id, year = key
    if succession is None:
        return key
    answering = succession.responsible_or_none(council_id, ReportingYear(year).first_day)
    return (answering or council_id, year)


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
