"""The reporting years (ombudsman.years) at their edges: the year containing a day, its first
and last days, labels parsed and refused, the current year and the years the site holds; the
exact values a mutation of the code would change (see `make mutate`)."""

import argparse
import datetime as dt
import types

import pytest

from ombudsman import years
from ombudsman.years import (
    ReportingYear,
    YearFormatError,
    YearRangeError,
    site_year,
    site_years,
    year_argument,
)

# --- reporting years --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (dt.date(2023, 3, 31), "2022-23"),
        (dt.date(2023, 4, 1), "2023-24"),
        (dt.date(2023, 1, 1), "2022-23"),
        (dt.date(2023, 12, 31), "2023-24"),
        (dt.date(2099, 12, 31), "2099-00"),
        (dt.date(2000, 3, 31), "1999-00"),
    ],
)
def test_containing(day, label):
    assert ReportingYear.containing(day).label == label


def test_first_and_last_days():
    year = ReportingYear(2022)
    assert year.first_day == dt.date(2022, 4, 1)
    assert year.last_day == dt.date(2023, 3, 31)
    assert ReportingYear.containing(year.first_day) == year
    assert ReportingYear.containing(year.last_day) == year
    assert ReportingYear.containing(year.first_day - dt.timedelta(days=1)) == year.previous
    assert ReportingYear.containing(year.last_day + dt.timedelta(days=1)) == year.next
    assert year.next == ReportingYear(2023)
    assert year.previous == ReportingYear(2021)
    assert str(year) == "2022-23"
    assert ReportingYear(2009).label == "2009-10"
    assert ReportingYear(2000).label == "2000-01"
    assert ReportingYear(2021) < ReportingYear(2022)


@pytest.mark.parametrize("label", ["2000-01", "2019-20", " 2019-20 ", "2099-00", "2009-10"])
def test_parse_accepts(label):
    assert ReportingYear.parse(label).label == label.strip()


def test_parse_of_the_edges():
    assert ReportingYear.parse("2000-01").start_year == 2000
    assert ReportingYear.parse("2099-00").start_year == 2099


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("2019", "'2019' is not " + years.FORMAT_HINT + "."),
        ("", "'' is not " + years.FORMAT_HINT + "."),
        (None, "None is not " + years.FORMAT_HINT + "."),
        ("2019-2020", "'2019-2020' is not " + years.FORMAT_HINT + "."),
        ("x2019-20", "'x2019-20' is not " + years.FORMAT_HINT + "."),
        (
            "2019-21",
            "'2019-21' is not "
            + years.FORMAT_HINT
            + ": the second part must be the next year, 2019-20.",
        ),
        (
            "2009-11",
            "'2009-11' is not "
            + years.FORMAT_HINT
            + ": the second part must be the next year, 2009-10.",
        ),
        ("1999-00", "'1999-00' is outside 2000 to 2099."),
        ("2100-01", "'2100-01' is outside 2000 to 2099."),
    ],
)
def test_parse_refuses(label, message):
    with pytest.raises(YearFormatError) as info:
        ReportingYear.parse(label)
    assert str(info.value) == message


def test_format_hint():
    assert years.FORMAT_HINT == (
        "a reporting year written like 2019-20 (1 April 2019 to 31 March 2020)"
    )
    assert (years.FIRST_YEAR, years.LAST_YEAR, years.DATA_FIRST_YEAR) == (2000, 2099, 2019)


@pytest.fixture
def today(monkeypatch):
    """Sets the day ombudsman.years takes as today."""

    def set_today(day):
        monkeypatch.setattr(years, "timezone", types.SimpleNamespace(localdate=lambda: day))

    return set_today


def test_current(today):
    today(dt.date(2024, 3, 31))
    assert ReportingYear.current() == ReportingYear(2023)
    today(dt.date(2024, 4, 1))
    assert ReportingYear.current() == ReportingYear(2024)


def test_site_years(today):
    assert site_years(dt.date(2024, 3, 31)) == (ReportingYear(2019), ReportingYear(2023))
    assert site_years(dt.date(2024, 4, 1)) == (ReportingYear(2019), ReportingYear(2024))
    today(dt.date(2025, 4, 1))
    assert site_years() == (ReportingYear(2019), ReportingYear(2025))


def test_site_year_edges(today):
    today(dt.date(2024, 3, 31))
    assert site_year("2019-20") == ReportingYear(2019)
    assert site_year("2023-24") == ReportingYear(2023)
    with pytest.raises(YearRangeError) as info:
        site_year("2024-25")
    assert str(info.value) == ("2024-25 is outside the years this site holds: 2019-20 to 2023-24.")
    with pytest.raises(YearRangeError) as info:
        site_year("2018-19")
    assert str(info.value) == ("2018-19 is outside the years this site holds: 2019-20 to 2023-24.")
    today(dt.date(2024, 4, 1))
    assert site_year("2024-25") == ReportingYear(2024)
    with pytest.raises(YearRangeError):
        site_year("2025-26")


def test_site_year_of_a_bad_label_is_a_format_error(today):
    today(dt.date(2024, 4, 1))
    with pytest.raises(YearFormatError) as info:
        site_year("2024")
    assert not isinstance(info.value, YearRangeError)


def test_year_argument():
    assert year_argument("2022-23") == ReportingYear(2022)
    with pytest.raises(argparse.ArgumentTypeError) as info:
        year_argument("2022-24")
    assert str(info.value) == (
        "'2022-24' is not "
        + years.FORMAT_HINT
        + ": the second part must be the next year, 2022-23."
    )
    assert isinstance(info.value.__cause__, YearFormatError)


@pytest.mark.parametrize("label", ["２０２２-２３", "2022-２３", "٢٠٢٢-٢٣"])
def test_only_ascii_digits_make_a_year(label):
    # \d would take them, and int() reads them: "２０２２-２３" was 2022-23.
    with pytest.raises(YearFormatError):
        ReportingYear.parse(label)


def test_the_api_and_pages_refuse_full_width_years(client, db):
    api = client.get("/api/statistics/?year=２０２２-２３")
    assert api.status_code == 400 and "year" in api.json()
    assert client.get("/?year=２０２２-２３").status_code == 400
