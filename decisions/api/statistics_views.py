"""The statistics endpoints: all councils of a year, the averages, and the map."""

from django.http import HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_cache_control, patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers
from rest_framework.response import Response
from rest_framework.views import APIView

from decisions.mapdata import map_payload
from decisions.statistics import latest_year, year_table
from ombudsman.api.docs import CSV_FORMAT, GEOJSON_FORMAT

from .params import MapParams, StatisticsParams, YearParams
from .renderers import CSVErrorsAsJSONMixin, StatisticsCSVRenderer
from .schema import AveragesSerializer, StatisticsListSerializer

MAP_MAX_AGE = 300


class GeoJSONRenderer(renderers.JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


def _params(serializer_class, request):
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    data = dict(params.validated_data)
    if "year" not in data:
        data["year"] = latest_year()
    return data


class StatisticsView(CSVErrorsAsJSONMixin, APIView):
    """Every council that existed in a reporting year, with its figures.

    One row per council: complaints received, decisions by outcome, investigations, upheld,
    upheld rate, satisfactory remedies and their rate, compliance outcomes and rate (with late
    compliance), population and upheld per 100,000 residents. `?format=csv` gives the same rows
    as CSV with a header row, with the average for each council's authority type added.
    Rates are null when their denominator is 0; `small_numbers` lists rates based on fewer than
    10 cases.
    """

    renderer_classes = [
        renderers.JSONRenderer,
        renderers.BrowsableAPIRenderer,
        StatisticsCSVRenderer,
    ]

    @extend_schema(parameters=[StatisticsParams, CSV_FORMAT], responses=StatisticsListSerializer)
    def get(self, request, *args, **kwargs):
        params = _params(StatisticsParams, request)
        table = year_table(params["year"])
        rows = table["councils"]
        if params.get("authority_type"):
            rows = [r for r in rows if r["authority_type"] == params["authority_type"]]
        if request.accepted_renderer.format == "csv":
            rows = [
                {**r, "status": table["status"], "average": table["averages"][r["authority_type"]]}
                for r in rows
            ]
        data = {
            "year": table["year"],
            "status": table["status"],
            "published_at": table["published_at"],
            "method": table["method"],
            "count": len(rows),
            "results": rows,
        }
        headers = {}
        if request.accepted_renderer.format == "csv":
            headers["Content-Disposition"] = (
                f'attachment; filename="council-statistics-{table["year"]}.csv"'
            )
        return Response(data, headers=headers)


class AveragesView(APIView):
    """Pooled figures for each authority type and for England in a reporting year.

    Pooled means the sum of the numerators over all councils of the group that existed in the
    year divided by the sum of the denominators, not the mean of the councils' rates.
    """

    @extend_schema(parameters=[YearParams], responses=AveragesSerializer)
    def get(self, request, *args, **kwargs):
        params = _params(YearParams, request)
        table = year_table(params["year"])
        return Response(
            {
                "year": table["year"],
                "status": table["status"],
                "published_at": table["published_at"],
                "method": table["method"],
                "england": table["england"],
                "authority_types": list(table["averages"].values()),
            }
        )


class MapView(APIView):
    """The councils of a reporting year as a GeoJSON FeatureCollection (RFC 7946, WGS84).

    `tier=lower` draws districts with the unitary, metropolitan and London councils; `tier=upper`
    draws counties with the same single-tier councils. Each feature's `properties` carry the
    council's code, name, type, page URL, its figures and the average for its type. Served with
    an ETag (send `If-None-Match` to get 304), `Cache-Control` and gzip when accepted.
    """

    renderer_classes = [GeoJSONRenderer, renderers.JSONRenderer]
    # The same public bytes for everyone: no session or user to look up on the busiest endpoint,
    # and no throttle: a repeat request is answered from memory (PublicResponseMemoMiddleware)
    # for less than the throttle's own bookkeeping would cost.
    authentication_classes = []
    permission_classes = []
    throttle_classes = []

    @extend_schema(
        parameters=[MapParams, GEOJSON_FORMAT],
        responses={
            (200, "application/geo+json"): OpenApiResponse(OpenApiTypes.OBJECT),
            304: OpenApiResponse(description="Not modified (If-None-Match matched)."),
        },
    )
    def get(self, request, *args, **kwargs):
        params = _params(MapParams, request)
        payload = map_payload(year=params["year"], tier=params["tier"])
        gzip_ok = "gzip" in request.headers.get("Accept-Encoding", "")
        etag = f'"{payload.etag}{"-gz" if gzip_ok else ""}"'
        if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponseNotModified()
        else:
            response = HttpResponse(
                payload.gzipped if gzip_ok else payload.body,
                content_type="application/geo+json",
            )
            if gzip_ok:
                response["Content-Encoding"] = "gzip"
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=MAP_MAX_AGE)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response
