from django.urls import reverse
from django.utils.functional import cached_property
from rest_framework import serializers

from decisions.choices import Outcome, RecommendationKind
from decisions.models import AnnualLetter, Decision, Recommendation


class ChoiceLabelField(serializers.CharField):
    """The label of a choice's value, from the choices themselves. Given `get_FOO_display` as
    its source, DRF inspected that method's signature for every row (three signature reads a
    row, the largest part of serialising a page of decisions)."""

    def __init__(self, choices, **kwargs):
        self.labels = {value: str(label) for value, label in choices}
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return self.labels.get(value, value)


def _absolute(serializer, path: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(path) if request else path


class RecommendationSerializer(serializers.ModelSerializer):
    decision = serializers.SlugRelatedField(slug_field="reference", read_only=True)
    council = serializers.CharField(source="decision.council.gss_code", read_only=True)
    kind_label = ChoiceLabelField(RecommendationKind.choices, source="kind")
    service_improvement = serializers.BooleanField(source="is_service_improvement")
    amount = serializers.DecimalField(
        max_digits=10,
        decimal_places=2,
        coerce_to_string=False,
        allow_null=True,
        help_text="Pounds, for financial redress.",
    )

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "decision",
            "council",
            "kind",
            "kind_label",
            "service_improvement",
            "description",
            "amount",
            "due_date",
            "status",
            "outcome_date",
        ]


class DecisionRecommendationSerializer(RecommendationSerializer):
    class Meta(RecommendationSerializer.Meta):
        fields = [
            f for f in RecommendationSerializer.Meta.fields if f not in ("decision", "council")
        ]


class DecisionSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.gss_code", read_only=True)
    council_name = serializers.CharField(source="council.short_name", read_only=True)
    year = serializers.SerializerMethodField()
    outcome_label = ChoiceLabelField(Outcome.choices, source="outcome")
    page_url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "reference",
            "council",
            "council_name",
            "category",
            "subcategory",
            "received_date",
            "decision_date",
            "year",
            "outcome",
            "outcome_label",
            "remedied_by_authority",
            "report_type",
            "summary",
            "published_on",
            "is_sample",
            "page_url",
            "api_url",
        ]

    def get_year(self, decision: Decision) -> str:
        return decision.year.label

    def get_page_url(self, decision: Decision) -> str:
        site, page_path = self._links
        return site + page_path.replace(_SLUG, decision.slug)

    def get_api_url(self, decision: Decision) -> str:
        return f"{self._links[0]}/api/decisions/{decision.slug}/"

    def to_representation(self, decision: Decision) -> dict:
        """The fields above, written out in one pass. DRF's own way, a lookup and a conversion
        for each of 17 fields and a `reverse()` and `build_absolute_uri()` for each link, was a
        fifth of the Python of a page of decisions under ten clients making different searches
        (py-spy). The fields' declarations stay, for the schema and for
        `tests/test_api_decision_fields.py`, which checks that both ways give the same."""
        received, published = decision.received_date, decision.published_on
        return {
            "reference": decision.reference,
            "council": decision.council.gss_code,
            "council_name": decision.council.short_name,
            "category": decision.category,
            "subcategory": decision.subcategory,
            "received_date": received.isoformat() if received else None,
            "decision_date": decision.decision_date.isoformat(),
            "year": self.get_year(decision),
            "outcome": decision.outcome,
            "outcome_label": self._declared_fields["outcome_label"].to_representation(
                decision.outcome
            ),
            "remedied_by_authority": decision.remedied_by_authority,
            "report_type": decision.report_type,
            "summary": decision.summary,
            "published_on": published.isoformat() if published else None,
            "is_sample": decision.is_sample,
            "page_url": self.get_page_url(decision),
            "api_url": self.get_api_url(decision),
        }

    @cached_property
    def _links(self) -> tuple[str, str]:
        """The scheme and host of the request ("" without one), and a decision page's path with
        a stand-in for its slug: made once for a page of rows, not a `reverse()` and a
        `build_absolute_uri()` for every row (the links of both ways of writing a decision)."""
        return _absolute(self, "/").removesuffix("/"), reverse(
            "decision-detail", kwargs={"slug": _SLUG}
        )


_SLUG = "00-000-000"


class DecisionDetailSerializer(DecisionSerializer):
    recommendations = DecisionRecommendationSerializer(many=True, read_only=True)

    class Meta(DecisionSerializer.Meta):
        fields = [*DecisionSerializer.Meta.fields, "recommendations"]

    # A single decision, with its recommendations: DRF's own way, field by field.
    to_representation = serializers.ModelSerializer.to_representation


class LetterCorrectionSerializer(serializers.Serializer):
    made_at = serializers.DateTimeField(read_only=True)
    note = serializers.CharField(read_only=True, help_text="What changed and why.")


class AnnualLetterSerializer(serializers.ModelSerializer):
    council = serializers.CharField(source="council.gss_code", read_only=True)
    council_name = serializers.CharField(source="council.short_name", read_only=True)
    year = serializers.CharField(source="year_label", read_only=True)
    body = serializers.CharField(
        source="current_body",
        read_only=True,
        help_text="The letter's text (Markdown) as it stands, corrections included.",
    )
    body_as_sent = serializers.CharField(
        source="body", read_only=True, help_text="The text as sent, before any correction."
    )
    corrections = LetterCorrectionSerializer(many=True, read_only=True)
    is_sample = serializers.BooleanField(
        read_only=True, help_text="A synthetic letter made with the sample data, not a real one."
    )
    page_url = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = AnnualLetter
        fields = [
            "id",
            "council",
            "council_name",
            "year",
            "addressee",
            "sent_on",
            "withdrawn_on",
            "withdrawal_reason",
            "is_sample",
            "body",
            "body_as_sent",
            "corrections",
            "page_url",
            "pdf_url",
        ]

    def get_page_url(self, letter: AnnualLetter) -> str:
        return _absolute(self, letter.get_absolute_url())

    def get_pdf_url(self, letter: AnnualLetter) -> str:
        return _absolute(self, reverse("letter-pdf", kwargs={"pk": letter.pk}))
