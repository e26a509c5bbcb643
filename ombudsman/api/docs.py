"""Descriptions of path parameters, shared by the viewsets' schema declarations."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter


def path_parameter(
    name: str, description: str, type_=OpenApiTypes.STR, pattern: str | None = None
) -> OpenApiParameter:
    schema = {"type": "string", "pattern": pattern} if pattern else type_
    return OpenApiParameter(name, schema, OpenApiParameter.PATH, description=description)


GSS_CODE = path_parameter("gss_code", "The council's ONS GSS code, e.g. E07000098.")
REFERENCE = path_parameter(
    "reference",
    "The decision reference with dashes for spaces, e.g. 19-004-123 or 17-002-402b.",
    pattern=r"^[0-9]{2}-[0-9]{3}-[0-9]{3}[a-z]?$",
)
LETTER_ID = path_parameter("id", "The letter's number.", OpenApiTypes.INT)
RECOMMENDATION_ID = path_parameter("id", "The recommendation's number.", OpenApiTypes.INT)
CSV_FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["json", "csv"],
    description="csv: the same rows as CSV with a header row (also via Accept: text/csv).",
)
GEOJSON_FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    enum=["geojson", "json"],
    description="Either gives the same GeoJSON; geojson labels it application/geo+json.",
)
