"""The layout of decision and recommendation files: their columns, the parser of each cell,
and how one file lays its cells out. One definition serves the import, the export (which writes
the same columns, so that an export reads back) and the benchmark's files."""

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
from decisions.service_areas import heading_for, unknown_category_message

from .fields import (
    CellError,
    Parser,
    choice_parser,
    parse_amount,
    parse_bool,
    parse_date,
    parse_optional_date,
    parse_publication,
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
    "sample",
)
RECOMMENDATION_COLUMNS = ("decision_reference", "kind", "description", "due_date", "status")
RECOMMENDATION_OPTIONAL = ("amount", "outcome_date")
# Statements are published some weeks after the decision. A new decision from a file without a
# `published_on` column becomes public this many days after it was made (the Ombudsman's usual
# gap); an empty cell in that column means not to be published.
PUBLICATION_DELAY_DAYS = 28
PUBLICATION_DELAY = dt.timedelta(days=PUBLICATION_DELAY_DAYS)

# The full layout of a decision file, in the order an export writes it (`sample` came last, so
# that the columns before it kept their places for anyone who reads them by position).
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
    "sample",
]
# A decision's model fields by column, where the two differ.
DECISION_FIELD_OF = {"council": "council_id", "sample": "is_sample"}
DECISION_FIELDS = [DECISION_FIELD_OF.get(c, c) for c in DECISION_HEADER[1:]]
RECOMMENDATION_HEADER = [
    *RECOMMENDATION_COLUMNS[:3],
    "amount",
    *RECOMMENDATION_COLUMNS[3:],
    "outcome_date",
]
RECOMMENDATION_FIELDS = RECOMMENDATION_HEADER[1:]


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


_category_text = _text("category", required=True)


def _category(text: str) -> str:
    """The heading of the controlled list (decisions.service_areas) the cell names: another name
    found in files is mapped to its heading, an unknown one refused with the list."""
    text = _category_text(text)  # required, length, NUL: as any text cell
    heading = heading_for(text)
    if heading is None:
        raise CellError(unknown_category_message(text))
    return heading


# The cells of each kind of row, in the order their problems are reported. A decision's council
# is matched apart from these, since the decision date settles which council a name means.
# For a column a file lacks, a new row gets what its parser makes of an empty cell.
DECISION_CELLS: tuple[tuple[str, Parser], ...] = (
    ("reference", parse_reference),
    ("received_date", parse_optional_date),
    ("decision_date", parse_date),
    ("category", _category),
    ("subcategory", _text("subcategory", required=False)),
    ("outcome", _outcome),
    ("remedied_by_authority", parse_bool),
    ("report_type", choice_parser(ReportType, default=ReportType.STATEMENT)),
    ("summary", text_parser(required=False)),
    ("published_on", parse_publication),
    ("sample", parse_bool),
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
    its problems is reported. Values are keyed by model field (`keys` maps the columns whose
    field is named otherwise); problems name the column.
    """

    def __init__(
        self,
        table: Table,
        cells: tuple[tuple[str, Parser], ...],
        keys: dict[str, str] | None = None,
    ):
        keys = keys or {}
        self.file = table.file
        # A repeated header name means its last column, as a dict of the row would.
        self.position = {name: i for i, name in enumerate(table.names)}
        self.names = [name for name, _ in cells]
        self.keys = [keys.get(name, name) for name in self.names]
        # The columns of `cells` that this file carries.
        self.given = frozenset(name for name in self.names if name in self.position)
        self._cells = []
        for name, parse in cells:
            if name in self.position:
                self._cells.append((self.position[name], parse))
            else:
                # An optional column the file lacks: every row has it empty. (Required ones were
                # checked when the file was opened, so the empty cell parses.)
                self._cells.append((0, _constant(parse(""))))

    def parse(self, line: int, cells: list[str]) -> tuple[dict, list[Problem]]:
        """The values by field (None for a bad cell) and the problems."""
        try:
            parsed = [parse(cells[i]) for i, parse in self._cells]
            return dict(zip(self.keys, parsed, strict=True)), []
        except CellError:
            pass
        values, problems = {}, []
        for name, key, (i, parse) in zip(self.names, self.keys, self._cells, strict=True):
            try:
                values[key] = parse(cells[i])
            except CellError as exc:
                values[key] = None
                problems.append(Problem(self.file, line, name, str(exc)))
        return values, problems


def _constant(value) -> Parser:
    return lambda _text: value
