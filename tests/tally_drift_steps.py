"""The steps of the tally drift test's state machine that write decisions and recommendations
the ordinary ways: saves and deletes of single rows, queryset updates and deletes, bulk creates
and updates. The test's machine (tests/test_tally_drift.py) adds the import and the restore,
and the checks made after every step.
"""

from __future__ import annotations

from django.db.models import Max, Q
from hypothesis import strategies as st
from hypothesis.stateful import initialize, rule

from decisions.choices import ComplianceStatus, Outcome
from decisions.models import Decision, Recommendation

from .tally_drift import (
    DONE,
    MachineBase,
    compliance,
    decision_fields,
    offsets,
    outcomes,
    picks,
    small,
    statuses,
)


class WriteSteps(MachineBase):
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
