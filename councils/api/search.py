"""/api/councils/search/: what a typed name finds (councils.search), for the map page's search
box and any other client. The councils A to Z (/councils/?q=) calls the same selector."""

from __future__ import annotations

from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from councils.search import NAME, RANK, SPELLING, START, council_search
from ombudsman.api.fields import NOT_BLANK, ReportingYearField
from ombudsman.conditional import data_conditional
from ombudsman.years import FORMAT_HINT, ReportingYear

from .serializers import CouncilSerializer


class SearchParams(serializers.Serializer):
    # Spaces alone, trimmed, are no name to search for.
    q = serializers.RegexField(
        NOT_BLANK,
        max_length=100,
        trim_whitespace=True,
        help_text="A council's name in any spelling or short form ('Bucks', 'hertsmear'), a "
        "former council's name, or a town, village or suburb.",
    )
    year = ReportingYearField(
        required=False, help_text=f"Reporting year: {FORMAT_HINT}. Default: the current year."
    )


class CouncilHitSerializer(CouncilSerializer):
    match = serializers.ChoiceField(
        choices=list(RANK),
        help_text="How the name matched, best first: the whole name, an alias ('Bucks'), the "
        "name's start, a word's start, anywhere in it, or a near spelling.",
    )

    class Meta(CouncilSerializer.Meta):
        fields = [*CouncilSerializer.Meta.fields, "match"]

    def to_representation(self, hit):
        data = CouncilSerializer(context=self.context).to_representation(hit.council)
        data["match"] = hit.match
        return data


class FormerSerializer(serializers.Serializer):
    council = CouncilSerializer(help_text="A council that did not exist in the year.")
    replaced_by = CouncilSerializer(
        many=True, source="named", help_text="The councils that replaced it, named in `text`."
    )
    successors = CouncilSerializer(
        many=True,
        help_text="The councils of the year that took over from it (none if it began later).",
    )
    text = serializers.CharField(help_text="The notice in a sentence.")


class PlaceSerializer(serializers.Serializer):
    name = serializers.CharField(source="place.name")
    kind = serializers.ChoiceField(
        choices=["city", "town", "village", "suburb"], source="place.kind"
    )
    lat = serializers.FloatField(source="place.lat")
    lon = serializers.FloatField(source="place.lon")
    councils = CouncilSerializer(many=True, help_text="The place's councils: lower tier first.")
    match = serializers.ChoiceField(
        choices=[NAME, START, SPELLING],
        help_text="The place's whole name, its name's start (while no council matches) or, when "
        "nothing is called the query, a near spelling ('Borehamwod' finds Borehamwood).",
    )


class SearchResultSerializer(serializers.Serializer):
    query = serializers.CharField()
    year = serializers.CharField(source="year.label")
    councils = CouncilHitSerializer(many=True, help_text="Councils of the year, best first.")
    council_count = serializers.IntegerField(help_text="All the councils matched (12 shown).")
    former = FormerSerializer(many=True, help_text="Former (or later) councils of that name.")
    places = PlaceSerializer(
        many=True,
        help_text="Places of that name, city, town, village then suburb (6 shown); else places "
        "of a near name, nearest first.",
    )
    place_count = serializers.IntegerField()
    best = serializers.SerializerMethodField(
        help_text="GSS code of the council the query clearly means (what Enter opens), or null."
    )
    attribution = serializers.CharField(
        help_text="The OS Open Names attribution, to be shown with places (empty without)."
    )

    def get_best(self, result) -> str | None:
        return result.best.gss_code if result.best else None


@method_decorator(
    name="get",
    decorator=extend_schema(
        parameters=[SearchParams],
        responses={
            200: SearchResultSerializer,
        },
    ),
)
class CouncilSearchView(APIView):
    """Councils, former councils and places matching a typed name, for one reporting year.

    Misspellings and short forms ('Bucks', 'Herts') are forgiven; a county comes before a district
    whose name starts the same. A former council is answered with its successors of the year
    ('Harrogate Borough Council was replaced by North Yorkshire Council in April 2023'), a town,
    village or suburb with the councils whose area holds it that year. Unknown parameters are a
    400 naming them.
    """

    # Unknown parameters are refused before this view runs (ombudsman.api.parameters reads what
    # it takes from the schema, i.e. SearchParams).

    @data_conditional
    def get(self, request, *args, **kwargs):
        params = SearchParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        year = params.validated_data.get("year") or ReportingYear.current()
        result = council_search(text=params.validated_data["q"], year=year)
        return Response(SearchResultSerializer(result, context={"request": request}).data)
