"""Reporting years: 1 April to 31 March, written `2019-20`.

The label is the only form a year takes in URLs and the API. In the database a reporting year is
stored as its starting calendar year (2019 for 2019-20), which sorts and compares as a number.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone

# ASCII digits only: \d would also take full-width ones ("２０２２-２３").
LABEL_RE = re.compile(r"^(?P<start>[0-9]{4})-(?P<end>[0-9]{2})$")
FORMAT_HINT = "a reporting year written like 2019-20 (1 April 2019 to 31 March 2020)"
# Years a stored row may carry (a database check): wider than the site's data.
FIRST_YEAR = 2000
LAST_YEAR = 2099
# The first reporting year the site holds. Its register of councils starts with the councils as
# they stood on 1 April 2019, so a case decided before then could not be put against a council
# the site knows existed on the day. Decisions before it are refused, and so are API years.
DATA_FIRST_YEAR = 2019


class YearFormatError(ValueError):
    """A year label that is not of the form 2019-20."""


@dataclass(frozen=True, order=True)
class ReportingYear:
    start_year: int

    @classmethod
    def parse(cls, label: str) -> ReportingYear:
        match = LABEL_RE.match((label or "").strip())
        if not match:
            raise YearFormatError(f"{label!r} is not {FORMAT_HINT}.")
        start = int(match["start"])
        if int(match["end"]) != (start + 1) % 100:
            raise YearFormatError(
                f"{label!r} is not {FORMAT_HINT}: the second part must be the next year, "
                f"{start}-{(start + 1) % 100:02d}."
            )
        if not FIRST_YEAR <= start <= LAST_YEAR:
            raise YearFormatError(f"{label!r} is outside {FIRST_YEAR} to {LAST_YEAR}.")
        return cls(start)

    @classmethod
    def containing(cls, day: dt.date) -> ReportingYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @classmethod
    def current(cls) -> ReportingYear:
        return cls.containing(timezone.localdate())

    @property
    def label(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def last_day(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)

    @property
    def next(self) -> ReportingYear:
        return ReportingYear(self.start_year + 1)

    @property
    def previous(self) -> ReportingYear:
        return ReportingYear(self.start_year - 1)

    def __str__(self) -> str:
        return self.label


class YearRangeError(YearFormatError):
    """A well-formed year outside the years the site holds."""


def site_years(today: dt.date | None = None) -> tuple[ReportingYear, ReportingYear]:
    """The first and the last reporting year the site can show: from DATA_FIRST_YEAR to the
    year that contains today (nothing is dated in the future)."""
    last = ReportingYear.containing(today) if today else ReportingYear.current()
    return ReportingYear(DATA_FIRST_YEAR), last


def site_year(label: str) -> ReportingYear:
    """A year label that must also lie in `site_years()`: the API's and the pages' `?year=`."""
    year = ReportingYear.parse(label)
    first, last = site_years()
    if not first <= year <= last:
        raise YearRangeError(
            f"{year.label} is outside the years this site holds: {first.label} to {last.label}."
        )
    return year


def year_argument(text: str) -> ReportingYear:
    """An argparse `type` for `--year 2022-23` in management commands: a bad form is reported by
    the parser as a usage error naming the option."""
    import argparse

    try:
        return ReportingYear.parse(text)
    except YearFormatError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
