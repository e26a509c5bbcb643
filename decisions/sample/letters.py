"""Sample annual letters: the finished years of the sample data drafted from their figures and
marked sent, so that a new user sees letters on every council page. Each is labelled synthetic
(`AnnualLetter.is_sample`; its page and its PDF say so), sent to nobody, and named nobody
real: the addressee is the chief executive by title, the signatory made up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from decisions.letter_models import AnnualLetter, LetterYear
from decisions.services.letters import letters_generate
from ombudsman.dataversion import batched_changes
from ombudsman.years import ReportingYear

SIGNATORY = ("Alex Example", "Head of casework (synthetic sample)")


@dataclass
class SampleLettersSummary:
    years: list[str]
    letters: int = 0

    def __str__(self) -> str:
        years = ", ".join(self.years) or "no finished year"
        return f"Made {self.letters} synthetic sample letters, marked sent, for {years}."


def sent_date(year: ReportingYear) -> dt.date:
    """When a year's sample letters are dated: July after the year ends, as the real ones."""
    return dt.date(year.start_year + 1, 7, 15)


@transaction.atomic
def sample_letters_make(*, years: list[ReportingYear], site_url: str) -> SampleLettersSummary:
    """Draft and mark sent the letters of `years` that have none yet (a year with letters is
    left alone: they may be real)."""
    summary = SampleLettersSummary(years=[])
    with batched_changes():
        for year in years:
            if AnnualLetter.objects.filter(year=year.start_year).exists():
                continue
            LetterYear.objects.get_or_create(
                year=year.start_year,
                defaults={
                    "signatory_name": SIGNATORY[0],
                    "signatory_title": SIGNATORY[1],
                    "publication_date": sent_date(year) + dt.timedelta(days=14),
                },
            )
            summary.letters += letters_generate(year=year, site_url=site_url).created
            # One update, not a save per letter: sample data is disposable, like the sample
            # decisions (decisions/sample/generator.py), and keeps no audit history.
            AnnualLetter.objects.filter(year=year.start_year).update(
                is_sample=True, sent_on=sent_date(year)
            )
            summary.years.append(year.label)
    return summary
