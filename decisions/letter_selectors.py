"""Reads for the annual letters that the year table does not carry: the year's decisions by
category (for each council, and for each authority type) and the service improvements agreed.
Each is one query for the whole year, so drafting every council's letter costs a few queries,
not a few per council."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count
from django.urls import reverse

from councils.querysets import with_council
from ombudsman.years import ReportingYear

from .models import AnnualLetter, Decision, Recommendation, reference_to_slug


def letter_years() -> list[ReportingYear]:
    """The years with a sent letter, newest first."""
    years = (
        AnnualLetter.objects.filter(sent_on__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return [ReportingYear(year) for year in years]


def year_letters(*, year: ReportingYear) -> list[AnnualLetter]:
    """The year's sent letters, by council name, without the councils' boundaries."""
    letters = AnnualLetter.objects.filter(year=year.start_year, sent_on__isnull=False)
    counted = letters.annotate(corrections_count=Count("corrections"))
    return list(with_council(counted).order_by("council__short_name"))


def year_category_counts(
    *, year: ReportingYear
) -> tuple[dict[int, dict[str, int]], dict[str, dict[str, int]]]:
    """Decisions made in the year by category: per council id, and per authority type (the
    similar councils' totals). Every decision counts, published or not, as in the statistics:
    a count reveals no case."""
    by_council: dict[int, dict[str, int]] = defaultdict(dict)
    by_type: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    grouped = (
        Decision.objects.in_year(year)
        .values_list("council_id", "council__authority_type", "category")
        .annotate(n=Count("id"))
        .order_by()
    )
    for council_id, authority_type, category, n in grouped:
        by_council[council_id][category] = n
        by_type[authority_type][category] += n
    return dict(by_council), {key: dict(value) for key, value in by_type.items()}


def year_service_improvements(*, year: ReportingYear, site_url: str) -> dict[int, list[dict]]:
    """The service improvements agreed on the public decisions of the year, per council id:
    what was agreed, the decision's reference and the absolute address of its page."""
    found: dict[int, list[dict]] = defaultdict(list)
    improvements = (
        Recommendation.objects.public()
        .service_improvements()
        .filter(decision__decision_date__range=(year.first_day, year.last_day))
        .order_by("decision__council_id", "due_date", "id")
        .values_list("decision__council_id", "decision__reference", "description")
    )
    for council_id, reference, description in improvements:
        path = reverse("decision-detail", kwargs={"slug": reference_to_slug(reference)})
        found[council_id].append(
            {
                "reference": reference,
                "description": " ".join(description.split()),
                "url": site_url + path,
            }
        )
    return dict(found)
