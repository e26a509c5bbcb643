"""The shared rules (decisions.rules) applied to every row of a decision import: dates in the
future or before the first reporting year, compliance outcomes and their dates, recommendations
only on upheld decisions, the stored values of the columns a file lacks (in every batch); each
problem named by line, column and reason, all at once, and nothing written when any row is bad.
Runs on SQLite and on PostgreSQL, so through both writers; the councils are those of
tests/import_rule_rows.py."""

import datetime as dt

import pytest
from django.utils import timezone

from councils.services.errors import DataImportError
from decisions.models import Decision, Recommendation
from decisions.services.imports import decisions_import

from .factories import DecisionFactory, RecommendationFactory
from .import_rule_rows import D, councils, decision, imported, problems_of, recommendation, write

pytestmark = pytest.mark.django_db
# A fixture from tests/import_rule_rows.py, which pytest finds here by its name.
FIXTURES = (councils,)


def test_a_decision_dated_today_is_accepted_tomorrow_refused(councils, tmp_path):
    today = D(2022, 9, 1)
    (problem,) = problems_of(
        tmp_path,
        [decision("22 997 001", day="2022-09-01"), decision("22 997 002", day="2022-09-02")],
        today=today,
    )
    assert problem == (
        "d.csv line 3, column decision_date: The decision date 2 September 2022 is in the future "
        "(today is 1 September 2022)."
    )
    imported(tmp_path, [decision("22 997 001", day="2022-09-01")], today=today)
    assert Decision.objects.filter(reference="22 997 001").exists()


def test_today_is_the_local_date_by_default(councils, tmp_path):
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    (problem,) = problems_of(tmp_path, [decision(day=str(tomorrow))])
    assert "column decision_date" in problem and "is in the future" in problem
    imported(tmp_path, [decision(day=str(today))])
    assert Decision.objects.get(reference="22 997 001").decision_date == today


def test_a_decision_before_the_first_reporting_year_is_refused(councils, tmp_path):
    (problem,) = problems_of(tmp_path, [decision(day="2019-03-31")])
    assert problem.startswith("d.csv line 2, column decision_date: The decision date 31 March 2019")
    imported(tmp_path, [decision(day="2019-04-01")])


def test_complied_late_on_the_due_date_is_refused_the_day_after_accepted(councils, tmp_path):
    rows = [decision()]
    (problem,) = problems_of(
        tmp_path,
        rows,
        [recommendation(due="2022-07-01", status="complied_late", recorded="2022-07-01")],
    )
    assert problem == (
        "r.csv line 2, column status: Complied late means after the due date (1 July 2022), but "
        "the outcome was recorded on 1 July 2022."
    )
    imported(tmp_path, rows, [recommendation(status="complied_late", recorded="2022-07-02")])
    assert Recommendation.objects.get().status == "complied_late"


def test_an_outcome_before_the_decision_is_refused(councils, tmp_path):
    (problem,) = problems_of(tmp_path, [decision()], [recommendation(recorded="2022-05-31")])
    assert problem == (
        "r.csv line 2, column outcome_date: The compliance outcome cannot be recorded (31 May "
        "2022) before the decision was made (1 June 2022)."
    )
    imported(tmp_path, [decision()], [recommendation(recorded="2022-06-01")])


def test_an_outcome_in_the_future_is_refused(councils, tmp_path):
    (problem,) = problems_of(
        tmp_path, [decision()], [recommendation(recorded="2022-07-02")], today=D(2022, 7, 1)
    )
    assert problem.startswith(
        "r.csv line 2, column outcome_date: The outcome date 2 July 2022 is in"
    )


def test_a_recommendation_on_a_decision_not_upheld_is_refused(councils, tmp_path):
    # The decision from the same import ...
    (problem,) = problems_of(tmp_path, [decision(outcome="Not upheld")], [recommendation()])
    assert problem == (
        "r.csv line 2, column decision_reference: Recommendations are only made on upheld "
        "decisions; this decision is not upheld."
    )
    # ... or from the database.
    DecisionFactory(
        reference="22 997 002",
        council=councils["dudley"],
        outcome="advice_given",
        decision_date=D(2022, 6, 1),
    )
    (problem,) = problems_of(tmp_path, [decision()], [recommendation("22 997 002")])
    assert problem.startswith("r.csv line 2, column decision_reference: Recommendations are only")


def test_every_problem_of_every_row_at_once(councils, tmp_path):
    problems = problems_of(
        tmp_path,
        [
            decision("22 997 001"),
            decision("22 997 002", outcome="Not upheld"),
            decision("22 997 003", "Northamptonshire", "2022-01-10"),
            decision("22 997 004", day="2099-01-01"),
        ],
        [
            recommendation("22 997 001", status="complied_late"),
            recommendation("22 997 002"),
            recommendation("22 997 009"),
        ],
        today=D(2022, 9, 1),
    )
    assert [p.split(":")[0] for p in problems] == [
        "d.csv line 4, column council",
        "d.csv line 5, column decision_date",
        "r.csv line 2, column status",
        "r.csv line 3, column decision_reference",
        "r.csv line 4, column decision_reference",
    ]


