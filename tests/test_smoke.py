import pytest

from ombudsman.years import ReportingYear, YearFormatError


def test_year_label_round_trip():
    year = ReportingYear.parse("2019-20")
    assert year.start_year == 2019
    assert year.label == "2019-20"
    assert str(year.first_day) == "2019-04-01"
    assert str(year.last_day) == "2020-03-31"


@pytest.mark.parametrize("label", ["2019", "2019-21", "19-20", "abc", "", "1800-01"])
def test_bad_year_labels_are_refused(label):
    with pytest.raises(YearFormatError):
        ReportingYear.parse(label)
