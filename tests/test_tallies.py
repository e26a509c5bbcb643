"""The tallies behind the statistics stay equal to a recount from the decisions whatever writes
them: saves and deletes (admin, restore), moves between councils and years, bulk work, and the
migration that fills them for a database that already has decisions."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from decisions.choices import ComplianceStatus, Outcome
from decisions.models import CouncilYearTally, Decision, Recommendation
from decisions.services.tallies import tallies_refresh
from ombudsman.dataversion import batched_changes

from .factories import DecisionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

COLUMNS = [
    f.name for f in CouncilYearTally._meta.get_fields() if f.concrete and f.name not in ("id",)
]


def stored() -> set[tuple]:
    return {
        tuple(row)
        for row in CouncilYearTally.objects.values_list(
            *(c if c != "council" else "council_id" for c in COLUMNS)
        )
    }


def recounted() -> set[tuple]:
    """What a recount from scratch gives, without touching the stored tallies."""
    with transaction.atomic():
        before = stored()
        tallies_refresh()
        after = stored()
        transaction.set_rollback(True)
    assert stored() == before
    return after


def assert_in_step():
    assert stored() == recounted()


def tally(council, start_year: int) -> CouncilYearTally | None:
    return CouncilYearTally.objects.filter(council=council, year=start_year).first()


def test_world_built_by_saves_is_in_step(world):
    assert CouncilYearTally.objects.exists()
    assert_in_step()
    felpersham = tally(world["felpersham"], 2022)
    assert felpersham.upheld == 3
    assert felpersham.satisfactory_remedies == 1


def test_a_count_of_zero_years_is_not_stored_and_reads_as_zero(world):
    # The world has decisions in 2021-22 and 2022-23 only.
    assert not CouncilYearTally.objects.filter(year=2019).exists()
    from decisions.statistics import live_year_table
    from ombudsman.years import ReportingYear

    table = live_year_table(ReportingYear(2019))
    assert table["england"]["decisions"] == 0
    assert all(row["decisions"] == 0 for row in table["councils"])


def test_moving_a_decision_to_another_council_recounts_both(world):
    decision = Decision.objects.filter(council=world["felpersham"], outcome=Outcome.UPHELD).first()
    year = decision.year.start_year
    before = tally(world["felpersham"], year).upheld
    decision.council = world["ambridge"]
    decision.save()
    assert tally(world["felpersham"], year).upheld == before - 1
    assert_in_step()


def test_moving_a_decision_to_another_year_recounts_both_years(world):
    decision = Decision.objects.filter(
        council=world["felpersham"], decision_date__year=2022, outcome=Outcome.UPHELD
    ).first()
    decision.decision_date = dt.date(2024, 5, 1)
    decision.published_on = None
    decision.save()
    assert tally(world["felpersham"], 2024).upheld == 1
    assert_in_step()


def test_compliance_change_and_deletes_are_counted(world):
    recommendation = Recommendation.objects.filter(status=ComplianceStatus.COMPLIED).first()
    recommendation.status = ComplianceStatus.NOT_COMPLIED
    recommendation.save()
    assert_in_step()
    recommendation.delete()
    assert_in_step()
    # Deleting a decision cascades to its recommendations; the decision row is gone when the
    # recommendations' signals could ask for its council.
    decision = Decision.objects.filter(recommendations__isnull=False).first()
    decision.delete()
    assert_in_step()


def test_a_batch_recounts_once_at_the_end_and_not_after_a_failure(
    world, django_assert_max_num_queries
):
    council = world["hassett"]
    with batched_changes():
        for n in range(5):
            DecisionFactory(council=council, reference=f"24 100 {n:03d}")
        assert tally(council, 2022) is None  # deferred
    assert tally(council, 2022).upheld == 5
    assert_in_step()

    # A database error inside the batch: the transaction is broken, so the deferred recount must
    # not run (it would replace the IntegrityError by "can't execute queries").
    with pytest.raises(IntegrityError), transaction.atomic(), batched_changes():
        DecisionFactory(council=council, reference="24 100 999")
        DecisionFactory(council=council, reference="24 100 999")
    assert tally(council, 2022).upheld == 5
    assert_in_step()


def test_recommendation_of_a_new_decision(world):
    decision = DecisionFactory(council=world["ambridge"], reference="23 555 001")
    RecommendationFactory(
        decision=decision, status=ComplianceStatus.COMPLIED_LATE, outcome_date=dt.date(2023, 1, 5)
    )
    assert tally(world["ambridge"], 2022).complied_late >= 1
    assert_in_step()


def test_restoring_a_deleted_decision_counts_it_again(world):
    from decisions.services.restore import history_restore

    decision = Decision.objects.filter(recommendations__isnull=False).first()
    decision.delete()
    record = Decision.history.filter(history_type="-", reference=decision.reference).first()
    history_restore(record=record)
    assert_in_step()


def test_sample_generator_recounts(db):
    from django.core.management import call_command

    call_command("loaddata", "fixtures/councils.json", verbosity=0)
    call_command("generate_sample_data", "--years", "2023-24", "--scale", "0.05", verbosity=0)
    assert CouncilYearTally.objects.filter(year=2023).exists()
    assert_in_step()


def test_the_migration_fills_tallies_for_existing_decisions(world):
    CouncilYearTally.objects.all().delete()
    migration = importlib.import_module("decisions.migrations.0004_council_year_tallies")
    migration.tallies_fill(apps, None)
    assert CouncilYearTally.objects.exists()
    assert_in_step()


def test_recount_command_repairs_tallies_after_raw_sql(world):
    from django.core.management import call_command
    from django.db import connection

    with connection.cursor() as cursor:  # a change that no signal sees
        cursor.execute(
            f"UPDATE {Decision._meta.db_table} SET outcome = %s, remedied_by_authority = %s "
            "WHERE outcome = %s",
            [Outcome.NOT_UPHELD, False, Outcome.UPHELD],
        )
    assert stored() != recounted()
    call_command("recount_tallies", verbosity=0)
    assert_in_step()
    assert not CouncilYearTally.objects.filter(upheld__gt=0).exists()


# Bulk writes send no post_save signal: the querysets recount and bump the data version.


def version_changes(action) -> bool:
    from ombudsman.dataversion import data_version

    before = data_version()
    action()
    return data_version() != before


def test_queryset_update_of_outcomes_recounts(world):
    upheld = Decision.objects.filter(council=world["felpersham"], outcome=Outcome.UPHELD)
    assert version_changes(
        lambda: upheld.update(outcome=Outcome.NOT_UPHELD, remedied_by_authority=False)
    )
    assert tally(world["felpersham"], 2022).upheld == 0
    assert_in_step()
    # Through a related manager too, and a change of dates moves counts between years.
    world["ambridge"].decisions.filter(outcome=Outcome.NOT_UPHELD).update(
        decision_date=dt.date(2024, 6, 1), published_on=None
    )
    assert tally(world["ambridge"], 2024).not_upheld == 4
    assert_in_step()


def test_queryset_update_moving_decisions_recounts_both_councils(world):
    moved = Decision.objects.filter(council=world["ambridge"], outcome=Outcome.UPHELD)
    moved.update(council=world["hassett"])  # the filter no longer matches the rows afterwards
    assert tally(world["ambridge"], 2022).upheld == 0
    assert tally(world["hassett"], 2022).upheld == 8
    assert_in_step()
    Decision.objects.filter(council=world["hassett"]).update(council_id=world["ambridge"].pk)
    assert_in_step()
    # An expression gives each row its own council.
    from django.db.models import Case, Value, When

    Decision.objects.filter(council__in=[world["ambridge"], world["felpersham"]]).update(
        council_id=Case(
            When(council=world["ambridge"], then=Value(world["felpersham"].pk)),
            default=Value(world["hassett"].pk),
        )
    )
    assert not CouncilYearTally.objects.filter(council=world["ambridge"]).exists()
    assert_in_step()


def test_an_update_that_matches_nothing_changes_nothing(world):
    nothing = Decision.objects.filter(reference="99 999 999")
    assert not version_changes(lambda: nothing.update(outcome=Outcome.UPHELD))


def test_recommendation_updates_recount(world):
    complied = Recommendation.objects.filter(status=ComplianceStatus.COMPLIED)
    complied.update(status=ComplianceStatus.NOT_COMPLIED)
    assert tally(world["ambridge"], 2022).complied == 0
    assert_in_step()
    # Moving recommendations to a decision of another council.
    target = Decision.objects.filter(council=world["hassett"]).first() or DecisionFactory(
        council=world["hassett"], reference="22 777 001"
    )
    Recommendation.objects.filter(decision__council=world["ambridge"]).update(decision=target)
    assert tally(world["ambridge"], 2022).not_complied == 0
    assert tally(world["hassett"], 2022).not_complied > 0
    assert_in_step()


def test_bulk_create_recounts(world):
    council = world["hassett"]
    decisions = Decision.objects.bulk_create(
        [
            Decision(
                reference=f"22 800 {n:03d}",
                council=council,
                category="Housing",
                decision_date=dt.date(2022, 9, 1),
                received_date=dt.date(2022, 5, 1),
                outcome=Outcome.UPHELD,
            )
            for n in range(3)
        ]
    )
    assert tally(council, 2022).upheld == 3
    assert_in_step()
    assert version_changes(
        lambda: Recommendation.objects.bulk_create(
            [
                Recommendation(
                    decision=d,
                    kind="apology",
                    description="Apologise.",
                    due_date=dt.date(2022, 10, 1),
                    status=ComplianceStatus.COMPLIED,
                    outcome_date=dt.date(2022, 11, 1),
                )
                for d in decisions
            ]
        )
    )
    assert tally(council, 2022).complied == 3
    assert_in_step()


def test_bulk_create_upserting_a_decision_into_another_council_recounts_both(world):
    stored = Decision.objects.filter(council=world["ambridge"], outcome=Outcome.UPHELD).first()
    replacement = Decision(
        reference=stored.reference,
        council=world["hassett"],
        category="Housing",
        decision_date=stored.decision_date,
        outcome=Outcome.UPHELD,
    )
    Decision.objects.bulk_create(
        [replacement],
        update_conflicts=True,
        unique_fields=["reference"],
        update_fields=["council", "received_date", "remedied_by_authority"],
    )
    assert Decision.objects.get(pk=stored.pk).council_id == world["hassett"].pk
    assert tally(world["ambridge"], 2022).upheld == 7
    assert_in_step()


def test_bulk_update_recounts_once(world, monkeypatch):
    from decisions.services import tallies

    calls = []
    original = tallies.tallies_refresh
    monkeypatch.setattr(
        tallies, "tallies_refresh", lambda ids=None, **kw: calls.append(ids) or original(ids, **kw)
    )
    decisions = list(Decision.objects.filter(council=world["ambridge"]))
    for n, decision in enumerate(decisions):
        if n % 2:
            decision.council = world["hassett"]
        decision.outcome = Outcome.ADVICE_GIVEN
        decision.remedied_by_authority = False
    assert version_changes(
        lambda: Decision.objects.bulk_update(
            decisions, ["council", "outcome", "remedied_by_authority"], batch_size=5
        )
    )
    assert len(calls) == 1  # one recount for every batch
    assert tally(world["hassett"], 2022).advice_given == len(decisions) // 2
    assert_in_step()

    recommendations = list(Recommendation.objects.filter(status=ComplianceStatus.COMPLIED))
    target = Decision.objects.filter(council=world["county"]).first()
    for recommendation in recommendations[::2]:
        recommendation.decision = target
    for recommendation in recommendations[1::2]:
        recommendation.status = ComplianceStatus.NOT_COMPLIED
    Recommendation.objects.bulk_update(recommendations, ["decision", "status"])
    assert tally(world["county"], 2022).complied > 0
    assert_in_step()


def test_queryset_delete_recounts_once(world, monkeypatch):
    # Django deletes row by row, with signals, since they are connected; the queryset makes
    # that one recount and one bump.
    from decisions.services import tallies
    from ombudsman import dataversion

    calls, bumps = [], []
    original = tallies.tallies_refresh
    monkeypatch.setattr(
        tallies, "tallies_refresh", lambda ids=None, **kw: calls.append(ids) or original(ids, **kw)
    )
    monkeypatch.setattr(
        dataversion, "_bump_sqlite", lambda b=dataversion._bump_sqlite: bumps.append(1) or b()
    )
    monkeypatch.setattr(
        dataversion,
        "_bump_postgresql",
        lambda b=dataversion._bump_postgresql: bumps.append(1) or b(),
    )
    Recommendation.objects.filter(decision__council=world["ambridge"]).delete()
    # Two bumps, not one per row: at the batch's start and at its end (see batched_changes).
    assert (len(calls), len(bumps)) == (1, 2)
    assert tally(world["ambridge"], 2022).complied == 0
    assert_in_step()
    calls.clear()
    deleted, _ = Decision.objects.filter(
        council__in=[world["felpersham"], world["loxley"]]
    ).delete()
    assert deleted > 10
    assert len(calls) == 1
    assert_in_step()
    assert not CouncilYearTally.objects.filter(council=world["felpersham"]).exists()


def test_queryset_delete_recounts_without_signals(world):
    # Without the tally signal (a receiver disconnected, or none, which lets Django delete in bulk
    # without any signal) the queryset still recounts the councils it deleted from.
    from django.db.models.signals import post_delete

    from decisions import signals

    assert post_delete.disconnect(sender=Decision, dispatch_uid="tally-delete-decisions.Decision")
    try:
        Decision.objects.filter(council=world["felpersham"]).delete()
    finally:
        post_delete.connect(
            signals._recount, sender=Decision, dispatch_uid="tally-delete-decisions.Decision"
        )
    assert_in_step()


def test_bulk_writes_inside_a_batch_wait_for_its_end(world):
    with batched_changes():
        Decision.objects.filter(council=world["ambridge"]).update(
            outcome=Outcome.ADVICE_GIVEN, remedied_by_authority=False
        )
        assert tally(world["ambridge"], 2022).upheld == 8  # deferred
    assert tally(world["ambridge"], 2022).upheld == 0
    assert_in_step()
