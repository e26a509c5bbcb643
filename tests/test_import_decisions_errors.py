"""Bulk import of decisions and recommendations, what it refuses: every kind of bad row, each
named by line and column and all reported at once, a duplicate reference, a missing column, a
wrong encoding, a truncated or empty file, a NUL in the text, and a failure while a batch is
written; in every case nothing changes."""

import pytest

from councils.services.errors import DataImportError
from decisions.models import Decision, Recommendation
from decisions.services.imports import decisions_import
from tests.decision_files import (
    DECISION_HEADER,
    RECOMMENDATION_HEADER,
    decision,
    recommendation,
    write_csv,
)

pytestmark = pytest.mark.django_db


BAD_DECISIONS = [
    (decision(council="E99999999"), "council", "unknown council"),
    (decision(council="Nowhere Borough Council"), "council", "unknown council"),
    (decision(decision_date="01/09/2022"), "decision_date", "is not a date"),
    (decision(received_date="2022-02-30"), "received_date", "is not a date"),
    (decision(ref="22-001-001"), "reference", "is not a reference"),
    (decision(ref="2 001 001"), "reference", "is not a reference"),
    (decision(outcome="partly upheld"), "outcome", "is not an outcome"),
    (
        decision(outcome="not_upheld", remedied_by_authority="yes"),
        "remedied_by_authority",
        "only possible on an upheld decision",
    ),
    (decision(remedied_by_authority="maybe"), "remedied_by_authority", "is not yes/no"),
    (decision(report_type="memo"), "report_type", "is not one of"),
    (decision(received_date="2022-10-01"), "decision_date", "before the received date"),
    (decision(category=""), "category", "required"),
]


@pytest.mark.parametrize("bad_row, column, reason", BAD_DECISIONS)
def test_each_bad_decision_row_is_named_and_nothing_changes(
    world, tmp_path, bad_row, column, reason
):
    before = Decision.objects.count()
    good = [decision(f"22 002 {i:03d}") for i in range(5)]
    path = write_csv(tmp_path / "d.csv", DECISION_HEADER, [*good[:3], bad_row, *good[3:]])
    with pytest.raises(DataImportError) as caught:
        decisions_import(decisions_path=path)
    assert f"d.csv line 5, column {column}: " in str(caught.value)
    assert reason in str(caught.value)
    assert len(caught.value.problems) == 1
    assert Decision.objects.count() == before


def test_duplicate_reference_in_the_file(world, tmp_path):
    path = write_csv(tmp_path / "d.csv", DECISION_HEADER, [decision(), decision()])
    with pytest.raises(DataImportError, match="line 3, column reference: 22 001 001 appears twice"):
        decisions_import(decisions_path=path)


def test_missing_column(world, tmp_path):
    path = write_csv(tmp_path / "d.csv", DECISION_HEADER[:-4], [decision()[:-4]])
    path.write_text(path.read_text().replace("outcome,", ""))
    with pytest.raises(DataImportError, match="lacks the column"):
        decisions_import(decisions_path=path)


BAD_RECOMMENDATIONS = [
    (recommendation(ref="22 009 999"), "decision_reference", "no such decision"),
    (recommendation(kind="hug"), "kind", "is not one of"),
    (recommendation(status="done"), "status", "is not one of"),
    (recommendation(status="pending"), "outcome_date", "pending recommendation has no outcome"),
    # Worded by the shared rules (decisions.rules), as the admin says it.
    (
        recommendation(outcome_date=""),
        "outcome_date",
        "Give the date the compliance outcome was recorded",
    ),
    (recommendation(amount="-5"), "amount", "cannot be negative"),
    (recommendation(amount="lots"), "amount", "is not an amount"),
    (recommendation(due_date=""), "due_date", "a date is required"),
    (recommendation(description=""), "description", "required"),
]


@pytest.mark.parametrize("bad_row, column, reason", BAD_RECOMMENDATIONS)
def test_each_bad_recommendation_row(world, tmp_path, bad_row, column, reason):
    d = write_csv(tmp_path / "d.csv", DECISION_HEADER, [decision()])
    r = write_csv(tmp_path / "r.csv", RECOMMENDATION_HEADER, [recommendation(), bad_row])
    before = (Decision.objects.count(), Recommendation.objects.count())
    with pytest.raises(DataImportError) as caught:
        decisions_import(decisions_path=d, recommendations_path=r)
    assert f"r.csv line 3, column {column}: " in str(caught.value)
    assert reason in str(caught.value)
    assert (Decision.objects.count(), Recommendation.objects.count()) == before


