from django_filters import rest_framework as filters
from django_filters.fields import ChoiceField

from decisions.choices import ComplianceStatus, Outcome, RecommendationKind, ReportType
from decisions.models import AnnualLetter, Decision, Recommendation
from decisions.search import MAX_WORDS, decisions_search, validate_few_words, whole_reference
from decisions.service_areas import CHOICES as CATEGORY_CHOICES
from decisions.service_areas import heading_for, headings_text
from ombudsman.api.fields import ReportingYearFilter
from ombudsman.api.filtersets import FilterSet

COUNCIL_HELP = "The council's GSS code, e.g. E07000098."


class CategoryField(ChoiceField):
    """A heading of the controlled list (decisions.service_areas); another name for a heading,
    in any case, is read as the heading, and an unknown name is refused with the list."""

    default_error_messages = {
        "invalid_choice": "%(value)s is not one of the Ombudsman's categories. Use one of: "
        + headings_text()
        + "."
    }

    def to_python(self, value):
        value = super().to_python(value)
        return heading_for(value) or value if value else value


class CategoryFilter(filters.ChoiceFilter):
    field_class = CategoryField


class DecisionFilter(FilterSet):
    council = filters.CharFilter(field_name="council__gss_code", help_text=COUNCIL_HELP)
    year = ReportingYearFilter(method="filter_year", help_text="Decisions made that year.")
    outcome = filters.ChoiceFilter(choices=Outcome.choices, help_text="The decision's outcome.")
    category = CategoryFilter(
        choices=CATEGORY_CHOICES,
        help_text="One of the Ombudsman's categories (another name for one, such as Planning, "
        "is read as its heading; any case).",
    )
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
        validators=[validate_few_words],
        help_text=f"Up to {MAX_WORDS} words, each found (as a whole word, in any grammatical form: "
        "'delays' finds 'delayed') in the summary, category or subcategory, or in the council's "
        "name; or a whole reference (22 004 123 or 22-004-123). More words is a 400.",
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
        # A whole reference, however typed, is that decision; otherwise words (decisions.search).
        reference = whole_reference(value)
        if reference:
            return queryset.filter(reference=reference)
        return decisions_search(queryset, value.split())


class RecommendationFilter(FilterSet):
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


class AnnualLetterFilter(FilterSet):
    council = filters.CharFilter(field_name="council__gss_code", help_text=COUNCIL_HELP)
    year = ReportingYearFilter(method="filter_year", help_text="The year the letter reviews.")

    class Meta:
        model = AnnualLetter
        fields = ["council", "year"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(year=value.start_year)
