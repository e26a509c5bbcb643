"""Drafting the annual review letters: one per council, from the statistics module's figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from councils.models import Council
from councils.querysets import TYPE_PLURAL
from decisions.models import AnnualLetter
from decisions.statistics import year_table
from decisions.statistics.figures import SMALL_NUMBER_THRESHOLD, compliant
from ombudsman.dataversion import batched_changes
from ombudsman.years import ReportingYear

TEMPLATE = "letters/annual_review.txt"


@dataclass
class LetterSummary:
    created: int = 0
    redrafted: int = 0
    kept: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} letters drafted, {self.redrafted} drafts redrafted, "
            f"{self.kept} left as they were (sent, or edited drafts kept)."
        )


def letter_body(*, council: Council, year: ReportingYear, row: dict, average: dict) -> str:
    return (
        render_to_string(
            TEMPLATE,
            {
                "addressee": letter_addressee(council),
                "council": council,
                "year": year,
                "row": row,
                "average": average,
                "compliant": compliant(row),
                "threshold": SMALL_NUMBER_THRESHOLD,
                "type_plural": TYPE_PLURAL[council.authority_type],
                "site_url": getattr(settings, "SITE_URL", ""),
            },
        ).strip()
        + "\n"
    )


def letter_addressee(council: Council) -> str:
    return f"The Chief Executive, {council.name}"


@transaction.atomic
def letters_generate(*, year: ReportingYear, redraft: bool = False) -> LetterSummary:
    """Draft a letter for every council that existed in the year. Sent letters are never touched;
    existing drafts are kept (staff may have edited them) unless `redraft`."""
    table = year_table(year)
    councils = Council.objects.in_bulk(
        [row["gss_code"] for row in table["councils"]], field_name="gss_code"
    )
    existing = {
        letter.council_id: letter for letter in AnnualLetter.objects.filter(year=year.start_year)
    }
    summary = LetterSummary()
    with batched_changes():
        for row in table["councils"]:
            council = councils[row["gss_code"]]
            body = letter_body(
                council=council,
                year=year,
                row=row,
                average=table["averages"][council.authority_type],
            )
            letter = existing.get(council.pk)
            if letter is None:
                AnnualLetter.objects.create(
                    council=council,
                    year=year.start_year,
                    body=body,
                    addressee=letter_addressee(council),
                )
                summary.created += 1
            elif redraft and not letter.is_sent:
                letter.body = body
                letter.save(update_fields=["body", "updated_at"])
                summary.redrafted += 1
            else:
                summary.kept += 1
    return summary
