"""Publishing a reporting year: freezing its figures as they stand."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from decisions.models import StatisticsSnapshot
from decisions.statistics import live_year_table
from ombudsman.years import ReportingYear


class PublishError(Exception):
    """The year cannot be published (not finished yet, or already published)."""


@transaction.atomic
def statistics_publish(
    *, year: ReportingYear, user=None, replace: bool = False, today: dt.date | None = None
) -> StatisticsSnapshot:
    """Freeze the year's live figures. A year can only be published once it has ended; publishing
    again (`replace`) is for correcting a mistaken publication and replaces the frozen figures."""
    today = today or timezone.localdate()
    if year.last_day >= today:
        raise PublishError(
            f"{year.label} has not finished (it ends on {year.last_day:%-d %B %Y}): only a "
            "finished year can be published."
        )
    existing = StatisticsSnapshot.objects.select_for_update().filter(year=year.start_year).first()
    if existing and not replace:
        raise PublishError(
            f"{year.label} was already published on {existing.published_at:%-d %B %Y}."
        )
    figures = live_year_table(year)
    figures["status"] = "published"
    snapshot, _ = StatisticsSnapshot.objects.update_or_create(
        year=year.start_year,
        defaults={"figures": figures, "published_at": timezone.now(), "published_by": user},
    )
    return snapshot
