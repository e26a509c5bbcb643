"""Publishing a finished year freezes its figures; later corrections show as revisions."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from decisions.choices import Outcome
from decisions.models import StatisticsSnapshot
from decisions.services.publishing import PublishError, statistics_publish
from ombudsman.years import ReportingYear

pytestmark = pytest.mark.django_db
Y2022 = ReportingYear(2022)


def felpersham_row(api, year="2022-23"):
    rows = api.get(f"/api/statistics/?year={year}").json()["results"]
    return next(r for r in rows if r["gss_code"] == "E07900001")


def test_publishing_freezes_and_revisions_show(world, api):
    statistics_publish(year=Y2022, today=dt.date(2023, 6, 1))
    body = api.get("/api/statistics/?year=2022-23").json()
    assert body["status"] == "published" and body["published_at"]
    assert felpersham_row(api)["revision"] is None

    decision = world["felpersham"].decisions.get(
        outcome=Outcome.NOT_UPHELD, decision_date__year=2022
    )
    decision.outcome = Outcome.UPHELD
    decision.save()

    row = felpersham_row(api)
    # The published figures stay as they were...
    assert (row["upheld"], row["investigations"], row["upheld_rate"]) == (3, 4, 75.0)
    # ...and the correction is there beside them.
    assert row["revision"]["upheld"] == 4
    assert row["revision"]["upheld_rate"] == 100.0
    averages = api.get("/api/averages/?year=2022-23").json()
    assert averages["england"]["upheld"] == 12
    assert averages["england"]["revision"]["upheld"] == 13
    council = api.get("/api/councils/E07900001/statistics/").json()["years"][1]
    assert council["status"] == "published" and council["revision"]["upheld"] == 4
    features = api.get("/api/map/?year=2022-23").json()["features"]
    assert (
        next(f for f in features if f["properties"]["gss_code"] == "E07900001")["properties"][
            "revised"
        ]
        is True
    )
    # Other years are untouched.
    assert api.get("/api/statistics/?year=2021-22").json()["status"] == "provisional"


def test_cannot_publish_an_unfinished_or_published_year(world):
    with pytest.raises(PublishError, match="has not finished"):
        statistics_publish(year=Y2022, today=dt.date(2023, 3, 31))
    statistics_publish(year=Y2022, today=dt.date(2023, 4, 1))
    with pytest.raises(PublishError, match="already published"):
        statistics_publish(year=Y2022, today=dt.date(2023, 4, 2))
    assert StatisticsSnapshot.objects.count() == 1


def test_republish_replaces(world):
    first = statistics_publish(year=Y2022, today=dt.date(2023, 6, 1))
    second = statistics_publish(year=Y2022, replace=True, today=dt.date(2023, 6, 2))
    assert first.pk == second.pk and StatisticsSnapshot.objects.count() == 1


def test_publish_command(world):
    call_command("publish_statistics", "--year", "2022-23")
    assert StatisticsSnapshot.objects.filter(year=2022).exists()
    with pytest.raises(CommandError, match="already published"):
        call_command("publish_statistics", "--year", "2022-23")
    with pytest.raises(CommandError, match="2019-20"):
        call_command("publish_statistics", "--year", "2022")


def test_republishing_after_a_correction_shows_the_new_frozen_figures(world, api):
    """The frozen figures are kept in memory by publication time: publishing again must show the
    new ones at once, and a revision shown meanwhile must not stick to the kept copy."""
    statistics_publish(year=Y2022, today=dt.date(2023, 6, 1))
    assert felpersham_row(api)["upheld"] == 3
    decision = world["felpersham"].decisions.get(
        outcome=Outcome.NOT_UPHELD, decision_date__year=2022
    )
    decision.outcome = Outcome.UPHELD
    decision.save()
    assert felpersham_row(api)["revision"]["upheld"] == 4
    statistics_publish(year=Y2022, replace=True, today=dt.date(2023, 6, 2))
    row = felpersham_row(api)
    assert (row["upheld"], row["revision"]) == (4, None)
    decision.outcome = Outcome.NOT_UPHELD
    decision.save()
    row = felpersham_row(api)
    assert (row["upheld"], row["revision"]["upheld"]) == (4, 3)
