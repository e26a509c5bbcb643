"""Importing the people the annual letters go to from a CSV file: one row per council and year,
columns `council` (GSS code), `year` (2023-24) and `<role>_name`, `<role>_email` for each
role (decisions.letter_models.Role; only the chief executive's are required). A row for a
council and year already held replaces it.

Every row is checked before anything is written; any problem and nothing is kept, with every
problem listed by line, column and reason (DataImportError).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from councils.models import Council
from councils.services.csvfiles import csv_open, csv_rows
from councils.services.errors import DataImportError
from decisions.letter_models import LetterRecipients, Role
from ombudsman.years import ReportingYear, YearFormatError

PEOPLE_COLUMNS = tuple(f"{role}_{part}" for role in Role.values for part in ("name", "email"))
REQUIRED = ("council", "year", "chief_executive_name", "chief_executive_email")


@dataclass
class RecipientsSummary:
    created: int = 0
    updated: int = 0

    def __str__(self) -> str:
        return f"{self.created} councils' recipients added, {self.updated} replaced."


def _row_recipients(line: int, row: dict, councils: dict, problems: list[str]):
    found = []

    def problem(column: str, reason: str) -> None:
        found.append(f"line {line}, column {column}: {reason}")

    council = councils.get(row.get("council", "").upper())
    if council is None:
        problem("council", f"no council has the GSS code {row.get('council', '')!r}.")
    try:
        year = ReportingYear.parse(row.get("year", ""))
    except YearFormatError as error:
        problem("year", str(error))
        year = None
    recipients = LetterRecipients(
        council=council,
        year=year.start_year if year else None,
        **{column: row.get(column, "") for column in PEOPLE_COLUMNS},
    )
    try:
        recipients.full_clean(exclude=["council", "year"], validate_unique=False)
    except ValidationError as error:
        for column, messages in error.message_dict.items():
            for message in messages:
                problem(column, message)
    for role in Role.values:
        if row.get(f"{role}_email") and not row.get(f"{role}_name"):
            problem(f"{role}_name", "an email address without a name.")
    problems += found
    return None if found else recipients


def recipients_import(*, path: str | Path) -> RecipientsSummary:
    councils = {c.gss_code: c for c in Council.objects.all()}
    problems: list[str] = []
    wanted: dict[tuple[int, int], tuple[int, LetterRecipients]] = {}
    label = Path(path).name
    with csv_open(path) as handle:
        for line, row in csv_rows(handle, required=REQUIRED, label=label):
            recipients = _row_recipients(line, row, councils, problems)
            if recipients is None:
                continue
            key = (recipients.council_id, recipients.year)
            if key in wanted:
                problems.append(
                    f"line {line}, column council: {recipients.council} for "
                    f"{recipients.year_label} is also on line {wanted[key][0]}."
                )
                continue
            wanted[key] = (line, recipients)
    if problems:
        raise DataImportError(
            f"{label}: {len(problems)} problem(s); nothing was imported.", problems
        )
    summary = RecipientsSummary()
    with transaction.atomic():
        for _, recipients in wanted.values():
            fields = {column: getattr(recipients, column) for column in PEOPLE_COLUMNS}
            _, created = LetterRecipients.objects.update_or_create(
                council=recipients.council, year=recipients.year, defaults=fields
            )
            if created:
                summary.created += 1
            else:
                summary.updated += 1
    return summary
