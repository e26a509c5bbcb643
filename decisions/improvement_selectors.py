"""Reads for the national list of service improvements (`/service-improvements/`): what councils
agreed to change for everyone, on public decisions, across councils and years."""

from __future__ import annotations

from django.db.models import QuerySet

from ombudsman.years import ReportingYear

from .models import Recommendation


def service_improvements_find(
    *,
    year: ReportingYear | None = None,
    category: str = "",
    kind: str = "",
    status: str = "",
) -> QuerySet[Recommendation]:
    """Service improvements on public decisions, newest decision first; each filter narrows
    when given. A year is the reporting year the decision was made in, as everywhere else."""
    found = Recommendation.objects.public().service_improvements()
    if year is not None:
        found = found.filter(decision__decision_date__range=(year.first_day, year.last_day))
    if category:
        found = found.filter(decision__category=category)
    if kind:
        found = found.filter(kind=kind)
    if status:
        found = found.filter(status=status)
    return found.select_related("decision__council").order_by(
        "-decision__decision_date", "decision__reference", "id"
    )
