"""The map's data, in three shapes built from one definition of what the map says about a council.

- `map_payload`: the public `/api/map/` GeoJSON, geometry and figures together, one
  FeatureCollection per reporting year and tier (RFC 7946). Kept as it was for API users.
- `boundary_payload`: the geometry alone. It changes only when boundaries are imported, so it is
  served at a URL named by the digest of its bytes and kept by browsers for a year. Years that
  draw the same councils share one file, named after the first of them.
- `figures_payload`: the figures alone, a twentieth of the map's gzip size, which the page asks
  for on every visit (revalidated by ETag) and joins to the boundaries by GSS code.

Each is encoded once per data version and kept in memory both plain and gzip-compressed, so a
warm request costs a dictionary lookup and no JSON work.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass

from django.urls import reverse

from councils.models import Council
from councils.querysets import TIER_TYPES
from ombudsman.cache import Derived
from ombudsman.years import ReportingYear, site_years

from .statistics import year_table
from .statistics.figures import HEADLINE_RATES, RATES, figure_fields
from .statistics.uncertainty import SIMILAR, bound_fields

# What a tooltip needs (each headline rate and the counts behind it); everything else is one
# click away.
FEATURE_FIELDS = tuple(
    dict.fromkeys(field for key in HEADLINE_RATES for field in figure_fields(RATES[key]))
)
AVERAGE_FIELDS = HEADLINE_RATES
# Hex digits of SHA-256 naming a boundary file: 64 bits, for a few dozen files at any time.
DIGEST_LENGTH = 16


@dataclass(frozen=True)
class MapPayload:
    body: bytes
    gzipped: bytes


@dataclass(frozen=True)
class BoundaryPayload:
    year: ReportingYear  # the first of the site's years that draws these councils
    tier: str
    digest: str
    body: bytes
    gzipped: bytes

    @property
    def url(self) -> str:
        return reverse(
            "api-map-boundaries",
            kwargs={"tier": self.tier, "year": self.year.label, "digest": self.digest},
        )


@dataclass(frozen=True)
class FiguresPayload:
    body: bytes
    gzipped: bytes


# The payloads, shared between processes (ombudsman.cache).
_maps = Derived("map:geojson", size=8, shared=True)
_figures = Derived("map:figures", size=16, shared=True)
# Per data version, in this process only: the councils each tier can draw, and the boundary
# files (rebuilding one from the database takes ~13 ms; its gzip is kept by digest below).
_drawn = Derived("map:drawn", size=4)
_first_years = Derived("map:first-year", size=32)
_boundaries = Derived("map:boundaries", size=16)
# Compressed boundary files by digest: a change to the figures alone bumps the data version,
# and the file rebuilt afterwards has the same bytes, so it is compressed once, not per version.
_compressed = Derived("map:boundaries-gz", size=16, versioned=False)


def council_properties(row: dict, page: str) -> dict:
    """What the map tells about one council of a year table: its name, type, page, the figures
    a tooltip shows, which of the map's rates rest on small numbers, and whether a published
    figure was revised. `page` is the council page URL with SLUG for the slug. The GeoJSON
    and the figures document both use this, so they cannot disagree."""
    return {
        "name": row["name"],
        "authority_type": row["authority_type"],
        "url": page.replace("SLUG", row["slug"]),
        **{field: row[field] for field in FEATURE_FIELDS},
        # Only the rates the map shows: the payloads stay small.
        "small_numbers": [r for r in row["small_numbers"] if r in AVERAGE_FIELDS],
        # Each mapped rate's 95% interval and its class against similar councils
        # (decisions.statistics.uncertainty), for the tooltip and the "compared" colouring.
        "intervals": {key: _ends(row, key) for key in AVERAGE_FIELDS},
        # Only the rates clearly different from similar councils (most are not): a mapped rate
        # with a figure and no entry here is not clearly different.
        "compared": {
            key: row["compared"][key]
            for key in AVERAGE_FIELDS
            if row["compared"][key] not in (None, SIMILAR)
        },
        "revised": bool(row.get("revision")),
    }


def _ends(row: dict, key: str) -> list[float] | None:
    low, high = (row[field] for field in bound_fields(key))
    return None if low is None else [low, high]


def _council_page() -> str:
    return reverse("council-detail", kwargs={"slug": "SLUG"})


def _tier_rows(table: dict, tier: str) -> list[dict]:
    types = set(TIER_TYPES[tier])
    return [row for row in table["councils"] if row["authority_type"] in types]


def _encode(document: dict) -> bytes:
    return json.dumps(document, separators=(",", ":")).encode()


# --- /api/map/: geometry and figures together --------------------------------------------------


def map_payload(*, year: ReportingYear, tier: str) -> MapPayload:
    def compute() -> MapPayload:
        body = _encode(map_feature_collection(year=year, tier=tier))
        return MapPayload(
            body=body,
            gzipped=gzip.compress(body, compresslevel=6, mtime=0),
        )

    return _maps.get(year.start_year, tier, compute=compute)


def map_feature_collection(*, year: ReportingYear, tier: str) -> dict:
    table = year_table(year)
    rows = {row["gss_code"]: row for row in _tier_rows(table, tier)}
    boundaries = dict(
        Council.objects.filter(gss_code__in=rows, boundary__isnull=False).values_list(
            "gss_code", "boundary"
        )
    )
    page = _council_page()
    features = []
    for code, row in rows.items():
        geometry = boundaries.get(code)
        if geometry is None:
            continue
        average = table["averages"][row["authority_type"]]
        properties = {
            "gss_code": code,
            **council_properties(row, page),
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


# --- Boundaries alone ----------------------------------------------------------------------


def _drawn_councils(tier: str) -> list[Council]:
    """The councils of the tier that have a boundary, with their dates: which of them a year
    draws is decided from these in Python, for every year at once, from one small query."""

    def compute() -> list[Council]:
        return list(
            Council.objects.in_tier(tier)
            .filter(boundary__isnull=False)
            .only("gss_code", "start_date", "end_date")
            .order_by("gss_code")
        )

    return _drawn.get(tier, compute=compute)


def drawn_codes(*, year: ReportingYear, tier: str) -> tuple[str, ...]:
    """GSS codes of the councils the map draws for the year and tier, in code order."""
    return tuple(c.gss_code for c in _drawn_councils(tier) if c.exists_in(year))


def boundaries_year(*, year: ReportingYear, tier: str) -> ReportingYear:
    """The first of the site's years that draws the same councils as `year`.

    A council has one boundary whatever the year, so two years that draw the same councils draw
    the same shapes; naming their shared file after the first of them lets a reader who moves
    between those years keep the one download (in the real register 2021-22 and 2022-23 share
    one, as do 2023-24 to 2025-26)."""

    def compute() -> ReportingYear:
        codes = drawn_codes(year=year, tier=tier)
        first, _ = site_years()
        for start in range(first.start_year, year.start_year):
            earlier = ReportingYear(start)
            if drawn_codes(year=earlier, tier=tier) == codes:
                return earlier
        return year

    return _first_years.get(tier, year.start_year, compute=compute)


def boundary_payload(*, year: ReportingYear, tier: str) -> BoundaryPayload:
    """The boundary file for the year and tier: a FeatureCollection whose features carry only the
    GSS code (the figures carry the names) and the geometry, in code order. Neighbouring
    councils have neighbouring codes and similar coordinates, which gzip finds: 60.2 KB for
    the lower tier against 68.0 KB in name order."""
    first = boundaries_year(year=year, tier=tier)

    def compute() -> BoundaryPayload:
        codes = drawn_codes(year=first, tier=tier)
        geometries = (
            Council.objects.filter(gss_code__in=codes, boundary__isnull=False)
            .order_by("gss_code")
            .values_list("gss_code", "boundary")
        )
        body = _encode(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": {"gss_code": code}, "geometry": geometry}
                    for code, geometry in geometries
                ],
            }
        )
        digest = hashlib.sha256(body).hexdigest()[:DIGEST_LENGTH]
        # Level 9 (19 ms, 59.8 KB) rather than 6 (8 ms, 60.2 KB): it is done once per file.
        gzipped = _compressed.get(
            digest, compute=lambda: gzip.compress(body, compresslevel=9, mtime=0)
        )
        return BoundaryPayload(year=first, tier=tier, digest=digest, body=body, gzipped=gzipped)

    return _boundaries.get(tier, first.start_year, compute=compute)


# --- Figures alone ---------------------------------------------------------------------------


def map_figures(*, year: ReportingYear, tier: str) -> dict:
    """The figures of the map for a year and tier, keyed by GSS code: every council of the tier
    that existed in the year (the map draws those in the boundary file), the averages of the
    tier's authority types, and the URL of the boundary file to draw them on."""
    table = year_table(year)
    page = _council_page()
    averages = table["averages"]
    return {
        "year": table["year"],
        "tier": tier,
        "status": table["status"],
        "category": None,  # all complaints (decisions.map_categories has one category's)
        "boundaries": boundary_payload(year=year, tier=tier).url,
        "averages": {
            str(kind): {
                "label": averages[kind]["label"],
                **{field: averages[kind][field] for field in AVERAGE_FIELDS},
            }
            for kind in TIER_TYPES[tier]
        },
        "councils": {
            row["gss_code"]: council_properties(row, page) for row in _tier_rows(table, tier)
        },
    }


def figures_payload(*, year: ReportingYear, tier: str) -> FiguresPayload:
    def compute() -> FiguresPayload:
        body = _encode(map_figures(year=year, tier=tier))
        return FiguresPayload(body=body, gzipped=gzip.compress(body, compresslevel=9, mtime=0))

    return _figures.get(year.start_year, tier, compute=compute)
