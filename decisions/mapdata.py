"""The map's data: one GeoJSON FeatureCollection (RFC 7946) per reporting year and tier, with the
statistics in each feature's properties. Encoded once per data version and kept in the cache both
plain and gzip-compressed, so a warm request costs a cache read and no JSON work."""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass

from django.urls import reverse

from councils.models import Council
from councils.querysets import TIER_TYPES
from ombudsman.dataversion import data_version
from ombudsman.memo import Memo
from ombudsman.years import ReportingYear

from .statistics import year_table

CACHE_SECONDS = 24 * 3600
# What a tooltip and the table under the map need; everything else is one click away.
FEATURE_FIELDS = (
    "investigations",
    "upheld",
    "upheld_rate",
    "satisfactory_remedies",
    "satisfactory_remedy_rate",
    "compliance_outcomes",
    "complied",
    "complied_late",
    "compliance_rate",
    "population",
    "upheld_per_100k",
)
AVERAGE_FIELDS = ("upheld_rate", "satisfactory_remedy_rate", "compliance_rate", "upheld_per_100k")


@dataclass(frozen=True)
class MapPayload:
    body: bytes
    gzipped: bytes
    etag: str


# This process's latest payloads, so a warm request costs no unpickling of ~0.5 MB.
_memo = Memo(size=8)


def map_payload(*, year: ReportingYear, tier: str) -> MapPayload:
    def compute() -> MapPayload:
        body = json.dumps(
            map_feature_collection(year=year, tier=tier), separators=(",", ":")
        ).encode()
        return MapPayload(
            body=body,
            gzipped=gzip.compress(body, compresslevel=6, mtime=0),
            etag=hashlib.sha256(body).hexdigest()[:32],
        )

    key = f"map:{data_version()}:{year.start_year}:{tier}"
    return _memo.get_or_compute(key, compute, seconds=CACHE_SECONDS)


def map_feature_collection(*, year: ReportingYear, tier: str) -> dict:
    table = year_table(year)
    types = set(TIER_TYPES[tier])
    rows = {row["gss_code"]: row for row in table["councils"] if row["authority_type"] in types}
    boundaries = dict(
        Council.objects.filter(gss_code__in=rows, boundary__isnull=False).values_list(
            "gss_code", "boundary"
        )
    )
    page = reverse("council-detail", kwargs={"slug": "SLUG"})
    features = []
    for code, row in rows.items():
        geometry = boundaries.get(code)
        if geometry is None:
            continue
        average = table["averages"][row["authority_type"]]
        properties = {
            "gss_code": code,
            "name": row["name"],
            "authority_type": row["authority_type"],
            "url": page.replace("SLUG", row["slug"]),
            **{field: row[field] for field in FEATURE_FIELDS},
            # Only the rates the map shows: the payload is kept under 400 KB.
            "small_numbers": [r for r in row["small_numbers"] if r in AVERAGE_FIELDS],
            "revised": bool(row.get("revision")),
            "average": {field: average[field] for field in AVERAGE_FIELDS},
        }
        # No feature "id": it would repeat gss_code 300 times.
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    return {
        "type": "FeatureCollection",
        "year": table["year"],
        "tier": tier,
        "status": table["status"],
        "features": features,
    }
