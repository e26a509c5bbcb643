"""Bulk import of decisions and recommendations, column by column: a file updates only the
columns it carries and a new decision gets the default of every absent one; the publication
column (empty or never: not to be published) and the sample column; recommendations without
their optional columns."""

import datetime as dt

import pytest

from councils.services.errors import DataImportError
from decisions.models import Decision, Recommendation
from decisions.services.imports import decisions_import
from tests.decision_files import (
    DECISION_HEADER,
    RECOMMENDATION_HEADER,
    _as_stored,
    _history,
    decision,
    recommendation,
    write_csv,
)

pytestmark = pytest.mark.django_db


# An import updates only the columns its file carries; `published_on` means what the admin's
# field means (empty: not to be published). The suite runs on SQLite and on PostgreSQL, so each
# of these goes through both writers.

FULL = {
    "reference": "22 001 001",
    "council": "E06900001",
    "received_date": "2022-05-01",
    "decision_date": "2022-09-01",
    "category": "Housing",
    "subcategory": "Allocations",
    "outcome": "upheld",
    "remedied_by_authority": "yes",
    "report_type": "report",
    "summary": "Our own words.",
    "sample": "yes",
    "published_on": "2022-10-15",
}
REQUIRED = ["reference", "council", "decision_date", "category", "outcome"]


def cells(header, **kw):
    row = {**FULL, **kw}
    return [row[c] for c in header]


def stored(reference="22 001 001") -> dict:
    values = Decision.objects.filter(reference=reference).values().get()
    del values["id"]
    return values


def test_a_file_without_a_column_keeps_what_is_stored(world, tmp_path):
    path = write_csv(tmp_path / "d.csv", list(FULL), [cells(list(FULL))])
    decisions_import(decisions_path=path)
    before = stored()
    assert before["is_sample"] and before["remedied_by_authority"]
    # Only the required columns, with a new category: every other field stays as it was.
    path = write_csv(tmp_path / "d.csv", REQUIRED, [cells(REQUIRED, category="Planning")])
    summary = decisions_import(decisions_path=path)
    assert (summary.decisions_created, summary.decisions_updated) == (0, 1)
    # ("Planning" is filed under its heading: decisions.service_areas.)
    assert stored() == {**before, "category": "Planning and development"}
    # The audit trail holds the decision as stored, the kept fields included.
    decision = Decision.objects.get(reference="22 001 001")
    record = _history(Decision, decision).first()
    assert record.history_type == "~" and _as_stored(record, decision)


def test_a_file_without_summary_keeps_the_summaries(world, tmp_path):
    path = write_csv(tmp_path / "d.csv", list(FULL), [cells(list(FULL))])
    decisions_import(decisions_path=path)
    header = [c for c in FULL if c != "summary"]
    rows = [cells(header, outcome="upheld"), cells(header, reference="22 001 002")]
    decisions_import(decisions_path=write_csv(tmp_path / "d.csv", header, rows))
    assert Decision.objects.get(reference="22 001 001").summary == "Our own words."
    assert Decision.objects.get(reference="22 001 002").summary == ""  # new: the default


def test_a_file_without_published_on_keeps_hidden_and_future_decisions_so(world, tmp_path):
    today = dt.date.today()
    header = list(FULL)
    rows = [
        cells(header, reference="22 001 001", published_on=""),  # not to be published
        cells(header, reference="22 001 002", published_on=str(today + dt.timedelta(days=90))),
        cells(header, reference="22 001 003", published_on="2022-10-15"),
    ]
    decisions_import(decisions_path=write_csv(tmp_path / "d.csv", header, rows))
    mine = Decision.objects.filter(reference__startswith="22 001")
    before = dict(mine.values_list("reference", "published_on"))
    assert before["22 001 001"] is None
    # The same decisions again from a file without the column, with a new summary, and one
    # new decision: the stored ones keep their publication, the new one gets the default.
    header = [c for c in FULL if c != "published_on"]
    rows = [cells(header, reference=r, summary="Corrected.") for r in sorted(before)]
    rows.append(cells(header, reference="22 001 004"))
    summary = decisions_import(decisions_path=write_csv(tmp_path / "d.csv", header, rows))
    assert (summary.decisions_created, summary.decisions_updated) == (1, 3)
    after = dict(mine.values_list("reference", "published_on"))
    assert {r: after[r] for r in before} == before
    assert after["22 001 004"] == dt.date(2022, 9, 1) + dt.timedelta(days=28)
    assert not Decision.objects.public().filter(reference="22 001 001").exists()
    assert not Decision.objects.public().filter(reference="22 001 002").exists()
    assert set(mine.filter(summary="Corrected.").values_list("reference", flat=True)) == set(before)


