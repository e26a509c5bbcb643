"""One row of an import file in, a dict of model values or a list of problems out.

Which columns a file carries matters as much as what they hold. A decision already stored
keeps the value of every optional column its file lacks (an update sets only the columns the
file gives); a new decision gets the column's default: no received date, an empty subcategory
and summary, no satisfactory remedy, a statement, not sample data, and publication
`PUBLICATION_DELAY_DAYS` after the decision. `published_on` means what the admin's field means:
a date, or not to be published, written as an empty cell or as `never` (what the export
writes, so that an export reads back as it was).

A recommendation has no identity of its own in the case files: the recommendations a file gives
for a decision replace all that it had, so there is nothing stored for an absent `amount` or
`outcome_date` to keep, and those are empty.

Every good row is also checked against the shared rules (`decisions.rules`) and the council
register's reorganisations (`councils.succession`), with the decision's stored values standing
in for the columns the file lacks.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import NamedTuple

from councils.models import Council
from councils.selectors import CouncilNameIndex
from councils.succession import Succession, SuccessionError
from decisions.models import Decision
from decisions.rules import (
    RECOMMENDING_OUTCOMES,
    compliance_council_problem,
    decision_problems,
    recommendation_problems,
)

from .fields import (
    CellError,
    parse_reference,
)
from .layout import (
    DECISION_CELLS,
    DECISION_FIELD_OF,
    DECISION_FIELDS,
    DECISION_HEADER,
    PUBLICATION_DELAY,
    RECOMMENDATION_CELLS,
    Layout,
    Problem,
)
from .tables import Table

# The column a rule's problem is reported in, where the rule's field name is not a column.
RECOMMENDATION_COLUMN_OF = {"decision": "decision_reference"}
# A rule about a column the file lacks (so the stored value was checked) is reported in the
# column of the file that conflicts with it.
_BLAMED_INSTEAD = {
    "received_date": "decision_date",
    "published_on": "decision_date",
    "remedied_by_authority": "outcome",
}
# A rule that the recommendations a decision keeps now break is reported in the column of its
# row that changed: the outcome, or the date.
_KEPT_BLAMED = {"decision": "outcome", "outcome_date": "decision_date"}
# The columns whose stored value the decision rules need when a file lacks them.
_RULE_COLUMNS = ("received_date", "published_on", "remedied_by_authority")


class StoredDecision(NamedTuple):
    """What the rules need of a decision already in the database (see `core`)."""

    outcome: str
    decision_date: dt.date
    received_date: dt.date | None
    published_on: dt.date | None
    remedied_by_authority: bool


STORED_FIELDS = StoredDecision._fields


class NamedDecision(NamedTuple):
    """What a recommendation's rules need of its decision, from the file or the database."""

    council_id: int
    outcome: str
    decision_date: dt.date


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
    """Decision rows of one file.

    `parse` needs what is stored of the decisions of the row's batch (`StoredDecision` by
    reference, looked up by the caller for the whole batch, from `references`). It counts the
    rows put against the successor of the council named (`moved`), and keeps aside the stored
    decisions that the row makes no longer upheld or dates later (`changed`), whose stored
    recommendations may then break the rules: whether the import replaces those is known only
    once its recommendation rows are read (see `kept_recommendation_problems`).
    """

    def __init__(
        self,
        table: Table,
        councils: CouncilMatcher,
        *,
        succession: Succession,
        today: dt.date,
    ):
        self.layout = Layout(table, DECISION_CELLS, DECISION_FIELD_OF)
        self.file = table.file
        self.council_at = self.layout.position["council"]
        self.reference_at = self.layout.position["reference"]
        self.councils = councils
        self.succession = succession
        self.today = today
        given = self.layout.given | {"council"}
        # The model fields this file gives, which an update sets; it keeps the others.
        self.fields = [DECISION_FIELD_OF.get(c, c) for c in DECISION_HEADER[1:] if c in given]
        self.absent = tuple(c for c in _RULE_COLUMNS if c not in given)
        self.publication_defaults = "published_on" not in given
        self.moved = 0
        # reference -> (line, outcome, decision date) of each stored decision that was upheld
        # and is no longer, or whose decision date moves later.
        self.changed: dict[str, tuple[int, str, dt.date]] = {}

    def references(self, batch: list[tuple[int, list[str]]], known: set[str]) -> list[str]:
        """The references of a batch's rows that are among the `known` ones (those stored), to
        look up what is stored of them."""
        at = self.reference_at
        return [r for r in (_reference_or_none(cells[at]) for _, cells in batch) if r in known]

    def parse(
        self, line: int, cells: list[str], stored: dict[str, StoredDecision]
    ) -> tuple[dict | None, list[Problem]]:
        values, problems = self.layout.parse(line, cells)
        council_text = cells[self.council_at]
        decided = values["decision_date"]
        council = self.councils(council_text, decided) if council_text else None
        if council is None:
            problems.append(
                Problem(
                    self.file,
                    line,
                    "council",
                    f"unknown council {council_text!r}: give its GSS code (E07000098) or its name"
                    if council_text
                    else "required: the council's GSS code or name",
                )
            )
        if problems:
            return None, problems
        if self.publication_defaults:
            # For a new decision; a stored one keeps its own (the writers see to that).
            values["published_on"] = decided + PUBLICATION_DELAY
        before = stored.get(values["reference"])
        named = council.id  # the attribute: `pk` is a property, a call on every row
        try:
            council_id = self.succession.responsible(named, decided)
            misplaced = None
        except SuccessionError as exc:
            council_id, misplaced = None, str(exc)
        checked = values
        if before is not None and self.absent:
            checked = {**values, **{c: getattr(before, c) for c in self.absent}}
        found = decision_problems(
            council_id=council_id,
            decision_date=decided,
            received_date=checked["received_date"],
            published_on=checked["published_on"],
            outcome=values["outcome"],
            remedied_by_authority=checked["remedied_by_authority"],
            today=self.today,
            succession=self.succession,
        )
        # As the rules do for the council they check: a bad date says nothing of the council.
        if misplaced and "decision_date" not in found:
            found["council"] = misplaced
        if found:
            return None, [
                self._problem(line, field, reason, before) for field, reason in found.items()
            ]
        values["council_id"] = council_id
        if council_id != named:
            self.moved += 1
        if before is not None and (
            (before.outcome in RECOMMENDING_OUTCOMES and values["outcome"] != before.outcome)
            or decided > before.decision_date
        ):
            self.changed[values["reference"]] = (line, values["outcome"], decided)
        return values, problems

    def _problem(self, line: int, field: str, reason: str, before) -> Problem:
        if before is not None and field in self.absent:
            value = getattr(before, field)
            shown = value.isoformat() if isinstance(value, dt.date) else value
            if isinstance(value, bool):
                shown = "yes" if value else "no"
            return Problem(
                self.file,
                line,
                _BLAMED_INSTEAD[field],
                f"{reason} (This file has no {field} column, so the decision keeps its stored "
                f"{field}: {'empty' if shown is None else shown}.)",
            )
        return Problem(self.file, line, field, reason)


