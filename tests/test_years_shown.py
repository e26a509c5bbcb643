"""Which years the site shows and accepts: the default is the newest started year with a
published decision; the API refuses years outside the site's range with a 400 naming it; rows
dated outside the range (written past the rules, by raw SQL or old data) break no page."""

import datetime as dt

import pytest
from django.utils import timezone

from decisions.choices import Outcome
from decisions.services.publishing import statistics_publish
from decisions.statistics import year_table
from ombudsman.years import ReportingYear

from .factories import DecisionFactory

pytestmark = pytest.mark.django_db
D = dt.date


def _unpublished(council, day):
    return DecisionFactory(
        council=council,
        reference="26 999 001",
        outcome=Outcome.UPHELD,
        received_date=day,
        decision_date=day,
        published_on=None,
    )


def test_an_unpublished_decision_last_week_does_not_move_the_default_year(world, api, client):
    last_week = timezone.localdate() - dt.timedelta(days=7)
    _unpublished(world["ambridge"], last_week)
    assert api.get("/api/statistics/").json()["year"] == "2022-23"
    assert api.get("/api/averages/").json()["year"] == "2022-23"
    home = client.get("/")
    assert home.context["year"].label == "2022-23"
    page = client.get("/councils/ambridge/")
    assert page.context["year"].label == "2022-23"
    # Its year is still there to choose, with its (provisional) counts.
    current = ReportingYear.containing(last_week).label
    assert api.get(f"/api/statistics/?year={current}").status_code == 200


def test_a_decision_published_today_makes_its_year_the_default(world, api):
    today = timezone.localdate()
    decision = _unpublished(world["ambridge"], today)
    decision.published_on = today
    decision.save()
    assert api.get("/api/statistics/").json()["year"] == ReportingYear.containing(today).label


@pytest.mark.parametrize("path", ["/api/statistics/", "/api/averages/", "/api/map/"])
def test_years_outside_the_site_are_a_400_naming_the_range(world, api, path):
    current = ReportingYear.current()
    expected = f"outside the years this site holds: 2019-20 to {current.label}"
    for label in ("2018-19", current.next.label):
        response = api.get(path, {"year": label})
        assert response.status_code == 400, label
        assert expected in response.json()["year"][0]
    for label in ("2019-20", current.label):  # the edges are accepted
        assert api.get(path, {"year": label}).status_code == 200, label


def test_the_decision_list_filter_refuses_them_too(world, api):
    response = api.get("/api/decisions/", {"year": "2018-19"})
    assert response.status_code == 400
    assert "2019-20 to" in str(response.json()["year"])


def test_rows_dated_outside_the_range_break_no_page(world, client, api):
    # The rules refuse these dates; a factory (like raw SQL) writes them anyway.
    DecisionFactory(
        council=world["felpersham"],
        reference="99 000 001",
        received_date=D(1998, 12, 1),
        decision_date=D(1999, 1, 1),
    )
    DecisionFactory(
        council=world["felpersham"],
        reference="27 000 001",
        received_date=D(2027, 6, 1),
        decision_date=D(2027, 6, 1),
        published_on=D(2027, 7, 1),
    )
    page = client.get("/councils/felpersham/")
    assert page.status_code == 200
    assert page.context["year"].label == "2022-23"
    years = [y.label for y in page.context["years"]]
    assert years[-1] == "2019-20" and years[0] == ReportingYear.current().label
    assert client.get("/").context["year"].label == "2022-23"
    assert api.get("/api/statistics/").json()["year"] == "2022-23"


def test_a_published_year_freezes_its_outcome_counts(world, client):
    statistics_publish(year=ReportingYear(2022), today=D(2023, 6, 1))
    closed = world["felpersham"].decisions.filter(outcome=Outcome.CLOSED_AFTER_INITIAL_ENQUIRIES)
    moved = closed.order_by("decision_date").first()
    moved.outcome = Outcome.ADVICE_GIVEN  # between two outcomes that are not investigations
    moved.save()

    row = next(
        r for r in year_table(ReportingYear(2022))["councils"] if r["gss_code"] == "E07900001"
    )
    assert row["outcomes"]["closed_after_initial_enquiries"] == 2  # as published
    assert row["revision"]["outcomes"]["closed_after_initial_enquiries"] == 1
    assert row["revision"]["outcomes"]["advice_given"] == 2
    page = client.get("/councils/felpersham/?year=2022-23").content.decode()
    assert "Corrected since publication" in page
    assert "Decisions: advice given" in page
    assert 'data-field="revision.outcomes.advice_given">2<' in page
    assert 'data-field="revision.upheld"' not in page  # only what changed is listed twice


def test_outcome_shares_round_half_up_like_every_figure():
    from decisions.charts import outcome_bars

    rows = outcome_bars(
        counts={"upheld": 2, "not_upheld": 30},
        labels={"upheld": "Upheld", "not_upheld": "Not upheld"},
        average={"upheld": 1, "not_upheld": 7},
    )
    assert [r["share"] for r in rows] == [6.3, 93.8]  # 6.25 and 93.75: half up, not to even
    assert [r["average_share"] for r in rows] == [12.5, 87.5]