@pytest.mark.parametrize("cell", ["", "never", "NEVER", " Never ", "not to be published"])
def test_an_empty_or_never_publication_means_not_to_be_published(world, tmp_path, cell):
    header = list(FULL)
    path = write_csv(tmp_path / "d.csv", header, [cells(header)])
    decisions_import(decisions_path=path)
    assert Decision.objects.get(reference="22 001 001").published_on == dt.date(2022, 10, 15)
    # For a stored decision, and for a new one.
    rows = [
        cells(header, published_on=cell),
        cells(header, reference="22 001 002", published_on=cell),
    ]
    decisions_import(decisions_path=write_csv(path, header, rows))
    assert list(
        Decision.objects.filter(reference__in=["22 001 001", "22 001 002"]).values_list(
            "published_on", flat=True
        )
    ) == [None, None]


def test_a_publication_that_is_neither_a_date_nor_never(world, tmp_path):
    header = list(FULL)
    path = write_csv(tmp_path / "d.csv", header, [cells(header, published_on="later")])
    with pytest.raises(DataImportError) as caught:
        decisions_import(decisions_path=path)
    assert caught.value.problems == [
        "d.csv line 2, column published_on: 'later' is not a date: write it as YYYY-MM-DD, e.g. "
        "2022-09-30, or never (or leave it empty) for a decision that is not to be published"
    ]


def test_the_sample_column(world, tmp_path):
    header = list(FULL)
    rows = [cells(header, sample="yes"), cells(header, reference="22 001 002", sample="no")]
    decisions_import(decisions_path=write_csv(tmp_path / "d.csv", header, rows))
    flags = dict(Decision.objects.values_list("reference", "is_sample"))
    assert (flags["22 001 001"], flags["22 001 002"]) == (True, False)
    # Without the column: the stored keep their flag, a new one is real (not sample).
    header = REQUIRED
    rows = [cells(header, reference=r) for r in ("22 001 001", "22 001 002", "22 001 003")]
    decisions_import(decisions_path=write_csv(tmp_path / "d.csv", header, rows))
    flags = dict(Decision.objects.values_list("reference", "is_sample"))
    assert [flags[r] for r in ("22 001 001", "22 001 002", "22 001 003")] == [True, False, False]
    # With it, the flag is set either way.
    header = [*REQUIRED, "sample"]
    rows = [cells(header, reference="22 001 001", sample="no")]
    decisions_import(decisions_path=write_csv(tmp_path / "d.csv", header, rows))
    assert not Decision.objects.get(reference="22 001 001").is_sample


def test_a_new_decision_gets_the_default_of_every_absent_column(world, tmp_path):
    path = write_csv(tmp_path / "d.csv", REQUIRED, [cells(REQUIRED)])
    decisions_import(decisions_path=path)
    values = stored()
    assert {k: values[k] for k in values if k not in ("council_id",)} == {
        "reference": "22 001 001",
        "category": "Housing",
        "subcategory": "",
        "received_date": None,
        "decision_date": dt.date(2022, 9, 1),
        "outcome": "upheld",
        "remedied_by_authority": False,
        "report_type": "statement",
        "summary": "",
        "published_on": dt.date(2022, 9, 29),
        "is_sample": False,
    }


def test_recommendations_without_the_optional_columns(world, tmp_path):
    # Recommendations have no identity of their own: those a file gives for a decision replace
    # its earlier ones, so an absent amount or outcome date is empty, not kept.
    d = write_csv(tmp_path / "d.csv", DECISION_HEADER, [decision()])
    r = write_csv(
        tmp_path / "r.csv",
        RECOMMENDATION_HEADER,
        [recommendation(kind="financial_redress", amount="250")],
    )
    decisions_import(decisions_path=d, recommendations_path=r)
    header = [c for c in RECOMMENDATION_HEADER if c not in ("amount", "outcome_date")]
    row = dict(
        zip(RECOMMENDATION_HEADER, recommendation(status="pending", outcome_date=""), strict=True)
    )
    r = write_csv(tmp_path / "r.csv", header, [[row[c] for c in header]])
    summary = decisions_import(decisions_path=d, recommendations_path=r)
    assert (summary.recommendations_created, summary.recommendations_replaced) == (1, 1)
    (kept,) = Recommendation.objects.filter(decision__reference="22 001 001")
    assert (kept.amount, kept.status, kept.outcome_date) == (None, "pending", None)
    # A decided recommendation needs the outcome date, so a file without it cannot have one.
    r = write_csv(tmp_path / "r.csv", header, [[row[c] for c in header[:-1]] + ["complied"]])
    with pytest.raises(DataImportError, match="line 2, column outcome_date: Give the date"):
        decisions_import(decisions_path=d, recommendations_path=r)
