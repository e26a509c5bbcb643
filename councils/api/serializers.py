from rest_framework import serializers

from councils.models import Council


class CouncilSerializer(serializers.ModelSerializer):
    county = serializers.SlugRelatedField(
        slug_field="gss_code",
        read_only=True,
        allow_null=True,
        help_text="For a district, the GSS code of its county council.",
    )
    replaced_by = serializers.SlugRelatedField(
        slug_field="gss_code",
        many=True,
        read_only=True,
        help_text="GSS codes of the councils that took over when this one was abolished.",
    )
    alt_names = serializers.ListField(source="alt_name_list", child=serializers.CharField())
    page_url = serializers.SerializerMethodField()
    statistics_url = serializers.SerializerMethodField()

    class Meta:
        model = Council
        fields = [
            "gss_code",
            "name",
            "short_name",
            "slug",
            "authority_type",
            "region",
            "county",
            "start_date",
            "end_date",
            "replaced_by",
            "alt_names",
            "page_url",
            "statistics_url",
        ]

    def get_page_url(self, council: Council) -> str:
        return self._absolute(council.get_absolute_url())

    def get_statistics_url(self, council: Council) -> str:
        return self._absolute(f"/api/councils/{council.gss_code}/statistics/")

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class CouncilDetailSerializer(CouncilSerializer):
    label_point = serializers.SerializerMethodField()

    class Meta(CouncilSerializer.Meta):
        fields = [*CouncilSerializer.Meta.fields, "label_point", "boundary", "boundary_source"]

    def get_label_point(self, council: Council) -> dict | None:
        if council.label_lat is None:
            return None
        return {"type": "Point", "coordinates": [council.label_lon, council.label_lat]}


class LookupResultSerializer(serializers.Serializer):
    year = serializers.CharField(help_text="The reporting year the councils are for.")
    postcode = serializers.CharField(allow_null=True, help_text="The postcode, if one was given.")
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    councils = CouncilSerializer(many=True, help_text="Lower tier first, then the county.")
