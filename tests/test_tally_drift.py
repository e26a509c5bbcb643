"""The tallies cannot drift, whatever writes the decisions and recommendations.

A hypothesis state machine applies random but bounded (and, with `derandomize`, always the same)
sequences of every way the code writes those rows: saves and deletes of single rows, queryset
updates and deletes, bulk creates and updates, an import and a restore from the audit trail.
After every step each `CouncilYearTally` row must equal a recount made here from the raw rows,
in plain Python, independently of `decisions.services.tallies`; and a step that changed
something must have changed the data version.

Which council a count lands on may follow reorganisations (a successor council answering for
an abolished one): to test the bookkeeping and not that rule, every council here exists
throughout, all dates fall within 2020-21 to 2024-25, and the rows obey the rules of
`decisions.rules` (recommendations only on upheld decisions, compliance recorded on or after
the decision and, when late, after the due date).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.db import transaction
from django.db.models import Max, Q
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from councils.services.errors import DataImportError
from decisions.choices import ComplianceStatus, Outcome
from decisions.models import CouncilYearTally, Decision, Recommendation
from decisions.services.imports import decisions_import
from decisions.services.restore import CASCADE_WINDOW, RestoreError, history_restore
from ombudsman.dataversion import data_version

from .factories import CouncilFactory

pytestmark = pytest.mark.django_db

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


class TallyMachine(RuleBasedStateMachine):
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

    # Steps

    @initialize(outcome=outcomes, decided_at=offsets, remedied=st.booleans(), pick=picks, due=small)
    def start(self, outcome, decided_at, remedied, pick, due):
        decision = self.new_decision(self.council(pick), outcome, decided_at, 30, 20, remedied)
        decision.save()
        if decision.outcome == Outcome.UPHELD:
            self.new_recommendation(decision, due, ComplianceStatus.COMPLIED, due).save()
        self.wrote()

    @rule(
        pick=picks,
        outcome=outcomes,
        decided_at=offsets,
        received_before=st.none() | small,
        published_after=st.none() | small,
        remedied=st.booleans(),
    )
    def save_new_decision(
        self, pick, outcome, decided_at, received_before, published_after, remedied
    ):
        self.new_decision(
            self.council(pick), outcome, decided_at, received_before, published_after, remedied
        ).save()
        self.wrote()

    @rule(pick=picks, council=picks, outcome=st.none() | outcomes, decided_at=st.none() | offsets)
    def change_decision_by_save(self, pick, council, outcome, decided_at):
        decision = self.pick(Decision.objects.all(), pick)
        if decision is None:
            return
        decision.council = self.council(council)
        if not decision.recommendations.exists():
            if outcome is not None:
                decision.outcome = outcome
                decision.remedied_by_authority &= outcome == Outcome.UPHELD
            if decided_at is not None:
                fields = decision_fields(
                    decision.council, decision.outcome, decided_at, 10, None, False
                )
                decision.decision_date = fields["decision_date"]
                decision.received_date = fields["received_date"]
                decision.published_on = None
        decision.save()
        self.wrote()

    @rule(pick=picks)
    def delete_one_decision(self, pick):
        decision = self.pick(Decision.objects.all(), pick)
        if decision is not None:
            decision.delete()
            self.wrote()

    @rule(council=picks, outcome=outcomes)
    def update_outcomes(self, council, outcome):
        self.wrote(
            self.free()
            .filter(council=self.council(council))
            .update(outcome=outcome, remedied_by_authority=False)
        )

    @rule(council=picks, remedied=st.booleans())
    def update_remedies(self, council, remedied):
        self.wrote(
            Decision.objects.filter(council=self.council(council), outcome=Outcome.UPHELD).update(
                remedied_by_authority=remedied
            )
        )

    @rule(source=picks, to=picks, outcome=st.none() | outcomes, by_id=st.booleans())
    def update_councils(self, source, to, outcome, by_id):
        decisions = Decision.objects.filter(council=self.council(source))
        if outcome is not None:
            decisions = decisions.filter(outcome=outcome)
        target = self.council(to)
        self.wrote(
            decisions.update(**({"council_id": target.pk} if by_id else {"council": target}))
        )

    @rule(council=picks, decided_at=offsets, received_before=small)
    def update_dates(self, council, decided_at, received_before):
        fields = decision_fields(
            self.council(0), Outcome.UPHELD, decided_at, received_before, None, False
        )
        self.wrote(
            self.free()
            .filter(council=self.council(council))
            .update(
                decision_date=fields["decision_date"],
                received_date=fields["received_date"],
                published_on=None,
            )
        )

    @rule(
        rows=st.lists(
            st.tuples(picks, outcomes, offsets, st.none() | small, st.booleans()),
            min_size=1,
            max_size=4,
        ),
        due=small,
    )
    def bulk_create(self, rows, due):
        created = Decision.objects.bulk_create(
            [
                self.new_decision(self.council(c), outcome, decided_at, received, 5, remedied)
                for c, outcome, decided_at, received, remedied in rows
            ]
        )
        Recommendation.objects.bulk_create(
            [
                self.new_recommendation(d, due, status, due)
                for d, status in zip(created, DONE * 2, strict=False)
                if d.outcome == Outcome.UPHELD
            ]
        )
        self.wrote()

    @rule(changes=st.lists(st.tuples(picks, picks, outcomes), min_size=1, max_size=5))
    def bulk_update(self, changes):
        decisions = {}
        for pick, council, outcome in changes:
            decision = self.pick(Decision.objects.all(), pick)
            if decision is None:
                continue
            decision = decisions.setdefault(decision.pk, decision)
            decision.council = self.council(council)
            if not decision.recommendations.exists():
                decision.outcome = outcome
                decision.remedied_by_authority &= outcome == Outcome.UPHELD
        self.wrote(
            Decision.objects.bulk_update(
                list(decisions.values()),
                ["council", "outcome", "remedied_by_authority"],
                batch_size=2,
            )
        )

    @rule(council=picks, outcome=st.none() | outcomes)
    def queryset_delete(self, council, outcome):
        decisions = Decision.objects.filter(council=self.council(council))
        if outcome is not None:
            decisions = decisions.filter(outcome=outcome)
        deleted, _ = decisions.delete()
        self.wrote(deleted)

    @rule(pick=picks, due=small, status=statuses, recorded_after=small)
    def create_recommendation(self, pick, due, status, recorded_after):
        decision = self.pick(Decision.objects.filter(outcome=Outcome.UPHELD), pick)
        if decision is not None:
            self.new_recommendation(decision, due, status, recorded_after).save()
            self.wrote()

    @rule(pick=picks, status=statuses, recorded_after=small)
    def change_status_by_save(self, pick, status, recorded_after):
        recommendation = self.pick(Recommendation.objects.select_related("decision"), pick)
        if recommendation is None:
            return
        recommendation.status, recommendation.outcome_date = compliance(
            recommendation.decision.decision_date, recommendation.due_date, status, recorded_after
        )
        recommendation.save()
        self.wrote()

    @rule(pick=picks)
    def delete_one_recommendation(self, pick):
        recommendation = self.pick(Recommendation.objects.all(), pick)
        if recommendation is not None:
            recommendation.delete()
            self.wrote()

    @rule(council=picks, status=statuses, recorded_after=small)
    def update_statuses(self, council, status, recorded_after):
        recommendations = Recommendation.objects.filter(decision__council=self.council(council))
        latest = recommendations.aggregate(
            decided=Max("decision__decision_date"), due=Max("due_date")
        )
        if latest["decided"] is None:
            return
        status, recorded = compliance(latest["decided"], latest["due"], status, recorded_after)
        self.wrote(recommendations.update(status=status, outcome_date=recorded))

    @rule(council=picks, pick=picks)
    def update_recommendations_to_another_decision(self, council, pick):
        target = self.pick(Decision.objects.filter(outcome=Outcome.UPHELD), pick)
        if target is None:
            return
        movable = Recommendation.objects.filter(decision__council=self.council(council)).filter(
            Q(outcome_date__isnull=True) | Q(outcome_date__gte=target.decision_date)
        )
        self.wrote(movable.update(decision=target))

    @rule(
        changes=st.lists(
            st.tuples(picks, statuses, small, st.none() | picks), min_size=1, max_size=4
        )
    )
    def bulk_update_recommendations(self, changes):
        recommendations = {}
        upheld = list(Decision.objects.filter(outcome=Outcome.UPHELD).order_by("pk"))
        for pick, status, recorded_after, move_to in changes:
            recommendation = self.pick(Recommendation.objects.select_related("decision"), pick)
            if recommendation is None:
                continue
            recommendation = recommendations.setdefault(recommendation.pk, recommendation)
            if move_to is not None:
                recommendation.decision = upheld[move_to % len(upheld)]
            recommendation.status, recommendation.outcome_date = compliance(
                recommendation.decision.decision_date,
                recommendation.due_date,
                status,
                recorded_after,
            )
        self.wrote(
            Recommendation.objects.bulk_update(
                list(recommendations.values()), ["decision", "status", "outcome_date"]
            )
        )

    @rule(pick=picks, due=small, recorded_after=small)
    def bulk_create_recommendations(self, pick, due, recorded_after):
        upheld = list(Decision.objects.filter(outcome=Outcome.UPHELD).order_by("pk"))
        if not upheld:
            return
        chosen = upheld[pick % len(upheld) :][:3]
        Recommendation.objects.bulk_create(
            [
                self.new_recommendation(d, due, status, recorded_after)
                for d, status in zip(chosen, DONE, strict=False)
            ]
        )
        self.wrote()

    @rule(council=picks, status=st.none() | statuses)
    def queryset_delete_recommendations(self, council, status):
        recommendations = Recommendation.objects.filter(decision__council=self.council(council))
        if status is not None:
            recommendations = recommendations.filter(status=status)
        deleted, _ = recommendations.delete()
        self.wrote(deleted)

    @rule(
        rows=st.lists(
            st.tuples(picks, outcomes, offsets, st.none() | small, st.booleans()),
            min_size=1,
            max_size=3,
        ),
        again=st.none() | picks,
        due=small,
        status=st.sampled_from(DONE),
    )
    def import_file(self, rows, again, due, status):
        decisions = [
            self.new_decision(self.council(c), outcome, decided_at, received, None, remedied)
            for c, outcome, decided_at, received, remedied in rows
        ]
        if again is not None:
            # A stored decision again, moved to another council: an update.
            stored = self.pick(self.free(), again)
            if stored is not None:
                stored.council = self.council(again + 1)
                decisions.append(stored)
        gss = {c.pk: c.gss_code for c in self.councils}
        decisions_path = self.tmp_path / "decisions.csv"
        with decisions_path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                ["reference", "council", "received_date", "decision_date", "category", "outcome"]
                + ["remedied_by_authority"]
            )
            for d in decisions:
                writer.writerow(
                    [
                        d.reference,
                        gss[d.council_id],
                        d.received_date or "",
                        d.decision_date,
                        "Housing",
                        d.outcome,
                        "yes" if d.remedied_by_authority else "no",
                    ]
                )
        recommendations_path = self.tmp_path / "recommendations.csv"
        with recommendations_path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                ["decision_reference", "kind", "description", "due_date", "status", "outcome_date"]
            )
            for d in decisions[: len(rows)]:
                if d.outcome == Outcome.UPHELD:
                    r = self.new_recommendation(d, due, status, due)
                    writer.writerow(
                        [d.reference, "apology", "Apologise.", r.due_date, r.status, r.outcome_date]
                    )
        try:
            decisions_import(
                decisions_path=decisions_path, recommendations_path=recommendations_path
            )
        except DataImportError:
            exercised["import refused"] += 1  # nothing written; the tallies are checked anyway
        else:
            exercised["import"] += 1
            self.wrote()

    @precondition(lambda self: Decision.history.filter(history_type="-").exists())
    @rule(pick=picks)
    def restore(self, pick):
        existing = set(Decision.objects.values_list("pk", flat=True))
        taken = set(Decision.objects.values_list("reference", flat=True))
        candidates = [
            record
            for record in Decision.history.filter(history_type="-").order_by("history_id")
            if record.id not in existing
            and record.reference not in taken
            and self._restorable(record)
        ]
        if not candidates:
            exercised["nothing to restore"] += 1
            return
        try:
            history_restore(record=candidates[pick % len(candidates)])
        except RestoreError:
            exercised["restore refused"] += 1
            return
        exercised["restore"] += 1
        self.wrote()

    def _restorable(self, record) -> bool:
        """Whether the recommendations a restore brings back with the decision still obey the
        rules (its outcome and date may have changed since they were deleted)."""
        returning = Recommendation.history.filter(
            decision_id=record.id,
            history_type="-",
            history_date__range=(record.history_date - CASCADE_WINDOW, record.history_date),
        )
        return all(
            record.outcome == Outcome.UPHELD
            and (r.outcome_date is None or r.outcome_date >= record.decision_date)
            for r in returning
        )

    # After every step

    @invariant()
    def tallies_are_a_recount(self):
        assert stored() == recount()

    @invariant()
    def a_change_bumps_the_version(self):
        version = data_version()
        if self.changed:
            assert version != self.version
        self.version, self.changed = version, False


def test_no_sequence_of_writes_makes_the_tallies_drift(db, tmp_path):
    TallyMachine.councils = [
        CouncilFactory(
            gss_code=f"E0690{n:04d}", short_name=f"Drift {n}", start_date=dt.date(2009, 4, 1)
        )
        for n in range(3)
    ]
    TallyMachine.tmp_path = tmp_path
    exercised.clear()
    run_state_machine_as_test(
        TallyMachine,
        settings=settings(
            max_examples=60,
            stateful_step_count=25,
            derandomize=True,  # the same sequences on every run: a failure can be reproduced
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )
    assert exercised["import"] and exercised["restore"], exercised
