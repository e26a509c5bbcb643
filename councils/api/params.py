"""Query parameters of the council lookup, validated by a serializer so that a bad value is a
400 naming the parameter (and documented in the schema)."""

from rest_framework import serializers

from ombudsman.api.fields import ReportingYearField
from ombudsman.years import FORMAT_HINT


class LookupParams(serializers.Serializer):
    lat = serializers.FloatField(
        required=False, min_value=-90, max_value=90, help_text="Latitude, WGS84."
    )
    lon = serializers.FloatField(
        required=False, min_value=-180, max_value=180, help_text="Longitude, WGS84."
    )
    postcode = serializers.CharField(
        required=False, max_length=16, help_text="A postcode, typed any way: 'wd6 1wa'."
    )
    year = ReportingYearField(
        required=False, help_text=f"Reporting year: {FORMAT_HINT}. Default: the current year."
    )

    def validate(self, attrs):
        has_point = "lat" in attrs or "lon" in attrs
        if has_point and not ("lat" in attrs and "lon" in attrs):
            missing = "lon" if "lat" in attrs else "lat"
            raise serializers.ValidationError({missing: "Give both lat and lon."})
        if not has_point and not attrs.get("postcode"):
            raise serializers.ValidationError({"postcode": "Give a postcode, or lat and lon."})
        if has_point and attrs.get("postcode"):
            raise serializers.ValidationError(
                {"postcode": "Give either a postcode or lat and lon, not both."}
            )
        return attrs
