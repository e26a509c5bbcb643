"""One row of an import file in, a dict of model values or a list of problems out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from decisions.choices import (
    ComplianceStatus,
    Outcome,
    RecommendationKind,
    ReportType,
    parse_outcome,
)
from decisions.models import Decision

from .fields import (
    CellError,
    parse_amount,
    parse_bool,
    parse_choice,
    parse_date,
    parse_reference,
    parse_text,
)

DECISION_COLUMNS = ("reference", "council", "decision_date", "category", "outcome")
DECISION_OPTIONAL = (
    "received_date",
    "subcategory",
    "remedied_by_authority",
    "report_type",
    "summary",
    "published_on",
)
RECOMMENDATION_COLUMNS = ("decision_reference", "kind", "description", "due_date", "status")
RECOMMENDATION_OPTIONAL = ("amount", "outcome_date")
# Statements are published some weeks after the decision. When a file gives no publication
# date, a decision becomes public this many days after it was made (the Ombudsman's usual gap).
PUBLICATION_DELAY_DAYS = 28


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file} line {self.line}"
        return (
            f"{where}, column {self.column}: {self.reason}"
            if self.column
            else (f"{where}: {self.reason}")
        )


class RowParser:
    """Collects the problems of one row while parsing its cells."""

    def __init__(self, file: str, line: int, row: dict):
        self.file, self.line, self.row = file, line, row
        self.problems: list[Problem] = []

    def cell(self, column: str, parse, *args, **kwargs):
        try:
            return parse(self.row.get(column, ""), *args, **kwargs)
        except CellError as exc:
            self.problem(column, str(exc))
            return None

    def problem(self, column: str, reason: str) -> None:
        self.problems.append(Problem(self.file, self.line, column, reason))


def _outcome(text: str) -> str:
    code = parse_outcome(text)
    if code is None:
        codes = ", ".join(Outcome.values)
        raise CellError(f"{text!r} is not an outcome: use one of {codes} or the Ombudsman's label")
    return code


def parse_decision(parser: RowParser, council_index) -> dict | None:
    """Model values for a decision row, or None (with the problems on `parser`)."""
    values = {
        "reference": parser.cell("reference", parse_reference),
        "received_date": parser.cell("received_date", parse_date, required=False),
        "decision_date": parser.cell("decision_date", parse_date),
        "category": parser.cell("category", parse_text, required=True, max_length=80),
        "subcategory": parser.cell("subcategory", parse_text, required=False, max_length=120),
        "outcome": parser.cell("outcome", _outcome),
        "remedied_by_authority": parser.cell("remedied_by_authority", parse_bool),
        "report_type": parser.cell(
            "report_type", parse_choice, ReportType, default=ReportType.STATEMENT
        ),
        "summary": parser.cell("summary", parse_text, required=False),
        "published_on": parser.cell("published_on", parse_date, required=False),
    }
    council_text = parser.row.get("council", "")
    council = (
        council_index.match(council_text, on=values["decision_date"]) if council_text else None
    )
    if council is None:
        parser.problem(
            "council",
            f"unknown council {council_text!r}: give its GSS code (E07000098) or its name"
            if council_text
            else "required: the council's GSS code or name",
        )
    values["council_id"] = council.pk if council else None
    if parser.problems:
        return None
    if values["remedied_by_authority"] and values["outcome"] != Outcome.UPHELD:
        parser.problem(
            "remedied_by_authority",
            "a satisfactory remedy by the authority is only possible on an upheld decision",
        )
    if values["received_date"] and values["decision_date"] < values["received_date"]:
        parser.problem("decision_date", "the decision date is before the received date")
    if values["published_on"] is None:
        values["published_on"] = values["decision_date"] + dt.timedelta(days=PUBLICATION_DELAY_DAYS)
    elif values["published_on"] < values["decision_date"]:
        parser.problem("published_on", "a decision cannot be published before it is made")
    return None if parser.problems else values


def parse_recommendation(parser: RowParser) -> dict | None:
    values = {
        "decision_reference": parser.cell("decision_reference", parse_reference),
        "kind": parser.cell("kind", parse_choice, RecommendationKind),
        "description": parser.cell("description", parse_text, required=True),
        "amount": parser.cell("amount", parse_amount),
        "due_date": parser.cell("due_date", parse_date),
        "status": parser.cell("status", parse_choice, ComplianceStatus),
        "outcome_date": parser.cell("outcome_date", parse_date, required=False),
    }
    if parser.problems:
        return None
    if values["status"] == ComplianceStatus.PENDING and values["outcome_date"]:
        parser.problem("outcome_date", "a pending recommendation has no outcome date yet")
    if values["status"] != ComplianceStatus.PENDING and not values["outcome_date"]:
        parser.problem("outcome_date", f"required when the status is {values['status']}")
    return None if parser.problems else values


# The full layout of a decision file, in the order an export writes it; a decision's model
# fields are the same with the council as its id.
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
    "published_on",
]
RECOMMENDATION_HEADER = [
    *RECOMMENDATION_COLUMNS[:3],
    "amount",
    *RECOMMENDATION_COLUMNS[3:],
    "outcome_date",
]
DECISION_FIELDS = ["council_id", *DECISION_HEADER[2:]]


def decision_instance(values: dict) -> Decision:
    return Decision(reference=values["reference"], **{f: values[f] for f in DECISION_FIELDS})
