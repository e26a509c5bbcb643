"""Query parameters of the statistics and map endpoints, validated by serializers so that
a bad value is a 400 naming the parameter (and documented in the schema)."""

from rest_framework import serializers

from councils.querysets import REGIONS, TIER_TYPES, AuthorityType
from decisions.service_areas import HEADINGS, heading_for
from decisions.statistics.funnel import FUNNEL_RATES
from decisions.statistics.warnings import ABOVE, BELOW, WARNING_RATES
from ombudsman.api.fields import ReportingYearField
from ombudsman.years import FORMAT_HINT

YEAR_HELP = f"Reporting year: {FORMAT_HINT}. Default: the latest year with decisions."


class YearParams(serializers.Serializer):
    year = ReportingYearField(required=False, help_text=YEAR_HELP)


class StatisticsParams(YearParams):
    authority_type = serializers.ChoiceField(
        choices=AuthorityType.choices, required=False, help_text="Only councils of this type."
    )
    region = serializers.ChoiceField(
        choices=REGIONS, required=False, help_text="Only councils in this English region."
    )
    warning = serializers.ChoiceField(
        choices=[ABOVE, BELOW],
        required=False,
        help_text="Only councils with an early warning in this direction for the upheld rate or "
        "upheld per 100,000 (above: clearly above similar councils; below: clearly below). "
        "The reasons are at /api/early-warnings/.",
    )


class FunnelParams(YearParams):
    measure = serializers.ChoiceField(
        choices=list(FUNNEL_RATES), default=FUNNEL_RATES[0], help_text="The rate plotted."
    )
    authority_type = serializers.ChoiceField(
        choices=AuthorityType.choices,
        default=AuthorityType.DISTRICT,
        help_text="The councils plotted, against their own pooled average.",
    )


class EarlyWarningParams(YearParams):
    direction = serializers.ChoiceField(
        choices=[ABOVE, BELOW], required=False, help_text="Only warnings in this direction."
    )
    measure = serializers.ChoiceField(
        choices=list(WARNING_RATES), required=False, help_text="Only warnings on this measure."
    )


class MapParams(YearParams):
    tier = serializers.ChoiceField(
        choices=list(TIER_TYPES),
        default="lower",
        help_text="lower: districts with the single-tier councils; upper: counties with the "
        "single-tier councils.",
    )


class CategoryChoiceField(serializers.ChoiceField):
    """A heading of the controlled list, by its name as the service-areas API writes it; another
    name for a heading, in any case, is read as the heading (as the decisions' `category`
    filter reads it)."""

    def to_internal_value(self, data):
        return super().to_internal_value(heading_for(str(data)) or data)


class MapFiguresParams(MapParams):
    category = CategoryChoiceField(
        choices=list(HEADINGS),
        required=False,
        help_text="A category (service area), named as /api/service-areas/ names it: each "
        "council's upheld rate in that category instead of the headline figures, the only rate "
        "counted by category (the others are null). Default: all complaints.",
    )
