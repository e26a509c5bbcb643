"""One row of an import file in, a dict of model values or a list of problems out."""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from councils.models import Council
from councils.selectors import CouncilNameIndex
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
    Parser,
    choice_parser,
    parse_amount,
    parse_bool,
    parse_date,
    parse_optional_date,
    parse_reference,
    text_parser,
)
from .tables import Table

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
_PUBLICATION_DELAY = dt.timedelta(days=PUBLICATION_DELAY_DAYS)


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


def _outcome(text: str) -> str:
    code = parse_outcome(text)
    if code is None:
        codes = ", ".join(Outcome.values)
        raise CellError(f"{text!r} is not an outcome: use one of {codes} or the Ombudsman's label")
    return code


def _text(field: str, *, required: bool) -> Parser:
    return text_parser(required=required, max_length=Decision._meta.get_field(field).max_length)


# The cells of each kind of row, in the order their problems are reported. A decision's council
# is matched apart from these, since the decision date settles which council a name means.
DECISION_CELLS: tuple[tuple[str, Parser], ...] = (
    ("reference", parse_reference),
    ("received_date", parse_optional_date),
    ("decision_date", parse_date),
    ("category", _text("category", required=True)),
    ("subcategory", _text("subcategory", required=False)),
    ("outcome", _outcome),
    ("remedied_by_authority", parse_bool),
    ("report_type", choice_parser(ReportType, default=ReportType.STATEMENT)),
    ("summary", text_parser(required=False)),
    ("published_on", parse_optional_date),
)
RECOMMENDATION_CELLS: tuple[tuple[str, Parser], ...] = (
    ("decision_reference", parse_reference),
    ("kind", choice_parser(RecommendationKind)),
    ("description", text_parser(required=True)),
    ("amount", parse_amount),
    ("due_date", parse_date),
    ("status", choice_parser(ComplianceStatus)),
    ("outcome_date", parse_optional_date),
)


class Layout:
    """One kind of row as one file lays it out: which cell holds each column, and its parser.

    A row is parsed in one pass that assumes every cell is good (the usual case, and the
    fast one); only a row with a bad cell is gone through again cell by cell, so that each of
    its problems is reported.
    """

    def __init__(self, table: Table, cells: tuple[tuple[str, Parser], ...]):
        self.file = table.file
        # A repeated header name means its last column, as a dict of the row would.
        self.position = {name: i for i, name in enumerate(table.names)}
        self.names = [name for name, _ in cells]
        self._cells = []
        for name, parse in cells:
            if name in self.position:
                self._cells.append((self.position[name], parse))
            else:
                # An optional column the file lacks: every row has it empty. (Required ones were
                # checked when the file was opened, so the empty cell parses.)
                self._cells.append((0, _constant(parse(""))))

    def parse(self, line: int, cells: list[str]) -> tuple[dict, list[Problem]]:
        """The values by column (None for a bad cell) and the problems."""
        try:
            parsed = [parse(cells[i]) for i, parse in self._cells]
            return dict(zip(self.names, parsed, strict=True)), []
        except CellError:
            pass
        values, problems = {}, []
        for name, (i, parse) in zip(self.names, self._cells, strict=True):
            try:
                values[name] = parse(cells[i])
            except CellError as exc:
                values[name] = None
                problems.append(Problem(self.file, line, name, str(exc)))
        return values, problems


def _constant(value) -> Parser:
    return lambda _text: value


class CouncilMatcher:
    """`CouncilNameIndex.match` remembered by text, for a file that names the same few hundred
    councils over and over.

    A name can mean different councils on different dates (Somerset the county until 2023, the
    unitary after), but the answer only changes on a day when some council starts or ends. So a
    match is remembered for the text and the span between two such days that the date is in.
    """

    def __init__(self, index: CouncilNameIndex):
        self.index = index
        days = set()
        for council in index.by_gss.values():
            if council.start_date:
                days.add(council.start_date)
            if council.end_date:
                days.add(council.end_date + dt.timedelta(days=1))
        self.changes = sorted(days)
        self.memo: dict[tuple[str, int], Council | None] = {}

    def __call__(self, text: str, on: dt.date | None) -> Council | None:
        key = (text, -1 if on is None else bisect.bisect_right(self.changes, on))
        try:
            return self.memo[key]
        except KeyError:
            council = self.memo[key] = self.index.match(text, on=on)
            return council


class DecisionRows:
    """Decision rows of one file."""

    def __init__(self, table: Table, councils: CouncilMatcher):
        self.layout = Layout(table, DECISION_CELLS)
        self.council_at = self.layout.position["council"]
        self.councils = councils

    def parse(self, line: int, cells: list[str]) -> tuple[dict | None, list[Problem]]:
        values, problems = self.layout.parse(line, cells)
        council_text = cells[self.council_at]
        council = self.councils(council_text, values["decision_date"]) if council_text else None
        if council is None:
            problems.append(
                Problem(
                    self.layout.file,
                    line,
                    "council",
                    f"unknown council {council_text!r}: give its GSS code (E07000098) or its name"
                    if council_text
                    else "required: the council's GSS code or name",
                )
            )
        if problems:
            return None, problems
        values["council_id"] = council.pk
        if values["remedied_by_authority"] and values["outcome"] != Outcome.UPHELD:
            problems.append(
                Problem(
                    self.layout.file,
                    line,
                    "remedied_by_authority",
                    "a satisfactory remedy by the authority is only possible on an upheld decision",
                )
            )
        if values["received_date"] and values["decision_date"] < values["received_date"]:
            problems.append(
                Problem(
                    self.layout.file,
                    line,
                    "decision_date",
                    "the decision date is before the received date",
                )
            )
        if values["published_on"] is None:
            values["published_on"] = values["decision_date"] + _PUBLICATION_DELAY
        elif values["published_on"] < values["decision_date"]:
            problems.append(
                Problem(
                    self.layout.file,
                    line,
                    "published_on",
                    "a decision cannot be published before it is made",
                )
            )
        return (None, problems) if problems else (values, problems)


class RecommendationRows:
    """Recommendation rows of one file. Whether the decision they name exists is for the caller
    to say: it needs the other file and the database."""

    def __init__(self, table: Table):
        self.layout = Layout(table, RECOMMENDATION_CELLS)

    def parse(self, line: int, cells: list[str]) -> tuple[dict | None, list[Problem]]:
        values, problems = self.layout.parse(line, cells)
        if problems:
            return None, problems
        pending = values["status"] == ComplianceStatus.PENDING
        if pending and values["outcome_date"]:
            problems.append(
                Problem(
                    self.layout.file,
                    line,
                    "outcome_date",
                    "a pending recommendation has no outcome date yet",
                )
            )
        if not pending and not values["outcome_date"]:
            problems.append(
                Problem(
                    self.layout.file,
                    line,
                    "outcome_date",
                    f"required when the status is {values['status']}",
                )
            )
        return (None, problems) if problems else (values, problems)


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
RECOMMENDATION_FIELDS = RECOMMENDATION_HEADER[1:]


def decision_instance(values: dict) -> Decision:
    return Decision(reference=values["reference"], **{f: values[f] for f in DECISION_FIELDS})
