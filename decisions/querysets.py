from __future__ import annotations

import datetime as dt

from django.db import models

from ombudsman.years import ReportingYear

from .choices import INVESTIGATED, SERVICE_IMPROVEMENT_KINDS, Outcome


class DecisionQuerySet(models.QuerySet):
    def public(self, today: dt.date | None = None) -> DecisionQuerySet:
        """Decisions that may be shown: published on or before today. Every public page, the API
        and the CSV start from here, so an unpublished statement can never leak."""
        return self.filter(published_on__lte=today or dt.date.today())

    def in_year(self, year: ReportingYear) -> DecisionQuerySet:
        return self.filter(decision_date__range=(year.first_day, year.last_day))

    def investigated(self) -> DecisionQuerySet:
        return self.filter(outcome__in=INVESTIGATED)

    def upheld(self) -> DecisionQuerySet:
        return self.filter(outcome=Outcome.UPHELD)


class RecommendationQuerySet(models.QuerySet):
    def public(self, today: dt.date | None = None) -> RecommendationQuerySet:
        return self.filter(decision__published_on__lte=today or dt.date.today())

    def service_improvements(self) -> RecommendationQuerySet:
        return self.filter(kind__in=SERVICE_IMPROVEMENT_KINDS)

    def personal_remedies(self) -> RecommendationQuerySet:
        return self.exclude(kind__in=SERVICE_IMPROVEMENT_KINDS)

    def outcome_in_year(self, year: ReportingYear) -> RecommendationQuerySet:
        """Recommendations whose compliance outcome was recorded in the year."""
        return self.filter(outcome_date__range=(year.first_day, year.last_day))
