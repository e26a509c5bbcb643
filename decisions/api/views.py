from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_vary_headers
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from councils.querysets import with_council
from decisions.models import AnnualLetter, Decision, Recommendation, slug_to_reference
from decisions.services.export_files import export_file
from decisions.services.exports import (
    DECISION_HEADER,
    RECOMMENDATION_HEADER,
    decision_rows,
    recommendation_rows,
)
from ombudsman.api.docs import CSV_FORMAT, LETTER_ID, RECOMMENDATION_ID, REFERENCE
from ombudsman.api.keyset import Keyset
from ombudsman.conditional import data_conditional

from .filters import AnnualLetterFilter, DecisionFilter, RecommendationFilter
from .renderers import CSVErrorsAsJSONMixin, StreamedCSVRenderer, csv_stream
from .serializers import (
    AnnualLetterSerializer,
    DecisionDetailSerializer,
    DecisionSerializer,
    RecommendationSerializer,
)


class CSVListMixin(CSVErrorsAsJSONMixin):
    """`?format=csv` on a list: every matching row (no pages) in the import file layout,
    streamed, so that `manage.py import_decisions` reads it back."""

    csv_name = ""

    def get_renderers(self):
        renderers = super().get_renderers()
        return [*renderers, StreamedCSVRenderer()] if self.action == "list" else renderers

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format != "csv":
            return super().list(request, *args, **kwargs)
        if set(request.query_params) <= {"format"}:
            return self._whole_list(request)
        rows = self.csv_rows(self.filter_queryset(self.get_queryset()))
        response = StreamingHttpResponse(
            csv_stream(self.csv_header, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.csv_name}.csv"'
        return response

    def _whole_list(self, request):
        """The unfiltered list: the file written once per data version and day, sent from disk
        (decisions.services.export_files), compressed already for a client that takes gzip."""
        queryset = self.get_queryset()
        found = export_file(
            self.csv_name, lambda: csv_stream(self.csv_header, self.csv_rows(queryset))
        )
        gzip_ok = "gzip" in request.headers.get("Accept-Encoding", "")
        response = FileResponse(
            (found.gzipped if gzip_ok else found.plain).open("rb"),
            as_attachment=True,
            filename=f"{self.csv_name}.csv",
            content_type="text/csv; charset=utf-8",
        )
        if gzip_ok:
            response["Content-Encoding"] = "gzip"  # and GZipMiddleware leaves it as it is
        patch_vary_headers(response, ["Accept-Encoding"])
        return response


@extend_schema_view(
    list=extend_schema(parameters=[CSV_FORMAT]), retrieve=extend_schema(parameters=[REFERENCE])
)
class DecisionViewSet(CSVListMixin, viewsets.ReadOnlyModelViewSet):
    """The Ombudsman's decisions on complaints about councils, newest first.

    Only published decisions appear: a statement is public from its publication date, never
    before. Look one up by its reference with dashes for spaces (`19-004-123`). Filter by
    `council` (GSS code), `year` (reporting year the decision was made in), `outcome`,
    `category`, `report_type`, a decision date range (`date_from`, `date_to`) and `q` (words);
    sort with `ordering`. Paginated: `page` and `page_size` (up to 500), no deeper than the first
    1,000 rows (a 400 past that); a page past the end is a 404. In the default order the deepest
    page's `next` link continues with `after`, to the end of the list. `?format=csv` gives every
    matching decision, unpaginated, in the import file layout; without filters it is one file,
    written once after each change of the data. Sent `Cache-Control: no-cache` with an ETag:
    revalidate with `If-None-Match` to get a 304 until the data changes.
    """

    csv_name = "decisions"
    csv_header = DECISION_HEADER
    csv_rows = staticmethod(decision_rows)
    lookup_field = "reference"
    lookup_value_regex = "[0-9]{2}-[0-9]{3}-[0-9]{3}[a-z]?"
    filterset_class = DecisionFilter
    # Past the deepest numbered page, `after` pages in the default order (ombudsman.api.pagination).
    keyset = Keyset("decision_date", "reference")

    def get_queryset(self):
        queryset = with_council(Decision.objects.public())
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("recommendations")
        return queryset

    def get_serializer_class(self):
        return DecisionDetailSerializer if self.action == "retrieve" else DecisionSerializer

    def get_object(self):
        reference = slug_to_reference(self.kwargs["reference"])
        return get_object_or_404(self.get_queryset(), reference=reference)

    # Revalidated with a data ETag, and a repeat answered from the kept response: the list and a
    # decision change only with the data and the day (a decision becomes public on its date).
    @data_conditional(kept="lists")
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @data_conditional(kept="lists")
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


@extend_schema_view(
    list=extend_schema(parameters=[CSV_FORMAT]),
    retrieve=extend_schema(parameters=[RECOMMENDATION_ID]),
)
class RecommendationViewSet(CSVListMixin, viewsets.ReadOnlyModelViewSet):
    """What the Ombudsman asked councils to do, and whether they did it.

    Personal remedies (`apology`, `financial_redress`, `provide_service`, `reconsider_decision`,
    `other_personal`) put things right for the person who complained; service improvements
    (`procedure_change`, `training`, `other_improvement`) stop the fault happening again.
    `status` is `pending` until the Ombudsman has checked, then `complied`, `complied_late` or
    `not_complied` with the `outcome_date`. Only recommendations on published decisions appear.
    `?format=csv` gives every matching one, unpaginated, in the import file layout.
    """

    csv_name = "recommendations"
    csv_header = RECOMMENDATION_HEADER
    csv_rows = staticmethod(recommendation_rows)
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilter

    def get_queryset(self):
        return with_council(Recommendation.objects.public(), "decision__council")


@extend_schema_view(retrieve=extend_schema(parameters=[LETTER_ID]))
class AnnualLetterViewSet(viewsets.ReadOnlyModelViewSet):
    """The annual review letters sent to each council's chief executive, with the year's figures.
    Drafts are not shown: a letter appears once it has been sent."""

    serializer_class = AnnualLetterSerializer
    filterset_class = AnnualLetterFilter

    def get_queryset(self):
        return with_council(
            AnnualLetter.objects.filter(sent_on__isnull=False).prefetch_related("corrections")
        )
