"""Nothing is lost or half-written: a failure in the middle of an import, a publication or the
drafting of letters leaves the database exactly as it was."""

import csv

import pytest

from councils.models import Postcode
from decisions.models import AnnualLetter, Decision, Recommendation, StatisticsSnapshot
from decisions.services import letters as letters_service
from decisions.services import publishing
from decisions.services.imports import core as import_core
from decisions.services.imports import decisions_import
from ombudsman.dataversion import data_version
from ombudsman.years import ReportingYear

pytestmark = pytest.mark.django_db


class Injected(RuntimeError):
    pass


def snapshot():
    return (
        Decision.objects.count(),
        Recommendation.objects.count(),
        AnnualLetter.objects.count(),
        StatisticsSnapshot.objects.count(),
        Decision.history.count(),
        data_version(),
    )


def write(path, header, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_import_failing_after_the_decisions_were_written(world, tmp_path, monkeypatch):
    decisions = write(
        tmp_path / "d.csv",
        ["reference", "council", "decision_date", "category", "outcome"],
        [[f"22 600 {i:03d}", "E06900001", "2022-09-01", "Housing", "upheld"] for i in range(50)],
    )
    recommendations = write(
        tmp_path / "r.csv",
        ["decision_reference", "kind", "description", "due_date", "status"],
        [["22 600 001", "apology", "Apologise.", "2022-10-01", "pending"]],
    )
    before = snapshot()

    def fail(*args, **kwargs):
        raise Injected("disk full")

    monkeypatch.setattr(import_core, "_write_recommendations", fail)
    with pytest.raises(Injected):
        decisions_import(decisions_path=decisions, recommendations_path=recommendations)
    assert snapshot() == before
    assert not Decision.objects.filter(reference__startswith="22 600").exists()


def test_import_failing_in_the_second_batch(world, tmp_path, monkeypatch):
    monkeypatch.setattr(import_core, "BATCH_SIZE", 10)
    calls = {"n": 0}
    real = import_core._write_decisions

    def fail_second(run, parsed):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Injected("connection lost")
        real(run, parsed)

    monkeypatch.setattr(import_core, "_write_decisions", fail_second)
    path = write(
        tmp_path / "d.csv",
        ["reference", "council", "decision_date", "category", "outcome"],
        [[f"22 601 {i:03d}", "E06900001", "2022-09-01", "Housing", "upheld"] for i in range(25)],
    )
    before = snapshot()
    with pytest.raises(Injected):
        decisions_import(decisions_path=path)
    assert calls["n"] == 2
    assert snapshot() == before


def test_publishing_failing_half_way(world, monkeypatch):
    before = snapshot()

    def fail(*args, **kwargs):
        raise Injected("out of memory")

    monkeypatch.setattr(publishing.StatisticsSnapshot.objects, "update_or_create", fail)
    with pytest.raises(Injected):
        publishing.statistics_publish(year=ReportingYear(2022))
    assert snapshot() == before


def test_drafting_letters_failing_after_some(world, monkeypatch):
    before = snapshot()
    real = letters_service.letter_body
    calls = {"n": 0}

    def fail_third(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise Injected("template error")
        return real(**kwargs)

    monkeypatch.setattr(letters_service, "letter_body", fail_third)
    with pytest.raises(Injected):
        letters_service.letters_generate(year=ReportingYear(2022))
    assert snapshot() == before


def test_postcode_import_failing_half_way(db, tmp_path, monkeypatch):
    from councils.services import postcodes_import

    path = write(
        tmp_path / "pc.csv",
        ["pcds", "lat", "long"],
        [[f"FE{i} 1AB", "52.0", "-1.0"] for i in range(30)],
    )
    real = Postcode.objects.bulk_create
    calls = {"n": 0}

    def fail_second(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Injected("connection lost")
        return real(*args, **kwargs)

    monkeypatch.setattr(Postcode.objects, "bulk_create", fail_second)
    with pytest.raises(Injected):
        postcodes_import.postcodes_import(path=path, batch_size=10)
    assert Postcode.objects.count() == 0
