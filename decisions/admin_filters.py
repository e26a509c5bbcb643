"""The list filters of the admin's decision, recommendation and letter lists. Each reads
what it offers cheaply at any data size: the years from the per-council tallies, the categories
once per data version, by index probes."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Q
from django.utils import timezone

from ombudsman.cache import Derived
from ombudsman.years import ReportingYear, YearFormatError

from .choices import SERVICE_IMPROVEMENT_KINDS
from .models import CouncilYearTally, Decision
from .services.tallies import OUTCOME_FIELDS


class ReportingYearFilter(admin.SimpleListFilter):
    """Reporting years (1 April to 31 March) that have at least one row, newest first.

    Subclasses name the date field. Years are derived from the distinct months in the data, so
    the list stays short and needs one query however many rows there are.
    """

    title = "reporting year"
    parameter_name = "year"
    date_field = ""

    def lookups(self, request, model_admin):
        months = model_admin.get_queryset(request).dates(self.date_field, "month")
        years = sorted({ReportingYear.containing(month) for month in months}, reverse=True)
        return [(year.label, year.label) for year in years]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        try:
            year = ReportingYear.parse(self.value())
        except YearFormatError as error:
            raise IncorrectLookupParameters(str(error)) from error
        return queryset.filter(**{f"{self.date_field}__range": (year.first_day, year.last_day)})


class DecisionYearFilter(ReportingYearFilter):
    title = "reporting year of the decision"
    date_field = "decision_date"

    def lookups(self, request, model_admin):
        # The years with a decision, read from the per-council tallies (a few thousand rows at
        # any data size), not from a scan of every decision's month (164 ms on each list
        # request at ten times the sample). A tally's outcome counts are by decision date.
        decided = Q()
        for field in OUTCOME_FIELDS:
            decided |= Q(**{f"{field}__gt": 0})
        years = (
            CouncilYearTally.objects.filter(decided)
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(ReportingYear(year).label,) * 2 for year in years]


# The categories in use, per data version: the admin's own filter ran SELECT DISTINCT category
# over every decision on each list request.
CATEGORIES = Derived("admin:decision-categories", size=4)


def categories_in_use() -> tuple[str, ...]:
    """The decisions' categories, A to Z, one index probe each (`distinct_by_probes`): a
    DISTINCT read every decision's entry in the index, on the first list request after each
    change, a quarter of a second at ten times the sample. A controlled list
    (decisions/service_areas.py) keeps the probes to a dozen or so."""
    return tuple(category for (category,) in Decision.objects.distinct_by_probes("category"))


class CategoryFilter(admin.SimpleListFilter):
    title = "category"
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return [(category, category) for category in CATEGORIES.get(compute=categories_in_use)]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        return queryset.filter(category=self.value())


class OutcomeYearFilter(ReportingYearFilter):
    title = "reporting year of the compliance outcome"
    parameter_name = "outcome_year"
    date_field = "outcome_date"


class PublicationFilter(admin.SimpleListFilter):
    title = "publication"
    parameter_name = "published"

    def lookups(self, request, model_admin):
        return [
            ("yes", "Public now"),
            ("scheduled", "Scheduled"),
            ("no", "Not to be published"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "yes":
                return queryset.filter(published_on__lte=today)
            case "scheduled":
                return queryset.filter(published_on__gt=today)
            case "no":
                return queryset.filter(published_on__isnull=True)
        return queryset


class ServiceImprovementFilter(admin.SimpleListFilter):
    title = "service improvement"
    parameter_name = "service_improvement"

    def lookups(self, request, model_admin):
        return [("yes", "Service improvement"), ("no", "Personal remedy")]

    def queryset(self, request, queryset):
        match self.value():
            case "yes":
                return queryset.filter(kind__in=SERVICE_IMPROVEMENT_KINDS)
            case "no":
                return queryset.exclude(kind__in=SERVICE_IMPROVEMENT_KINDS)
        return queryset


class LetterYearFilter(admin.SimpleListFilter):
    title = "reporting year"
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .order_by("-year")
            .values_list("year", flat=True)
            .distinct()
        )
        return [(ReportingYear(y).label, ReportingYear(y).label) for y in years]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        try:
            return queryset.filter(year=ReportingYear.parse(self.value()).start_year)
        except YearFormatError as error:
            raise IncorrectLookupParameters(str(error)) from error


class SentFilter(admin.SimpleListFilter):
    title = "sent"
    parameter_name = "sent"

    def lookups(self, request, model_admin):
        return [("yes", "Sent"), ("no", "Draft")]

    def queryset(self, request, queryset):
        match self.value():
            case "yes":
                return queryset.filter(sent_on__isnull=False)
            case "no":
                return queryset.filter(sent_on__isnull=True)
        return queryset
