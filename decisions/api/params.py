"""Query parameters of the statistics and map endpoints, validated by serializers so that
a bad value is a 400 naming the parameter (and documented in the schema)."""

from rest_framework import serializers

from councils.querysets import TIER_TYPES, AuthorityType
from ombudsman.api.fields import ReportingYearField
from ombudsman.years import FORMAT_HINT

YEAR_HELP = f"Reporting year: {FORMAT_HINT}. Default: the latest year with decisions."


class YearParams(serializers.Serializer):
    year = ReportingYearField(required=False, help_text=YEAR_HELP)


class StatisticsParams(YearParams):
    authority_type = serializers.ChoiceField(
        choices=AuthorityType.choices, required=False, help_text="Only councils of this type."
    )


class MapParams(YearParams):
    tier = serializers.ChoiceField(
        choices=list(TIER_TYPES),
        default="lower",
        help_text="lower: districts with the single-tier councils; upper: counties with the "
        "single-tier councils.",
    )
