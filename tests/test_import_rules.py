"""The shared rules (decisions.rules) and the councils' reorganisations (councils.succession)
applied to every row of a decision import: each problem named by line, column and reason, and
nothing written when any row is bad. Runs on SQLite and on PostgreSQL, so through both writers.

The councils are set up here as the real register has them (names, codes, dates, successors),
so that the edges do not depend on the fixture file."""

import csv
import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from councils.models import Council
from councils.services.errors import DataImportError
from councils.succession import Succession
from decisions.models import Decision, Recommendation
from decisions.services.imports import decisions_import

from .factories import CouncilFactory, DecisionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
D = dt.date

DECISIONS = ["reference", "council", "received_date", "decision_date", "category", "outcome"]
RECOMMENDATIONS = ["decision_reference", "kind", "description", "due_date", "status"]
RECOMMENDATIONS += ["outcome_date"]


@pytest.fixture
def councils(db):
    buckinghamshire = CouncilFactory(
        gss_code="E06000060", name="Buckinghamshire Council", start_date=D(2020, 4, 1)
    )
    aylesbury = CouncilFactory(
        gss_code="E07000004",
        name="Aylesbury Vale District Council",
        short_name="Aylesbury Vale",
        end_date=D(2020, 3, 31),
    )
    aylesbury.replaced_by.add(buckinghamshire)
    north = CouncilFactory(
        gss_code="E06000061", name="North Northamptonshire Council", start_date=D(2021, 4, 1)
    )
    west = CouncilFactory(
        gss_code="E06000062", name="West Northamptonshire Council", start_date=D(2021, 4, 1)
    )
    county = CouncilFactory(
        gss_code="E10000021",
        name="Northamptonshire County Council",
        short_name="Northamptonshire",
        end_date=D(2021, 3, 31),
    )
    county.replaced_by.add(north, west)
    return {
        "buckinghamshire": buckinghamshire,
        "aylesbury": aylesbury,
        "northamptonshire": county,
        "dudley": CouncilFactory(gss_code="E08000027", name="Dudley Council"),
    }


