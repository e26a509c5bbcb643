"""A data version is never handed out twice, so nothing computed inside a rolled-back transaction
(and cached under the version it saw there) is ever served as current.

The autouse fixture in conftest clears every memo around each test, which would hide a poisoned
entry between tests: each test here does the whole story (roll back, then change for real) in
one test, with the memos and the shared cache as a running site would have them.
"""

import threading

import pytest
from django.db import connection, transaction

from decisions.choices import Outcome
from decisions.models import Decision
from decisions.statistics import live_year_table, year_table
from ombudsman.cache import derived_clear
from ombudsman.dataversion import data_changed, data_version, data_version_forget
from ombudsman.years import ReportingYear

YEAR = ReportingYear(2022)


class Rollback(Exception):
    pass


def row(table: dict, gss_code: str) -> dict:
    return next(r for r in table["councils"] if r["gss_code"] == gss_code)


def fresh() -> dict:
    """What the year table must say: computed now from the database, bypassing every cache."""
    table = live_year_table(YEAR)
    for r in [*table["councils"], *table["averages"].values(), table["england"]]:
        r["revision"] = None
    return table


def downgrade(council) -> None:
    decision = Decision.objects.filter(council=council, outcome=Outcome.UPHELD).first()
    decision.outcome = Outcome.NOT_UPHELD
    decision.remedied_by_authority = False
    decision.save()


def rolled_back_write_then_real_write(world) -> None:
    felpersham, ambridge = world["felpersham"].gss_code, world["ambridge"].gss_code
    v0 = data_version()
    before = year_table(YEAR)
    assert before == fresh()
    upheld = row(before, felpersham)["upheld"]

    with pytest.raises(Rollback), transaction.atomic():
        downgrade(world["felpersham"])
        inside = data_version()
        assert inside != v0
        poisoned = year_table(YEAR)  # cached in the memo and the shared cache under `inside`
        assert row(poisoned, felpersham)["upheld"] == upheld - 1
        raise Rollback

    after_rollback = data_version()
    assert after_rollback != inside
    assert row(year_table(YEAR), felpersham)["upheld"] == upheld
    assert year_table(YEAR) == fresh()

    # A real change: its version must not be the rolled-back one, or the poisoned table (which
    # has Felpersham's rolled-back change and not Ambridge's) would be served for it.
    ambridge_upheld = row(before, ambridge)["upheld"]
    downgrade(world["ambridge"])
    committed = data_version()
    assert committed not in (v0, inside)
    table = year_table(YEAR)
    assert row(table, felpersham)["upheld"] == upheld
    assert row(table, ambridge)["upheld"] == ambridge_upheld - 1
    assert table == fresh()

    # Another process: no memo of its own, only the shared cache.
    derived_clear()
    data_version_forget()
    assert data_version() == committed
    assert year_table(YEAR) == fresh()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_poisons_no_cache(world):
    assert not connection.in_atomic_block  # a real transaction, really rolled back
    rolled_back_write_then_real_write(world)


@pytest.mark.django_db
def test_a_rolled_back_savepoint_poisons_no_cache(world):
    # The same inside an outer transaction (the test's): the inner block is a savepoint.
    assert connection.in_atomic_block
    rolled_back_write_then_real_write(world)


@pytest.mark.django_db(transaction=True)
def test_versions_never_repeat_after_rollbacks(db):
    handed_out = []
    for _ in range(5):
        with pytest.raises(Rollback), transaction.atomic():
            data_changed()
            handed_out.append(data_version())
            raise Rollback
        data_changed()
        handed_out.append(data_version())
    assert len(set(handed_out)) == len(handed_out)


@pytest.mark.django_db(transaction=True)
def test_a_version_read_inside_a_transaction_stays_in_its_thread(db):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite locks the database for the writer: the other thread cannot read")
    data_changed()
    committed = data_version()
    seen = {}

    def other_request():
        try:
            seen["version"] = data_version()
        finally:
            connection.close()

    with transaction.atomic():
        data_changed()
        assert data_version() != committed
        # Another thread of the same process (a threaded server) has its own connection, which
        # does not see the uncommitted version: it must not take this thread's memo of it.
        thread = threading.Thread(target=other_request)
        thread.start()
        thread.join()
    assert seen["version"] == committed


@pytest.mark.django_db(transaction=True)
def test_what_a_rolled_back_batch_computed_is_never_served(world):
    from decisions.statistics import years_with_data
    from ombudsman.dataversion import batched_changes

    from .factories import DecisionFactory

    before = [y.label for y in years_with_data()]
    assert before[0] == "2021-22"
    with pytest.raises(Rollback), transaction.atomic(), batched_changes():
        DecisionFactory(
            council=world["ambridge"],
            reference="19 900 999",
            received_date=ReportingYear(2019).first_day,
            decision_date=ReportingYear(2019).first_day,
        )
        # Computed while the batch's rows are uncommitted: cached under a version of its own.
        assert years_with_data()[0].label == "2019-20"
        raise Rollback
    assert [y.label for y in years_with_data()] == before
