"""The councils' reorganisations (councils.succession) applied to every row of a decision
import: a decision after an abolition goes to the one successor or is refused when there are
several, a council named before it began is refused, an outcome recorded after a split cannot
be counted, and the register is loaded once per import. Runs on SQLite and on PostgreSQL, so
through both writers; the councils are those of tests/import_rule_rows.py."""

import pytest
from django.core.management import call_command

from councils.models import Council
from councils.succession import Succession
from decisions.services.imports import decisions_import

from .import_rule_rows import council_of, councils, decision, imported, problems_of, recommendation

pytestmark = pytest.mark.django_db
# A fixture from tests/import_rule_rows.py, which pytest finds here by its name.
FIXTURES = (councils,)


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