def write(path, header, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def decision(ref="22 997 001", council="Dudley Council", day="2022-06-01", outcome="Upheld"):
    return [ref, council, "", day, "Planning", outcome]


def recommendation(ref="22 997 001", due="2022-07-01", status="complied", recorded="2022-07-01"):
    return [ref, "apology", "Apologise.", due, status, recorded]


def problems_of(tmp_path, decisions, recommendations=None, **kwargs) -> list[str]:
    """The problems an import of these rows reports; nothing may have been written."""
    before = (Decision.objects.count(), Recommendation.objects.count(), Decision.history.count())
    d = write(tmp_path / "d.csv", DECISIONS, decisions)
    r = write(tmp_path / "r.csv", RECOMMENDATIONS, recommendations) if recommendations else None
    with pytest.raises(DataImportError) as caught:
        decisions_import(decisions_path=d, recommendations_path=r, **kwargs)
    after = (Decision.objects.count(), Recommendation.objects.count(), Decision.history.count())
    assert after == before
    return caught.value.problems


def imported(tmp_path, decisions, recommendations=None, **kwargs):
    d = write(tmp_path / "d.csv", DECISIONS, decisions)
    r = write(tmp_path / "r.csv", RECOMMENDATIONS, recommendations) if recommendations else None
    return decisions_import(decisions_path=d, recommendations_path=r, **kwargs)


def council_of(reference: str) -> str:
    return Decision.objects.get(reference=reference).council.gss_code


def test_the_real_register_moves_aylesbury_vale_to_buckinghamshire(db, tmp_path):
    call_command("loaddata", "fixtures/councils.json", verbosity=0)
    path = tmp_path / "d.csv"
    path.write_text(
        "reference,council,received_date,decision_date,category,subcategory,outcome\n"
        "22 997 001,Aylesbury Vale District Council,,2022-06-01,Planning,,Upheld\n"
    )
    summary = decisions_import(decisions_path=path)
    assert council_of("22 997 001") == Council.objects.get(name="Buckinghamshire Council").gss_code
    assert summary.decisions_moved == 1
    assert str(summary) == (
        "Imported: 1 decisions created, 0 updated (1 of them put against the council that took "
        "over from the one named, which had been abolished before the decision date); "
        "0 recommendations created (0 earlier ones replaced)."
    )


def test_the_last_day_of_a_council_and_the_first_of_its_successor(councils, tmp_path):
    summary = imported(
        tmp_path,
        [
            decision("20 997 001", "Aylesbury Vale District Council", "2020-03-31"),
            decision("20 997 002", "Aylesbury Vale District Council", "2020-04-01"),
            decision("20 997 003", "E07000004", "2020-04-01"),  # by code, the same
            decision("20 997 004", "Buckinghamshire Council", "2020-04-01"),
        ],
    )
    assert [council_of(f"20 997 00{n}") for n in range(1, 5)] == [
        "E07000004",
        "E06000060",
        "E06000060",
        "E06000060",
    ]
    assert summary.decisions_moved == 2
    assert "2 of them put against the council that took over" in str(summary)
    assert "put against" not in str(imported(tmp_path, [decision()]))


def test_a_split_council_after_its_abolition_is_refused(councils, tmp_path):
    problems = problems_of(
        tmp_path,
        [
            decision("21 997 001", "Northamptonshire", "2021-03-31"),  # its last day: fine
            decision("21 997 002", "Northamptonshire", "2021-06-01"),
        ],
    )
    assert problems == [
        "d.csv line 3, column council: Northamptonshire County Council ended on 31 March 2021 "
        "and its services passed to North Northamptonshire Council and West Northamptonshire "
        "Council: a case dated 1 June 2021 belongs to one of them, so name that council instead."
    ]


def test_a_council_named_before_it_began_is_refused(councils, tmp_path):
    (problem,) = problems_of(tmp_path, [decision(council="E06000060", day="2019-06-01")])
    assert problem.startswith(
        "d.csv line 2, column council: Buckinghamshire Council began on 1 April 2020"
    )


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


def test_an_outcome_after_a_split_cannot_be_counted(councils, tmp_path):
    rows = [decision("20 997 001", "Northamptonshire", "2020-06-01")]
    late = recommendation("20 997 001", due="2020-07-01", recorded="2021-04-01")
    (problem,) = problems_of(tmp_path, rows, [late])
    assert problem.startswith(
        "r.csv line 2, column outcome_date: The council of this decision was abolished before "
        "1 April 2021 and its services passed to North Northamptonshire Council and West "
        "Northamptonshire Council"
    )
    # Recorded on its last day, it counts for the county; after Aylesbury Vale's abolition, an
    # outcome counts for its one successor and is accepted.
    imported(
        tmp_path, rows, [recommendation("20 997 001", due="2020-07-01", recorded="2021-03-31")]
    )
    rows = [decision("19 997 001", "Aylesbury Vale District Council", "2020-01-10")]
    imported(
        tmp_path, rows, [recommendation("19 997 001", due="2020-02-10", recorded="2020-06-01")]
    )
    assert council_of("19 997 001") == "E07000004"


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


def test_the_register_is_loaded_once_per_import(councils, tmp_path, monkeypatch):
    from decisions.services.imports import core

    monkeypatch.setattr(core, "BATCH_SIZE", 3)
    calls = []
    load = Succession.load

    def counted(*args):
        calls.append(1)
        return load(*args)

    monkeypatch.setattr(Succession, "load", counted)
    rows = [decision(f"22 997 {n:03d}", "Aylesbury Vale", "2022-06-01") for n in range(10)]
    recs = [recommendation(f"22 997 {n:03d}") for n in range(10)]
    # A dry run is the import's own checking alone: one load for 10 rows in 4 batches.
    summary = imported(tmp_path, rows, recs, dry_run=True)
    assert (summary.decisions_moved, summary.recommendations_created) == (10, 10)
    assert len(calls) == 1
    # Written, the recount of the tallies loads its own; still not a load per row or batch.
    calls.clear()
    imported(tmp_path, rows[:1], recs[:1])
    one = len(calls)
    calls.clear()
    imported(tmp_path, rows, recs)
    assert len(calls) == one


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
