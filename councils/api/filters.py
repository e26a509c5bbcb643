from django_filters import rest_framework as filters

from councils.models import Council
from councils.querysets import AuthorityType
from ombudsman.api.fields import ReportingYearFilter
from ombudsman.api.filtersets import FilterSet


class CouncilFilter(FilterSet):
    authority_type = filters.ChoiceFilter(
        choices=AuthorityType.choices, help_text="The Ombudsman's comparison group."
    )
    region = filters.CharFilter(lookup_expr="iexact", help_text="English region, e.g. London.")
    year = ReportingYearFilter(method="filter_year", help_text="Councils that existed that year.")
    q = filters.CharFilter(method="filter_q", help_text="Search official, short and other names.")

    class Meta:
        model = Council
        fields = ["authority_type", "region", "year", "q"]

    def filter_year(self, queryset, name, value):
        return queryset.active_in(value)

    def filter_q(self, queryset, name, value):
        return queryset.search(value)
