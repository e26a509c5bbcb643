from django.core.exceptions import ValidationError
from django.db.models import Q
from django_filters import rest_framework as filters

from decisions.choices import ComplianceStatus, Outcome, RecommendationKind, ReportType
from decisions.models import AnnualLetter, Decision, Recommendation
from ombudsman.api.fields import ReportingYearFilter

COUNCIL_HELP = "The council's GSS code, e.g. E07000098."
# Each word of a search is a scan of the summaries: ten words took 1.6 s at 294,000 decisions.
MAX_WORDS = 5


def _few_words(value: str) -> None:
    if len(value.split()) > MAX_WORDS:
        raise ValidationError(
            f"Search for at most {MAX_WORDS} words; narrow the list with the other filters."
        )


class DecisionFilter(filters.FilterSet):
    council = filters.CharFilter(field_name="council__gss_code", help_text=COUNCIL_HELP)
    year = ReportingYearFilter(method="filter_year", help_text="Decisions made that year.")
    outcome = filters.ChoiceFilter(choices=Outcome.choices, help_text="The decision's outcome.")
    category = filters.CharFilter(lookup_expr="iexact", help_text="e.g. Housing.")
    subcategory = filters.CharFilter(lookup_expr="iexact", help_text="e.g. Allocations.")
    report_type = filters.ChoiceFilter(
        choices=ReportType.choices, help_text="statement, or report for a public report."
    )
    date_from = filters.DateFilter(
        field_name="decision_date", lookup_expr="gte", help_text="Decided on or after (ISO date)."
    )
    date_to = filters.DateFilter(
        field_name="decision_date", lookup_expr="lte", help_text="Decided on or before (ISO date)."
    )
    q = filters.CharFilter(
        method="filter_q",
        max_length=200,
        validators=[_few_words],
        help_text=f"Up to {MAX_WORDS} words, all found in the reference, summary, category or "
        "council name (more is a 400).",
    )
    ordering = filters.OrderingFilter(
        fields=(
            ("decision_date", "decision_date"),
            ("reference", "reference"),
            ("council__short_name", "council"),
        ),
        help_text="decision_date, reference or council; prefix - for descending.",
    )

    class Meta:
        model = Decision
        fields = ["council", "year", "outcome", "category", "subcategory", "report_type"]

    def filter_year(self, queryset, name, value):
        return queryset.in_year(value)

    def filter_q(self, queryset, name, value):
        query = Q()
        for word in value.split():
            query &= (
                Q(reference__icontains=word)
                | Q(summary__icontains=word)
                | Q(category__icontains=word)
                | Q(subcategory__icontains=word)
                | Q(council__short_name__icontains=word)
            )
        return queryset.filter(query)


class RecommendationFilter(filters.FilterSet):
    council = filters.CharFilter(field_name="decision__council__gss_code", help_text=COUNCIL_HELP)
    year = ReportingYearFilter(
        method="filter_year", help_text="Recommendations on decisions made that year."
    )
    kind = filters.ChoiceFilter(choices=RecommendationKind.choices, help_text="What was asked.")
    status = filters.ChoiceFilter(
        choices=ComplianceStatus.choices, help_text="Compliance outcome, or pending."
    )
    service_improvement = filters.BooleanFilter(
        method="filter_service_improvement",
        help_text="true: service improvements only; false: personal remedies only.",
    )

    class Meta:
        model = Recommendation
        fields = ["council", "year", "kind", "status", "service_improvement"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(decision__decision_date__range=(value.first_day, value.last_day))

    def filter_service_improvement(self, queryset, name, value):
        return queryset.service_improvements() if value else queryset.personal_remedies()


class AnnualLetterFilter(filters.FilterSet):
    council = filters.CharFilter(field_name="council__gss_code", help_text=COUNCIL_HELP)
    year = ReportingYearFilter(method="filter_year", help_text="The year the letter reviews.")

    class Meta:
        model = AnnualLetter
        fields = ["council", "year"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(year=value.start_year)
