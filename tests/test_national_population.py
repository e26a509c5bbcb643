"""England's upheld per 100,000 on the real councils and populations of the fixture: residents
counted once (the lower tier), and a per-head figure for every council with a population."""

import pytest
from django.core.management import call_command

from councils.models import Council
from decisions.statistics import year_table
from ombudsman.years import ReportingYear

from .factories import DecisionFactory

pytestmark = pytest.mark.django_db

# The ONS mid-2022 estimates of the districts, unitaries, metropolitan and London boroughs that
# existed on 1 April 2022, summed (England's published mid-2022 total is 57,106,398).
ENGLAND_MID_2022 = 57_106_398


@pytest.fixture
def councils(db):
    call_command("loaddata", "fixtures/councils.json", verbosity=0)


def test_england_population_is_its_residents_once(councils, api):
    hertsmere = Council.objects.get(gss_code="E07000098")
    DecisionFactory(council=hertsmere, outcome="upheld")
    england = api.get("/api/averages/?year=2022-23").json()["england"]
    assert abs(england["population"] - ENGLAND_MID_2022) / ENGLAND_MID_2022 < 0.01
    assert england["population"] == ENGLAND_MID_2022


@pytest.mark.parametrize("start", range(2019, 2025))
def test_every_council_has_its_per_head_figure(councils, start):
    rows = year_table(ReportingYear(start))["councils"]
    assert rows
    missing = [r["name"] for r in rows if r["population"] is None or r["upheld_per_100k"] is None]
    assert missing == []