def test_every_bad_row_is_reported_at_once(world, tmp_path):
    rows = [decision(f"22 003 {i:03d}") for i in range(10)]
    rows[2] = decision("22 003 002", council="nowhere")
    rows[7] = decision("22 003 007", decision_date="soon")
    path = write_csv(tmp_path / "d.csv", DECISION_HEADER, rows)
    with pytest.raises(DataImportError) as caught:
        decisions_import(decisions_path=path)
    assert [p.split(":")[0] for p in caught.value.problems] == [
        "d.csv line 4, column council",
        "d.csv line 9, column decision_date",
    ]


def test_ten_thousand_good_rows_and_one_bad(world, tmp_path):
    rows = [decision(f"22 {i // 1000:03d} {i % 1000:03d}") for i in range(10_000)]
    rows[9_500] = decision("22 009 500", outcome="nonsense")
    path = write_csv(tmp_path / "d.csv", DECISION_HEADER, rows)
    before = Decision.objects.count()
    with pytest.raises(DataImportError) as caught:
        decisions_import(decisions_path=path)
    assert caught.value.problems == [
        "d.csv line 9502, column outcome: 'nonsense' is not an outcome: use one of upheld, "
        "not_upheld, closed_after_initial_enquiries, referred_back_for_local_resolution, "
        "advice_given, incomplete_or_invalid or the Ombudsman's label"
    ]
    assert Decision.objects.count() == before


def test_wrong_encoding_and_truncated_file(world, tmp_path):
    latin = tmp_path / "latin.csv"
    write_csv(latin, DECISION_HEADER, [decision(summary="Café in Penzance")], encoding="latin-1")
    with pytest.raises(DataImportError, match="not UTF-8"):
        decisions_import(decisions_path=latin)
    truncated = tmp_path / "cut.csv"
    write_csv(truncated, DECISION_HEADER, [decision(), decision("22 001 002")])
    truncated.write_bytes(truncated.read_bytes()[:-40])
    with pytest.raises(DataImportError, match="line 3"):
        decisions_import(decisions_path=truncated)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(DataImportError, match="empty"):
        decisions_import(decisions_path=empty)
    assert not Decision.objects.filter(reference__startswith="22 001").exists()


def test_free_text_is_stored_as_written_and_a_nul_is_refused(world, tmp_path):
    text = 'Line one\nline two\twith a tab, a back\\slash, "quotes", \\N and café.'
    path = write_csv(tmp_path / "d.csv", DECISION_HEADER, [decision(summary=text)])
    decisions_import(decisions_path=path)
    assert Decision.objects.get(reference="22 001 001").summary == text
    path = write_csv(tmp_path / "d.csv", DECISION_HEADER, [decision(category="Hou\x00sing")])
    with pytest.raises(DataImportError, match="line 2, column category: contains a NUL"):
        decisions_import(decisions_path=path)


def test_a_failure_while_a_batch_is_written_keeps_nothing(world, tmp_path, monkeypatch):
    from django.db import connection

    from decisions.services.imports import core, postgres, writers

    class DiskFull(RuntimeError):
        pass

    def fail(*args):
        raise DiskFull

    monkeypatch.setattr(core, "BATCH_SIZE", 2)
    # On PostgreSQL batches are written by a worker thread: its error must come back to the
    # caller, after the worker has let go of the connection.
    if connection.vendor == "postgresql":
        real = postgres.PostgresWriter._write
        calls = []

        def fail_second(self, *args):
            calls.append(1)
            if len(calls) == 2:
                raise DiskFull
            return real(self, *args)

        monkeypatch.setattr(postgres.PostgresWriter, "_write", fail_second)
    else:
        monkeypatch.setattr(writers.PlainWriter, "recommendations", fail)
    rows = [decision(f"22 002 00{i}") for i in range(3)]
    d = write_csv(tmp_path / "d.csv", DECISION_HEADER, rows)
    r = write_csv(tmp_path / "r.csv", RECOMMENDATION_HEADER, [recommendation("22 002 001")])
    before = (Decision.objects.count(), Recommendation.objects.count(), Decision.history.count())
    with pytest.raises(DiskFull):
        decisions_import(decisions_path=d, recommendations_path=r)
    assert (
        Decision.objects.count(),
        Recommendation.objects.count(),
        Decision.history.count(),
    ) == before
    monkeypatch.undo()
    summary = decisions_import(decisions_path=d, recommendations_path=r)  # the same connection
    assert (summary.decisions_created, summary.recommendations_created) == (3, 1)
