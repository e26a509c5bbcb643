"""The statistics endpoints: all councils of a year, the averages, and the map (whole, or its
boundaries and its figures apart)."""

from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers
from rest_framework.response import Response
from rest_framework.views import APIView

from decisions.map_categories import category_figures_payload
from decisions.mapdata import boundary_payload, figures_payload, map_payload
from decisions.statistics import latest_year, year_table
from decisions.statistics.warnings import early_warnings
from ombudsman.api.docs import CSV_FORMAT, GEOJSON_FORMAT
from ombudsman.api.schema_hooks import NOT_MODIFIED as NOT_MODIFIED_TEXT
from ombudsman.conditional import data_conditional, revalidated

from .params import MapFiguresParams, MapParams, StatisticsParams, YearParams
from .renderers import CSVErrorsAsJSONMixin, StatisticsCSVRenderer
from .schema import (
    BOUNDARY_PATH_PARAMETERS,
    AveragesSerializer,
    MapFiguresSerializer,
    StatisticsListSerializer,
)

# A boundary file's URL names its bytes, so it may be kept as long as HTTP allows.
IMMUTABLE_SECONDS = 365 * 24 * 3600
# The boundary files are not sent with a data ETag but revalidate by their digest: the hook
# documents the others' 304s (ombudsman.api.schema_hooks).
NOT_MODIFIED = OpenApiResponse(description=NOT_MODIFIED_TEXT)


class GeoJSONRenderer(renderers.JSONRenderer):
    media_type = "application/geo+json"
    format = "geojson"


def table_status(table: dict) -> dict:
    """What every response from a year table says first: the year, whether it is published,
    when, and how its averages are made (schema.StatusMixin)."""
    return {key: table[key] for key in ("year", "status", "published_at", "method")}


def _params(serializer_class, request, data=None):
    params = serializer_class(data=request.query_params if data is None else data)
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
    Rates are null when their denominator is 0; `small_numbers` lists the rates based on too few
    cases to lean on (the threshold is in the field's description).
    """

    renderer_classes = [
        renderers.JSONRenderer,
        renderers.BrowsableAPIRenderer,
        StatisticsCSVRenderer,
    ]

    @extend_schema(
        parameters=[StatisticsParams, CSV_FORMAT],
        responses={200: StatisticsListSerializer},
    )
    @data_conditional
    def get(self, request, *args, **kwargs):
        params = _params(StatisticsParams, request)
        table = year_table(params["year"])
        rows = table["councils"]
        if params.get("authority_type"):
            rows = [r for r in rows if r["authority_type"] == params["authority_type"]]
        if params.get("region"):
            rows = [r for r in rows if r["region"] == params["region"]]
        if params.get("warning"):
            flagged = {
                w["gss_code"]
                for w in early_warnings(params["year"])
                if w["direction"] == params["warning"]
            }
            rows = [r for r in rows if r["gss_code"] in flagged]
        if request.accepted_renderer.format == "csv":
            rows = [
                {**r, "status": table["status"], "average": table["averages"][r["authority_type"]]}
                for r in rows
            ]
        data = {**table_status(table), "count": len(rows), "results": rows}
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

    @extend_schema(parameters=[YearParams], responses={200: AveragesSerializer})
    @data_conditional
    def get(self, request, *args, **kwargs):
        params = _params(YearParams, request)
        table = year_table(params["year"])
        return Response(
            {
                **table_status(table),
                "england": table["england"],
                "authority_types": list(table["averages"].values()),
            }
        )


class MapView(APIView):
    """The councils of a reporting year as a GeoJSON FeatureCollection (RFC 7946, WGS84).

    `tier=lower` draws districts with the unitary, metropolitan and London councils; `tier=upper`
    draws counties with the same single-tier councils. Each feature's `properties` carry the
    council's code, name, type, page URL, its figures and the average for its type. Sent with
    `Cache-Control: no-cache` and an ETag (revalidate with `If-None-Match` to get 304; a
    correction shows at once), gzip-compressed when accepted. The same figures without
    geometry are at `/api/map/figures/`, which is smaller and names a boundary file that can
    be kept for a year.
    """

    renderer_classes = [GeoJSONRenderer, renderers.JSONRenderer]
    # The same public bytes for everyone: no session or user to look up, and no throttle: a
    # repeat request is the encoded payload kept per data version (ombudsman.cache), which
    # costs less than the throttle's own bookkeeping would.
    authentication_classes = []
    permission_classes = []
    throttle_classes = []

    @extend_schema(
        parameters=[MapParams, GEOJSON_FORMAT],
        responses={
            (200, "application/geo+json"): OpenApiResponse(OpenApiTypes.OBJECT),
        },
    )
    @data_conditional
    def get(self, request, *args, **kwargs):
        # The tag comes from the data version (ombudsman.conditional), not from the body: a
        # revalidation, which no-cache makes of every use, is a 304 before the payload is
        # looked up. A repeat plain GET sends the payload encoded once per data version.
        return _map_payload(request, map_payload, "application/geo+json")


def _map_payload(request, payload_of, content_type: str) -> HttpResponse:
    """A map document for the request's year and tier, encoded once per data version."""
    params = _params(MapParams, request)
    payload = payload_of(year=params["year"], tier=params["tier"])
    return _encoded(
        payload.body, payload.gzipped, gzip_ok=_accepts_gzip(request), content_type=content_type
    )


def _accepts_gzip(request) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "")


