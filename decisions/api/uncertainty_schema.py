"""Serializers that document the funnel and early-warning responses (dicts built by
decisions.statistics.funnel and .warnings, returned as they are)."""

from rest_framework import serializers

from councils.querysets import AuthorityType
from decisions.statistics.funnel import FUNNEL_RATES, LEVELS
from decisions.statistics.uncertainty import CLASSES
from decisions.statistics.warnings import ABOVE, BELOW, REASONS, WARNING_RATES

from .schema import StatusMixin

_CLASS_HELP = (
    "higher or lower: outside the limits at this level (the council's own interval excludes "
    "the average); similar: inside them."
)


class FunnelPointSerializer(serializers.Serializer):
    gss_code = serializers.CharField()
    name = serializers.CharField()
    slug = serializers.CharField()
    base = serializers.IntegerField(
        help_text="What the rate rests on: its denominator (cases, or residents)."
    )
    numerator = serializers.IntegerField()
    rate = serializers.FloatField(help_text="One decimal, as everywhere.")
    classes = serializers.DictField(
        child=serializers.ChoiceField(choices=list(CLASSES)),
        help_text=f"By level ({', '.join(LEVELS)}): {_CLASS_HELP}",
    )


class FunnelSerializer(serializers.Serializer):
    year = serializers.CharField()
    status = serializers.ChoiceField(choices=["provisional", "published"])
    measure = serializers.ChoiceField(choices=list(FUNNEL_RATES))
    authority_type = serializers.ChoiceField(choices=AuthorityType.choices)
    target = serializers.FloatField(
        allow_null=True, help_text="The type's pooled average, unrounded."
    )
    points = FunnelPointSerializer(many=True, help_text="Highest rate first.")
    limits = serializers.DictField(
        child=serializers.ListField(child=serializers.ListField(child=serializers.FloatField())),
        help_text="By level: [base, lower limit, upper limit] from the smallest base plotted to "
        "the largest.",
    )
    outside = serializers.DictField(
        child=serializers.DictField(child=FunnelPointSerializer(many=True)),
        help_text="By level, then higher / lower: the councils beyond the limits.",
    )


class EarlyWarningSerializer(serializers.Serializer):
    gss_code = serializers.CharField()
    name = serializers.CharField()
    slug = serializers.CharField()
    authority_type = serializers.ChoiceField(choices=AuthorityType.choices)
    measure = serializers.ChoiceField(choices=list(WARNING_RATES))
    direction = serializers.ChoiceField(choices=[ABOVE, BELOW])
    reasons = serializers.ListField(
        child=serializers.ChoiceField(choices=list(REASONS)),
        help_text="outside_998: beyond the 99.8% limit this year; outside_95_twice: beyond the "
        "95% limit this year and last; rose / fell: a change on last year that the "
        "two-proportion test finds significant at 5% (upheld rate only).",
    )
    rate = serializers.FloatField()
    rate_last_year = serializers.FloatField(allow_null=True)
    average = serializers.FloatField(allow_null=True, help_text="The type's pooled average.")


class EarlyWarningsSerializer(StatusMixin):
    count = serializers.IntegerField()
    results = EarlyWarningSerializer(many=True)