def test_a_decision_no_longer_upheld_that_keeps_its_recommendations(councils, tmp_path):
    upheld = DecisionFactory(
        reference="22 997 001",
        council=councils["dudley"],
        decision_date=D(2022, 6, 1),
        received_date=None,
        published_on=None,
    )
    RecommendationFactory(decision=upheld, status="complied", outcome_date=D(2022, 7, 1))
    RecommendationFactory(decision=upheld)
    (problem,) = problems_of(tmp_path, [decision(outcome="Not upheld")])
    assert problem == (
        "d.csv line 2, column outcome: the decision keeps the 2 recommendations stored for it, "
        "which no recommendation row of this import replaces: Recommendations are only made on "
        "upheld decisions; this decision is not upheld."
    )
    # Recommendations the import gives for it replace the stored ones, and are refused in turn.
    (problem,) = problems_of(tmp_path, [decision(outcome="Not upheld")], [recommendation()])
    assert problem.startswith("r.csv line 2, column decision_reference: Recommendations are only")
    # A decision date moved after a stored outcome is refused the same way; still upheld and
    # on the same date, the decision is updated and keeps its recommendations.
    (problem,) = problems_of(tmp_path, [decision(day="2022-07-02")])
    assert problem.startswith("d.csv line 2, column decision_date: the decision keeps the 2 rec")
    assert "cannot be recorded (1 July 2022) before the decision was made (2 July 2022)" in problem
    summary = imported(tmp_path, [decision()])
    assert (summary.decisions_updated, Recommendation.objects.filter(decision=upheld).count()) == (
        1,
        2,
    )


def test_rules_on_stored_values_of_the_columns_a_file_lacks(councils, tmp_path):
    DecisionFactory(
        reference="22 997 001",
        council=councils["dudley"],
        decision_date=D(2022, 6, 1),
        received_date=D(2022, 3, 1),
        remedied_by_authority=True,
        published_on=D(2022, 7, 1),
    )
    header = ["reference", "council", "decision_date", "category", "outcome"]
    path = write(
        tmp_path / "d.csv",
        header,
        [["22 997 001", "Dudley Council", "2022-08-01", "Planning", "Not upheld"]],
    )
    with pytest.raises(DataImportError) as caught:
        decisions_import(decisions_path=path)
    assert caught.value.problems == [
        "d.csv line 2, column outcome: A satisfactory remedy by the authority is only possible on "
        "an upheld decision. (This file has no remedied_by_authority column, so the decision "
        "keeps its stored remedied_by_authority: yes.)",
        "d.csv line 2, column decision_date: A decision cannot be published before it is made. "
        "(This file has no published_on column, so the decision keeps its stored published_on: "
        "2022-07-01.)",
    ]
    # With the columns given, the same change goes in.
    header += ["remedied_by_authority", "published_on"]
    row = ["22 997 001", "Dudley Council", "2022-08-01", "Planning", "Not upheld", "no", "never"]
    decisions_import(decisions_path=write(tmp_path / "d.csv", header, [row]))
    stored = Decision.objects.get(reference="22 997 001")
    assert (stored.outcome, stored.received_date, stored.published_on) == (
        "not_upheld",
        D(2022, 3, 1),
        None,
    )


def test_stored_values_are_checked_in_every_batch(councils, tmp_path, monkeypatch):
    from decisions.services.imports import core

    # Each batch's stored decisions are looked up one batch ahead: every batch must still be
    # checked against its own.
    monkeypatch.setattr(core, "BATCH_SIZE", 2)
    for n in (1, 3, 4, 6):
        DecisionFactory(
            reference=f"22 997 00{n}",
            council=councils["dudley"],
            decision_date=D(2022, 6, 1),
            remedied_by_authority=True,
            published_on=None,
        )
    rows = [decision(f"22 997 00{n}", outcome="Not upheld") for n in range(1, 8)]
    problems = problems_of(tmp_path, rows)
    assert [p.split(":")[0] for p in problems] == [
        f"d.csv line {n + 1}, column outcome" for n in (1, 3, 4, 6)
    ]
    assert all("stored remedied_by_authority: yes" in p for p in problems)


def test_a_decision_already_not_upheld_is_not_refused_for_older_recommendations(councils, tmp_path):
    # Recommendations on a decision not upheld can only come from before the rule: an import
    # that leaves its outcome and date as they are does not make that worse, so it goes in
    # (what is refused is a change away from upheld, or to a later date).
    legacy = DecisionFactory(
        reference="22 997 001",
        council=councils["dudley"],
        outcome="not_upheld",
        decision_date=D(2022, 6, 1),
        published_on=None,
    )
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                decision=legacy, kind="apology", description="Old.", due_date=D(2022, 7, 1)
            )
        ]
    )
    summary = imported(tmp_path, [decision(outcome="Not upheld")])
    assert summary.decisions_updated == 1
    assert Recommendation.objects.filter(decision=legacy).count() == 1
