"""The figures by category (service area) in the API: /api/service-areas/, as JSON or CSV."""

from __future__ import annotations

import io

from drf_spectacular.utils import extend_schema
from rest_framework import renderers, serializers
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from councils.models import Council
from decisions.service_areas import HEADINGS
from decisions.statistics import METHOD
from decisions.statistics.figures import RATES
from decisions.statistics.service_areas import (
    FIELDS,
    council_service_areas,
    england_service_areas,
)
from ombudsman.api.docs import CSV_FORMAT
from ombudsman.api.fields import NOT_BLANK
from ombudsman.conditional import data_conditional
from ombudsman.spreadsheet import CSVWriter

from .params import YearParams
from .renderers import CSVErrorsAsJSONMixin
from .statistics_views import _params

AREAS_METHOD = (
    "Counted from the decisions of the year by their category, one of the Ombudsman's headings. "
    "investigations = upheld + not_upheld; upheld_rate = "
    + RATES["upheld_rate"].help.rstrip(".")
    + ", with its 95% Wilson interval. `similar` pools all councils of the council's authority "
    "type that existed in the year (the council included); `compared` says whether the "
    "council's rate is higher, lower or not clearly different from theirs, by significance. "
    + METHOD
)


class ServiceAreaParams(YearParams):
    council = serializers.RegexField(
        NOT_BLANK,
        required=False,
        help_text="A council's GSS code (E07000098): its figures by category against similar "
        "councils. Without it: England's figures by category.",
    )

    def validate_council(self, value: str) -> str:
        return value.strip().upper()


def _council(code: str) -> Council:
    """A well-formed request for a council there is none of is a 404 (as
    /api/councils/{gss_code}/ is), naming the parameter in its message."""
    council = Council.objects.filter(gss_code=code).first()
    if council is None:
        raise NotFound(
            f"council: no council has the GSS code {code!r}: use a code such as E07000098 "
            "(see /api/councils/)."
        )
    return council


class AreaFiguresSerializer(serializers.Serializer):
    decisions = serializers.IntegerField(help_text="Decisions made in the year, any outcome.")
    investigations = serializers.IntegerField(help_text="upheld + not_upheld.")
    upheld = serializers.IntegerField()
    not_upheld = serializers.IntegerField()
    upheld_rate = serializers.FloatField(
        allow_null=True,
        help_text=RATES["upheld_rate"].help.rstrip(".") + "; null with no investigation.",
    )
    upheld_rate_lower = serializers.FloatField(allow_null=True, help_text="95% interval.")
    upheld_rate_upper = serializers.FloatField(allow_null=True, help_text="95% interval.")
    small_numbers = serializers.ListField(
        child=serializers.CharField(), help_text="['upheld_rate'] under 10 investigations."
    )


class ServiceAreaRowSerializer(AreaFiguresSerializer):
    category = serializers.ChoiceField(choices=list(HEADINGS))
    similar = AreaFiguresSerializer(
        allow_null=True, help_text="All councils of the same type; null for England's rows."
    )
    compared = serializers.ChoiceField(
        choices=["higher", "similar", "lower"],
        allow_null=True,
        help_text="The council's upheld rate against `similar`'s, by significance.",
    )


class ServiceAreasSerializer(serializers.Serializer):
    year = serializers.CharField()
    method = serializers.CharField()
    council = serializers.DictField(allow_null=True, help_text="gss_code, name, authority_type.")
    results = ServiceAreaRowSerializer(many=True)


CSV_COLUMNS = [
    "year",
    "gss_code",
    "name",
    "authority_type",
    "category",
    *FIELDS,
    *(f"similar_{field}" for field in FIELDS),
    "compared_upheld_rate",
]


class ServiceAreasCSVRenderer(renderers.BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        out = io.StringIO()
        writer = CSVWriter(out)
        writer.writerow(CSV_COLUMNS)
        council = data.get("council") or {"gss_code": "", "name": "England", "authority_type": ""}
        for row in data.get("results", []):
            flat = {**council, "year": data["year"], **row, "compared_upheld_rate": row["compared"]}
            for field in FIELDS:
                flat[f"similar_{field}"] = (row["similar"] or {}).get(field)
            for key in ("small_numbers", "similar_small_numbers"):
                flat[key] = ";".join(flat[key] or [])
            writer.writerow(["" if flat.get(c) is None else flat[c] for c in CSV_COLUMNS])
        return out.getvalue().encode()


class ServiceAreasView(CSVErrorsAsJSONMixin, APIView):
    """Figures by category (service area) for a reporting year.

    With `council`: for each of the Ombudsman's categories the council or its type had decisions
    in, the council's decisions, detailed investigations, upheld and upheld rate (with its 95%
    interval), beside those of all councils of the same type (`similar`) and the comparison of
    the two rates. Without it: England's figures by category. `?format=csv` gives the same rows
    as CSV. A parameter this endpoint does not take is a 400 naming it.
    """

    renderer_classes = [
        renderers.JSONRenderer,
        renderers.BrowsableAPIRenderer,
        ServiceAreasCSVRenderer,
    ]

    @extend_schema(
        parameters=[ServiceAreaParams, CSV_FORMAT],
        responses={200: ServiceAreasSerializer},
    )
    @data_conditional
    def get(self, request, *args, **kwargs):
        # A parameter it does not take is refused before this (ombudsman.api.parameters).
        params = _params(ServiceAreaParams, request)
        year, council = params["year"], params.get("council")
        council = _council(council) if council else None
        if council is None:
            rows = [{**r, "similar": None, "compared": None} for r in england_service_areas(year)]
            about = None
        else:
            rows = council_service_areas(council=council, year=year)
            about = {
                "gss_code": council.gss_code,
                "name": council.name,
                "authority_type": council.authority_type,
            }
        headers = {}
        if request.accepted_renderer.format == "csv":
            name = council.slug if council else "england"
            headers["Content-Disposition"] = (
                f'attachment; filename="{name}-service-areas-{year.label}.csv"'
            )
        data = {"year": year.label, "method": AREAS_METHOD, "council": about, "results": rows}
        return Response(data, headers=headers)
