from django.db.models import Prefetch
from django.utils.decorators import method_decorator
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from councils.models import Council
from councils.selectors import councils_at_point, postcode_find
from decisions.api.renderers import CSVErrorsAsJSONMixin, StatisticsCSVRenderer
from decisions.api.schema import CouncilStatisticsSerializer
from decisions.statistics import METHOD, council_series
from ombudsman.api.docs import CSV_FORMAT, GSS_CODE
from ombudsman.conditional import data_conditional
from ombudsman.years import ReportingYear

from .filters import CouncilFilter
from .params import LookupParams
from .serializers import CouncilDetailSerializer, CouncilSerializer, LookupResultSerializer


@extend_schema_view(retrieve=extend_schema(parameters=[GSS_CODE]))
class CouncilViewSet(CSVErrorsAsJSONMixin, viewsets.ReadOnlyModelViewSet):
    """English councils that existed in any reporting year the site covers.

    Look a council up by its ONS GSS code (`E07000098`). Filter by `authority_type` (the
    Ombudsman's comparison groups), `region`, `year` (councils that existed on 1 April of that
    reporting year) and `q` (name search, including other names in common use). The list is not
    paginated: it holds a few hundred councils. The detail adds the simplified boundary (GeoJSON,
    WGS84) and a label point inside it.
    """

    queryset = (
        Council.objects.defer("lookup_boundary", "county__boundary", "county__lookup_boundary")
        .select_related("county")
        .prefetch_related(Prefetch("replaced_by", queryset=Council.objects.only("id", "gss_code")))
    )
    lookup_field = "gss_code"
    lookup_value_regex = "[^/]+"
    filterset_class = CouncilFilter
    pagination_class = None

    def get_queryset(self):
        # Only the detail shows a boundary; the list of 350 would parse megabytes of them.
        queryset = super().get_queryset()
        return queryset if self.action == "retrieve" else queryset.defer("boundary")

    def get_serializer_class(self):
        return CouncilDetailSerializer if self.action == "retrieve" else CouncilSerializer

    @extend_schema(
        responses={
            200: CouncilStatisticsSerializer,
        },
        parameters=[GSS_CODE, CSV_FORMAT],
    )
    @action(
        detail=True,
        methods=["get"],
        renderer_classes=[*viewsets.ReadOnlyModelViewSet.renderer_classes, StatisticsCSVRenderer],
        filterset_class=None,
    )
    # Revalidated (no-cache, an ETag from the data version): a 304 does not even look the
    # council up. An unknown code is a 404 without a tag.
    @data_conditional
    def statistics(self, request, gss_code=None, format=None):  # format: DRF's suffix routes
        """The council's figures for every reporting year with data in which it existed, each
        with the pooled `average` for its authority type and for England. `?format=csv` gives
        one row per year."""
        council = self.get_object()
        years = council_series(council)
        headers = {}
        if request.accepted_renderer.format == "csv":
            headers["Content-Disposition"] = f'attachment; filename="{council.slug}-statistics.csv"'
        return Response(
            {
                "council": CouncilSerializer(council, context={"request": request}).data,
                "method": METHOD,
                "years": years,
            },
            headers=headers,
        )


@method_decorator(
    name="get",
    decorator=extend_schema(
        parameters=[LookupParams],
        responses={
            200: LookupResultSerializer,
            404: OpenApiResponse(
                description="Unknown postcode, or no English council covers the point."
            ),
        },
    ),
)
class LookupView(APIView):
    """The councils responsible for a place: a district and its county, or one single-tier
    council. Give `lat` and `lon` (WGS84), or a `postcode` typed any way. `year` picks the
    reporting year (default: the current one), since councils change with reorganisations."""

    def get(self, request, *args, **kwargs):
        params = LookupParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        year = data.get("year") or ReportingYear.current()
        if data.get("postcode"):
            postcode = postcode_find(postcode=data["postcode"])
            if postcode is None:
                raise NotFound(f"The postcode {data['postcode']!r} is not in our directory.")
            lat, lon = postcode.lat, postcode.lon
        else:
            lat, lon = data["lat"], data["lon"]
        councils = councils_at_point(lat=lat, lon=lon, year=year)
        if not councils:
            raise NotFound(f"No English council covered that point in {year.label}.")
        return Response(
            {
                "year": year.label,
                "postcode": postcode.postcode if data.get("postcode") else None,
                "lat": lat,
                "lon": lon,
                "councils": CouncilSerializer(
                    councils, many=True, context={"request": request}
                ).data,
            }
        )
