"""The comparison endpoint: two to six councils' figures for every year, each with its type's
average (the compare page's data, decisions.comparison)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers, serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from councils.api.serializers import CouncilSerializer
from councils.groups import COMPARE_MAX, COMPARE_MIN
from decisions.comparison import ComparisonError, comparison_build, councils_param
from decisions.statistics import METHOD
from ombudsman.api.docs import CSV_FORMAT
from ombudsman.conditional import data_conditional

from .renderers import CSVErrorsAsJSONMixin, StatisticsCSVRenderer
from .schema import CouncilStatisticsSerializer

COUNCILS = OpenApiParameter(
    "councils",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=True,
    description=f"{COMPARE_MIN} to {COMPARE_MAX} councils separated by commas, each its GSS "
    "code or its page name (slug): E07000098,E07000102 or hertsmere,three-rivers.",
)


class ComparisonSerializer(serializers.Serializer):
    method = serializers.CharField()
    councils = CouncilStatisticsSerializer(many=True)


class CompareView(CSVErrorsAsJSONMixin, APIView):
    """Councils side by side: for each council named, in the order given, its figures for every
    reporting year with data in which it existed, each year with the pooled `average` for its
    authority type and for England (the rows of `/api/councils/{gss_code}/statistics/`).

    `?format=csv` gives one row per council and year, with the columns of the statistics CSV.
    An unknown council, a council named twice, fewer than two or more than six councils, or a
    parameter other than `councils` and `format` is a 400 naming the parameter.
    """

    renderer_classes = [
        renderers.JSONRenderer,
        renderers.BrowsableAPIRenderer,
        StatisticsCSVRenderer,
    ]

    @extend_schema(
        parameters=[COUNCILS, CSV_FORMAT],
        responses={
            200: ComparisonSerializer,
            400: OpenApiResponse(description="The parameter named could not be answered."),
        },
    )
    @data_conditional
    def get(self, request, *args, **kwargs):
        # A parameter it does not take is refused before this (ombudsman.api.parameters).
        repeated = [n for n, values in request.query_params.lists() if len(values) > 1]
        if repeated:
            raise ValidationError(
                {name: ["Given more than once; give it once."] for name in repeated}
            )
        try:
            councils = councils_param(request.query_params.get("councils"))
        except ComparisonError as error:
            raise ValidationError({error.parameter: [error.message]}) from None
        data = comparison_build(councils=councils)
        entries = [
            {
                "council": CouncilSerializer(entry["council"], context={"request": request}).data,
                "years": [entry["rows"][y] for y in data["years"] if y in entry["rows"]],
            }
            for entry in data["councils"]
        ]
        if request.accepted_renderer.format == "csv":
            rows = [row for entry in entries for row in entry["years"]]
            names = "-".join(c.slug for c in councils)
            return Response(
                {"results": rows},
                headers={"Content-Disposition": f'attachment; filename="compare-{names}.csv"'},
            )
        return Response({"method": METHOD, "councils": entries})
