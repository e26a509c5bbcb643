"""What the tally drift test (tests/test_tally_drift.py) builds on: the recount of the tallies
from the raw rows, in plain Python and independently of `decisions.services.tallies`; the
strategies and the rows they make, which obey the rules of `decisions.rules` within 2020-21 to
2024-25; and the state machine's state and helpers (`MachineBase`), which the writing steps
(tests/tally_drift_steps.py) and the test's machine extend.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from django.db import transaction
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine

from decisions.choices import ComplianceStatus, Outcome
from decisions.models import CouncilYearTally, Decision, Recommendation
from ombudsman.dataversion import data_version

FIRST_DAY = dt.date(2020, 4, 1)
LAST_DAY = min(dt.date(2025, 3, 31), dt.date.today())
SPAN = (LAST_DAY - FIRST_DAY).days
OUTCOMES = [code for code, _ in Outcome.choices]
DONE = [s for s in ComplianceStatus.values if s != ComplianceStatus.PENDING]
COUNTS = [
    f.name
    for f in CouncilYearTally._meta.concrete_fields
    if f.name not in ("id", "council", "year")
]
# What the runs did, summed over all examples: the test fails if a path was never exercised.
exercised: Counter = Counter()


def start_year(day: dt.date) -> int:
    """The reporting year (1 April to 31 March) a day falls in, by its first year."""
    return day.year if day.month >= 4 else day.year - 1


def recount() -> dict[tuple[int, int], dict[str, int]]:
    """The tallies worked out from the rows, the way the statistics define them."""
    counts: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for council, decided, received, outcome, remedied in Decision.objects.values_list(
        "council_id", "decision_date", "received_date", "outcome", "remedied_by_authority"
    ):
        counts[council, start_year(decided)][outcome] += 1
        if outcome == Outcome.UPHELD and remedied:
            counts[council, start_year(decided)]["satisfactory_remedies"] += 1
        if received is not None:
            counts[council, start_year(received)]["complaints_received"] += 1
    for council, status, recorded in Recommendation.objects.values_list(
        "decision__council_id", "status", "outcome_date"
    ):
        if status != ComplianceStatus.PENDING and recorded is not None:
            counts[council, start_year(recorded)][status] += 1
    return {key: {f: row[f] for f in COUNTS} for key, row in counts.items() if any(row.values())}


def stored() -> dict[tuple[int, int], dict[str, int]]:
    rows = {}
    for values in CouncilYearTally.objects.values("council_id", "year", *COUNTS):
        key = (values.pop("council_id"), values.pop("year"))
        assert key not in rows
        if any(values.values()):  # a row of zeros says no more than a missing row
            rows[key] = values
    return rows


def day(offset: int, *, after: dt.date = FIRST_DAY) -> dt.date:
    """A day `offset` days after `after`, kept within the years tested."""
    return min(after + dt.timedelta(days=offset), LAST_DAY)


offsets = st.integers(min_value=0, max_value=SPAN)
small = st.integers(min_value=0, max_value=120)
picks = st.integers(min_value=0, max_value=1000)  # which row, modulo how many there are
outcomes = st.sampled_from(OUTCOMES)
statuses = st.sampled_from(ComplianceStatus.values)


def decision_fields(council, outcome, decided_at, received_before, published_after, remedied):
    decided = day(decided_at)
    return {
        "council_id": council.pk,
        "outcome": outcome,
        "decision_date": decided,
        "received_date": (
            None
            if received_before is None
            else max(FIRST_DAY, decided - dt.timedelta(received_before))
        ),
        "published_on": None
        if published_after is None
        else decided + dt.timedelta(published_after),
        "remedied_by_authority": remedied and outcome == Outcome.UPHELD,
    }


def compliance(decision_date: dt.date, due: dt.date, status: str, recorded_after: int):
    """(status, outcome date) for a recommendation, obeying the rules: recorded on or after the
    decision, and after the due date when late (complied instead when that is not possible)."""
    if status == ComplianceStatus.PENDING:
        return status, None
    if status == ComplianceStatus.COMPLIED_LATE:
        if due >= LAST_DAY:
            return ComplianceStatus.COMPLIED, day(recorded_after, after=decision_date)
        return status, day(recorded_after, after=due + dt.timedelta(days=1))
    return status, day(recorded_after, after=decision_date)


class MachineBase(RuleBasedStateMachine):
    """Each example's savepoint, what it wrote since the last check, and the helpers of the
    steps; no steps of its own."""

    councils: list = []
    tmp_path = None

    def __init__(self):
        super().__init__()
        # Each example runs in a savepoint of the test's transaction, rolled back at the end.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.serial = 0
        self.changed = False
        self.version = data_version()

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # Helpers

    def reference(self) -> str:
        self.serial += 1
        return f"23 {self.serial // 1000:03d} {self.serial % 1000:03d}"

    def council(self, pick: int):
        return self.councils[pick % len(self.councils)]

    def pick(self, queryset, pick: int):
        rows = list(queryset.order_by("pk"))
        return rows[pick % len(rows)] if rows else None

    def new_decision(
        self, council, outcome, decided_at, received_before, published_after, remedied
    ):
        return Decision(
            reference=self.reference(),
            category="Housing",
            **decision_fields(
                council, outcome, decided_at, received_before, published_after, remedied
            ),
        )

    def new_recommendation(self, decision, due_after, status, recorded_after):
        due = decision.decision_date + dt.timedelta(days=due_after)
        status, recorded = compliance(decision.decision_date, due, status, recorded_after)
        return Recommendation(
            decision=decision,
            kind="apology",
            description="Apologise.",
            due_date=due,
            status=status,
            outcome_date=recorded,
        )

    def free(self):
        """Decisions without recommendations: the ones whose outcome and dates may change."""
        return Decision.objects.filter(recommendations__isnull=True)

    def wrote(self, count=1):
        if count:
            self.changed = True
