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