def kept_recommendation_problems(
    file: str,
    line: int,
    *,
    outcome: str,
    decision_date: dt.date,
    count: int,
    first_outcome_date: dt.date | None,
    today: dt.date,
) -> list[Problem]:
    """The `count` recommendations a decision keeps in the database (the earliest outcome
    recorded on `first_outcome_date`) checked, as a whole, against its new outcome and date."""
    found = recommendation_problems(
        decision_outcome=outcome,
        decision_date=decision_date,
        due_date=None,
        status=None,
        outcome_date=first_outcome_date,
        today=today,
    )
    stored = f"{count} recommendation{'s' if count != 1 else ''} stored for it"
    return [
        Problem(
            file,
            line,
            _KEPT_BLAMED.get(field, field),
            f"the decision keeps the {stored}, which no recommendation row of this import "
            f"replaces: {reason}",
        )
        for field, reason in found.items()
    ]


class RecommendationRows:
    """Recommendation rows of one file: `parse` reads the cells; `check` applies the rules,
    given the decision the row names (from the other file or the database, which the caller
    has), or None when there is no such decision."""

    def __init__(self, table: Table, *, succession: Succession, today: dt.date):
        self.layout = Layout(table, RECOMMENDATION_CELLS)
        self.file = table.file
        self.succession = succession
        self.today = today

    def parse(self, line: int, cells: list[str]) -> tuple[dict | None, list[Problem]]:
        values, problems = self.layout.parse(line, cells)
        return (None, problems) if problems else (values, problems)

    def check(self, line: int, values: dict, decision: NamedDecision | None) -> list[Problem]:
        problems = []
        if decision is None:
            reason = "no such decision in this import or in the database"
            problems.append(Problem(self.file, line, "decision_reference", reason))
        found = recommendation_problems(
            decision_outcome=decision.outcome if decision else None,
            decision_date=decision.decision_date if decision else None,
            due_date=values["due_date"],
            status=values["status"],
            outcome_date=values["outcome_date"],
            today=self.today,
        )
        if decision is not None and "outcome_date" not in found:
            problem = compliance_council_problem(
                council_id=decision.council_id,
                outcome_date=values["outcome_date"],
                succession=self.succession,
            )
            if problem:
                found["outcome_date"] = problem
        for field, reason in found.items():
            column = RECOMMENDATION_COLUMN_OF.get(field, field)
            problems.append(Problem(self.file, line, column, reason))
        return problems


def _reference_or_none(text: str) -> str | None:
    try:
        return parse_reference(text)
    except CellError:
        return None  # reported when the row is parsed


def decision_instance(values: dict) -> Decision:
    return Decision(reference=values["reference"], **{f: values[f] for f in DECISION_FIELDS})
