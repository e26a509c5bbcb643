"""One import at a time (decisions.services.imports.serial): two staff importing the same new
file at once got a 500 for one of them (a unique reference inserted twice). Now the second
stops with a message and writes nothing, and what a database refuses during an import is a
refusal, not a server error."""

import threading

import pytest
from django.db import IntegrityError, OperationalError, connection, connections, transaction

from councils.services.errors import DataImportError
from decisions.models import Decision
from decisions.services.imports import core, decisions_import, serial

from .decision_files import DECISION_HEADER, decision, write_csv

ON_POSTGRESQL = connection.vendor == "postgresql"


def _lock_holder():
    """Another import's transaction, holding the import lock until `release` is set."""
    held, release = threading.Event(), threading.Event()

    def other_import():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [serial.IMPORT_LOCK])
            held.set()
            release.wait(30)
        connections.close_all()

    holder = threading.Thread(target=other_import)
    holder.start()
    return holder, held, release


def _file(tmp_path, name="d.csv"):
    rows = [decision(ref=f"22 500 {n:03d}", council="E07900001") for n in range(20)]
    return write_csv(tmp_path / name, DECISION_HEADER, rows)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "error, message",
    [
        (OperationalError("database is locked"), "another import is running"),
        (IntegrityError("duplicate key value"), "another write got there first"),
    ],
)
def test_a_write_the_database_refuses_is_a_refusal(world, tmp_path, monkeypatch, error, message):
    def refused(*args, **kwargs):
        raise error

    monkeypatch.setattr(core, "_write_decisions", refused)
    with pytest.raises(DataImportError, match=message):
        decisions_import(decisions_path=_file(tmp_path))
    assert not Decision.objects.filter(reference__startswith="22 500").exists()


@pytest.mark.django_db
def test_other_database_errors_are_not_hidden(world, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(core, "_write_decisions", broken)
    with pytest.raises(OperationalError):
        decisions_import(decisions_path=_file(tmp_path))


@pytest.mark.skipif(not ON_POSTGRESQL, reason="SQLite serialises writers itself (tested above)")
@pytest.mark.django_db(transaction=True)
def test_an_import_while_another_holds_the_lock_stops_at_once(world, tmp_path):
    holder, held, release = _lock_holder()
    try:
        assert held.wait(30)
        with pytest.raises(DataImportError, match="another import is running"):
            decisions_import(decisions_path=_file(tmp_path))
        assert not Decision.objects.filter(reference__startswith="22 500").exists()
    finally:
        release.set()
        holder.join(30)
    decisions_import(decisions_path=_file(tmp_path))  # free again
    assert Decision.objects.filter(reference__startswith="22 500").count() == 20


@pytest.mark.skipif(not ON_POSTGRESQL, reason="SQLite serialises writers itself (tested above)")
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_new_file_at_once(world, tmp_path):
    outcomes = []

    def import_it(name):
        try:
            decisions_import(decisions_path=_file(tmp_path, name))
            outcomes.append("imported")
        except DataImportError as error:
            outcomes.append(str(error))
        except Exception as error:  # noqa: BLE001 - the test is that there is none
            outcomes.append(f"ERROR {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=import_it, args=(f"{n}.csv",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert "imported" in outcomes
    assert not [o for o in outcomes if o.startswith("ERROR")], outcomes
    assert Decision.objects.filter(reference__startswith="22 500").count() == 20


@pytest.mark.skipif(not ON_POSTGRESQL, reason="SQLite serialises writers itself (tested above)")
@pytest.mark.django_db(transaction=True)
def test_a_background_import_waits_for_the_one_running(world, tmp_path):
    """The task worker's imports (wait=True) queue behind each other instead of failing: the
    second starts when the first's transaction ends."""
    outcome = []

    def waiting_import():
        try:
            outcome.append(decisions_import(decisions_path=_file(tmp_path), wait=True))
        finally:
            connections.close_all()

    holder, held, release = _lock_holder()
    assert held.wait(30)
    waiter = threading.Thread(target=waiting_import)
    waiter.start()
    try:
        waiter.join(1)
        assert waiter.is_alive() and not outcome  # still waiting for the lock
    finally:
        release.set()
        holder.join(30)
    waiter.join(30)
    assert outcome and outcome[0].decisions_created == 20