def _encoded(body: bytes, gzipped: bytes, *, gzip_ok: bool, content_type: str) -> HttpResponse:
    response = HttpResponse(gzipped if gzip_ok else body, content_type=content_type)
    if gzip_ok:
        response["Content-Encoding"] = "gzip"
    return response


def _conditional(request, etag: str, respond) -> HttpResponse:
    """`respond()`, or a 304 when If-None-Match holds `etag`; either way carrying the ETag.
    Django's `condition` makes the comparison (weak, as RFC 9110 asks of If-None-Match)."""
    return condition(etag_func=lambda _request: etag)(lambda _request: respond())(request)


class MapFiguresView(APIView):
    """The map's figures for a reporting year and tier, without geometry: every council of the
    tier that existed in the year keyed by GSS code (name, type, page, the counts and rates a
    tooltip shows, `small_numbers`, `revised`), the pooled averages of the tier's authority
    types, and `boundaries`, the URL of the boundary file to join them to by GSS code.

    With `category` (a heading of /api/service-areas/): the same document for that category
    alone, each council's upheld rate in it classed against its type's pooled rate in the same
    category; the other rates, counted for all complaints only, are null, and `category` names
    it. An unknown category is a 400 naming `category`.

    This is what the site's map page loads. It changes whenever the data does, so it is sent
    with `Cache-Control: no-cache` and an ETag: a client revalidates on every use
    (`If-None-Match`, answered 304) and sees a correction at once. `/api/map/` gives geometry
    and figures together in one GeoJSON file instead.
    """

    renderer_classes = [renderers.JSONRenderer]
    # As the map: the same public bytes for everyone, answered from memory; a 304 costs less
    # than a throttle's bookkeeping would.
    authentication_classes = []
    permission_classes = []
    throttle_classes = []

    @extend_schema(
        parameters=[MapFiguresParams],
        responses={(200, "application/json"): MapFiguresSerializer},
    )
    @data_conditional
    def get(self, request, *args, **kwargs):
        # A revalidation, which no-cache makes of every visit, is a 304 from the data version
        # before anything is looked up (ombudsman.conditional).
        params = _params(MapFiguresParams, request)
        if params.get("category"):
            payload = category_figures_payload(
                year=params["year"], tier=params["tier"], category=params["category"]
            )
        else:
            payload = figures_payload(year=params["year"], tier=params["tier"])
        return _encoded(
            payload.body,
            payload.gzipped,
            gzip_ok=_accepts_gzip(request),
            content_type="application/json",
        )


class ErrorsAsJSONMixin:
    """A GeoJSON endpoint's errors are no GeoJSON: they are sent as the documented
    application/json."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return response


class MapBoundariesView(ErrorsAsJSONMixin, APIView):
    """The boundaries the map draws for a tier and reporting year, as a GeoJSON FeatureCollection
    (RFC 7946, WGS84) whose features carry only `gss_code` and the geometry.

    Take the URL from the `boundaries` field of `/api/map/figures/`: the last part is a digest
    of the file's bytes, so the file at a URL never changes and is sent with
    `Cache-Control: public, max-age=31536000, immutable`. The year in the URL is the first
    reporting year that draws the same councils, so years that share boundaries share the file.
    A digest that is not the current one for the tier and year (boundaries were imported
    since) answers 404 with the `current` URL in the body: the server keeps no old files, and a
    redirect would make an unchanging URL answer differently over time.
    """

    renderer_classes = [GeoJSONRenderer, renderers.JSONRenderer]
    authentication_classes = []
    permission_classes = []
    throttle_classes = []

    @extend_schema(
        operation_id="map_boundaries_retrieve",
        parameters=[*BOUNDARY_PATH_PARAMETERS, GEOJSON_FORMAT],
        responses={
            (200, "application/geo+json"): OpenApiResponse(OpenApiTypes.OBJECT),
            304: NOT_MODIFIED,
        },
    )
    def get(self, request, tier, year, digest):
        params = _params(MapParams, request, data={"tier": tier, "year": year})
        payload = boundary_payload(year=params["year"], tier=params["tier"])
        if digest != payload.digest:
            response = Response(
                {
                    "detail": "Not the current boundaries of this tier and year.",
                    "current": payload.url,
                },
                status=404,
                content_type="application/json",
            )
            revalidated(response)
            return response
        gzip_ok = _accepts_gzip(request)

        def respond():
            return _encoded(
                payload.body,
                payload.gzipped,
                gzip_ok=gzip_ok,
                content_type="application/geo+json",
            )

        response = _conditional(request, payload.digest + ("-gz" if gzip_ok else ""), respond)
        patch_cache_control(response, public=True, max_age=IMMUTABLE_SECONDS, immutable=True)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response
