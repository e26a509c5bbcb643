from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from decisions.models import AnnualLetter, Decision, Recommendation, slug_to_reference
from ombudsman.api.docs import LETTER_ID, RECOMMENDATION_ID, REFERENCE

from .filters import AnnualLetterFilter, DecisionFilter, RecommendationFilter
from .serializers import (
    AnnualLetterSerializer,
    DecisionDetailSerializer,
    DecisionSerializer,
    RecommendationSerializer,
)


@extend_schema_view(retrieve=extend_schema(parameters=[REFERENCE]))
class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """The Ombudsman's decisions on complaints about councils, newest first.

    Only published decisions appear: a statement is public from its publication date, never
    before. Look one up by its reference with dashes for spaces (`19-004-123`). Filter by
    `council` (GSS code), `year` (reporting year the decision was made in), `outcome`,
    `category`, `report_type`, a decision date range (`date_from`, `date_to`) and `q` (words);
    sort with `ordering`. Paginated: `page` and `page_size` (up to 500); a page past the end is a
    404.
    """

    lookup_field = "reference"
    lookup_value_regex = "[0-9]{2}-[0-9]{3}-[0-9]{3}[a-z]?"
    filterset_class = DecisionFilter

    def get_queryset(self):
        queryset = Decision.objects.public().select_related("council")
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("recommendations")
        return queryset

    def get_serializer_class(self):
        return DecisionDetailSerializer if self.action == "retrieve" else DecisionSerializer

    def get_object(self):
        reference = slug_to_reference(self.kwargs["reference"])
        return get_object_or_404(self.get_queryset(), reference=reference)


@extend_schema_view(retrieve=extend_schema(parameters=[RECOMMENDATION_ID]))
class RecommendationViewSet(viewsets.ReadOnlyModelViewSet):
    """What the Ombudsman asked councils to do, and whether they did it.

    Personal remedies (`apology`, `financial_redress`, `provide_service`, `reconsider_decision`,
    `other_personal`) put things right for the person who complained; service improvements
    (`procedure_change`, `training`, `other_improvement`) stop the fault happening again.
    `status` is `pending` until the Ombudsman has checked, then `complied`, `complied_late` or
    `not_complied` with the `outcome_date`. Only recommendations on published decisions appear.
    """

    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilter

    def get_queryset(self):
        return Recommendation.objects.public().select_related("decision__council")


@extend_schema_view(retrieve=extend_schema(parameters=[LETTER_ID]))
class AnnualLetterViewSet(viewsets.ReadOnlyModelViewSet):
    """The annual review letters sent to each council's chief executive, with the year's figures.
    Drafts are not shown: a letter appears once it has been sent."""

    serializer_class = AnnualLetterSerializer
    filterset_class = AnnualLetterFilter

    def get_queryset(self):
        return AnnualLetter.objects.filter(sent_on__isnull=False).select_related("council")
