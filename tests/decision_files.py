"""What the decision import tests (tests/test_import_decisions_*.py) share: the columns of the
decision and recommendation files, rows of them and a CSV writer, and two readers of the audit
trail (a row's history, newest first; whether a history row holds the row as stored)."""

import csv

DECISION_HEADER = [
    "reference",
    "council",
    "received_date",
    "decision_date",
    "category",
    "subcategory",
    "outcome",
    "remedied_by_authority",
    "report_type",
    "summary",
]
RECOMMENDATION_HEADER = [
    "decision_reference",
    "kind",
    "description",
    "amount",
    "due_date",
    "status",
    "outcome_date",
]


def write_csv(path, header, rows, encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def decision(ref="22 001 001", council="E06900001", outcome="upheld", **kw):
    row = {
        "reference": ref,
        "council": council,
        "received_date": "2022-05-01",
        "decision_date": "2022-09-01",
        "category": "Housing",
        "subcategory": "Allocations",
        "outcome": outcome,
        "remedied_by_authority": "no",
        "report_type": "statement",
        "summary": "Our own words.",
    }
    row.update(kw)
    return [row[c] for c in DECISION_HEADER]


def recommendation(ref="22 001 001", status="complied", outcome_date="2022-11-01", **kw):
    row = {
        "decision_reference": ref,
        "kind": "apology",
        "description": "Apologise.",
        "amount": "",
        "due_date": "2022-10-01",
        "status": status,
        "outcome_date": outcome_date,
    }
    row.update(kw)
    return [row[c] for c in RECOMMENDATION_HEADER]


def _history(model, obj):
    return model.history.filter(id=obj.pk).order_by("-history_id")


def _as_stored(record, obj) -> bool:
    """Whether a history row holds every tracked field as the row has it."""
    return all(
        getattr(record, f.attname) == getattr(obj, f.attname) for f in type(record).tracked_fields
    )
