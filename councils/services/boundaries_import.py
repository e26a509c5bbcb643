"""Importing council boundaries from any vector file geopandas reads.

GeoJSON, TopoJSON layers, shapefiles (also zipped) and GeoPackages are read through pyogrio,
reprojected to WGS84, simplified for the web map without opening gaps between neighbours, and
stored as GeoJSON geometries on `Council.boundary`, matched by GSS code.

Decisions, with the measurements behind them (ONS BSC ltla + cty, 2022-23):
- Simplification is GEOS coverage simplification (`shapely.coverage_simplify`, Visvalingam-
  Whyatt) of the *faces* all input polygons cut each other into, after which each council is
  the union of its faces. The layers hold overlapping features from different years
  (Buckinghamshire's districts and the unitary that replaced them, districts and counties), and
  coverage simplification needs non-overlapping polygons; faces are that, and because a border
  is simplified once, districts, their county and their successors keep exactly matching edges.
  Measured: no invalid geometry, no gap or overlap between neighbours. The `topojson` package's
  toposimplify was tried first: it simplifies each arc separately, so neighbouring arcs cross,
  giving 41 invalid polygons, 48 gaps and 16 overlapping pairs at a similar size.
- Two geometries are stored. `boundary` is for drawing: default tolerance 0.014 degrees, so
  that the whole map response for the lower tier (309 councils, with their figures) stays under
  400 KB (measured 386 KB raw, 89 KB gzipped; geometry alone 208 KB, upper tier 137 KB; 0.009
  gave 304 KB of geometry and a 482 KB response). `lookup_boundary` is for finding the council
  of a point: the same faces at `lookup_tolerance` (default 0, every source point kept), so an
  address near a border is placed as precisely as the source allows.
- A file without a CRS is refused, except GeoJSON and TopoJSON, whose specifications define
  coordinates as WGS84 longitude/latitude (the ONS TopoJSON carries no CRS): those are accepted
  if every coordinate lies in the longitude/latitude range. A shapefile without a .prj is never
  guessed at, even if its numbers look like degrees.
- A code in several features: when the file has an `end` column (ONS's last year a code is
  valid) the newest feature wins (no end, else the latest end), because the older one is the
  area before a boundary change; without it the features are parts of one area and are unioned.
- Files given together are simplified together (`ltla` and `cty` in one run), so a county's
  border is the same line as its districts' borders; import them in one call.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from django.db import transaction
from pyogrio import list_layers, read_info
from pyogrio.errors import DataLayerError, DataSourceError

from councils import geo
from councils.models import Council
from ombudsman.years import ReportingYear

from .errors import DataImportError

DEFAULT_TOLERANCE = 0.014
CODE_FIELDS = ("areacd", "lad19cd", "lad21cd", "cty21cd", "ctyua21cd", "code", "gss_code", "gss")
NAME_FIELDS = ("areanm", "lad19nm", "lad21nm", "cty21nm", "ctyua21nm", "name")
GSS_LIKE = re.compile(r"^[ENSWK][0-9]{8}$")
WGS84_FORMATS = {"GeoJSON", "TopoJSON", "GeoJSONSeq"}


@dataclass
class BoundaryImportResult:
    matched: list[str] = field(default_factory=list)
    unmatched: list[tuple[str, str]] = field(default_factory=list)  # (code, name) not a council
    without_boundary: list[str] = field(default_factory=list)  # councils still lacking one
    features: int = 0
    labels_placed: int = 0
    notes: list[str] = field(default_factory=list)
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)  # tier -> (councils, bytes)
    dry_run: bool = False


def _read_one(path: Path, layer: str | None, code_field: str | None, name_field: str | None):
    label = f"{path.name}" + (f" (layer {layer})" if layer else "")
    if not path.exists():
        raise DataImportError(f"{path} does not exist.")
    try:
        info = read_info(path, layer=layer)
        frame = gpd.read_file(path, layer=layer, engine="pyogrio")
    except DataLayerError as exc:
        layers = ", ".join(name for name, _kind in list_layers(path))
        raise DataImportError(f"{label}: no such layer; its layers are: {layers}.") from exc
    except DataSourceError as exc:
        raise DataImportError(f"{label} cannot be read as a vector file: {exc}") from exc
    if not isinstance(frame, gpd.GeoDataFrame) or frame.geometry.isna().all():
        raise DataImportError(f"{label} has no geometries (is it a vector map file?).")
    frame.columns = [c if c == "geometry" else c.lower() for c in frame.columns]
    frame = _to_wgs84(frame, info.get("driver", ""), label, path)
    code = _field(frame, code_field, CODE_FIELDS, label, looks_like_code=True)
    name = _field(frame, name_field, NAME_FIELDS, label, required=False)
    out = pd.DataFrame(
        {
            "code": frame[code].astype(str).str.strip().str.upper(),
            "name": frame[name].astype(str) if name else "",
            "end": pd.to_numeric(frame["end"], errors="coerce") if "end" in frame else np.nan,
            "has_end": "end" in frame,
            "geometry": frame.geometry.values,
        }
    )
    values = out.geometry.values
    return out[~shapely.is_missing(values) & ~shapely.is_empty(values)]


def _to_wgs84(frame: gpd.GeoDataFrame, driver: str, label: str, path: Path) -> gpd.GeoDataFrame:
    if frame.crs is None:
        bounds = frame.total_bounds
        plausible = bool(
            len(frame)
            and -180 <= bounds[0] <= bounds[2] <= 180
            and -90 <= bounds[1] <= bounds[3] <= 90
        )
        if driver in WGS84_FORMATS and plausible:
            return frame.set_crs(4326)
        if path.with_suffix(".prj").exists():
            raise DataImportError(
                f"{label} declares a coordinate reference system that cannot be read "
                f"({path.with_suffix('.prj').name}); write it as WKT or an EPSG code."
            )
        raise DataImportError(
            f"{label} declares no coordinate reference system; add one (a .prj file for a "
            "shapefile, e.g. British National Grid EPSG:27700) or convert it to GeoJSON in "
            "WGS84 longitude/latitude."
        )
    try:
        frame = frame.to_crs(4326)
    except Exception as exc:  # pyproj raises several types for one cause: no usable transform
        raise DataImportError(
            f"{label}: its coordinate reference system ({frame.crs.name}) cannot be converted "
            f"to WGS84: {exc}"
        ) from exc
    x0, y0, x1, y1 = frame.total_bounds
    if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
        raise DataImportError(
            f"{label}: after conversion to WGS84 the coordinates are not longitudes and "
            "latitudes; the declared coordinate reference system is probably wrong."
        )
    return frame


def _field(frame, given, candidates, label, *, looks_like_code=False, required=True):
    if given:
        if given.lower() not in frame.columns:
            fields = ", ".join(c for c in frame.columns if c != "geometry")
            raise DataImportError(f"{label} has no field {given!r}; its fields are: {fields}.")
        return given.lower()
    names = [c for c in candidates if c in frame.columns]
    names += [c for c in frame.columns if c not in names and c != "geometry"]
    for name in names:
        if not looks_like_code:
            if name in candidates:
                return name
            continue
        values = frame[name].dropna().astype(str).str.strip().str.upper()
        looks_right = len(values) and values.map(lambda v: bool(GSS_LIKE.match(v))).all()
        if looks_right and values.str.startswith("E").any():
            return name
    if required:
        fields = ", ".join(c for c in frame.columns if c != "geometry")
        raise DataImportError(
            f"{label} has no field of GSS codes (values like E07000098) to match councils by; "
            f"its fields are: {fields}. Name the field with --code-field."
        )
    return None


def _one_per_code(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    repeated = sorted(frame.loc[frame.code.duplicated(), "code"].unique())
    if not repeated:
        return frame
    rows = []
    for _code, group in frame.groupby("code", sort=False):
        if len(group) == 1:
            rows.append(group.iloc[0])
        elif group.has_end.all():
            # NaN end means "still valid": it sorts last, as the newest.
            newest = group.assign(_k=group.end.fillna(9999)).sort_values("_k", kind="stable")
            rows.append(newest.iloc[-1].drop("_k"))
        else:
            row = group.iloc[0].copy()
            row["geometry"] = shapely.union_all(group.geometry.values)
            rows.append(row)
    notes.append(f"{len(repeated)} code(s) in several features: {', '.join(repeated[:10])}")
    return pd.DataFrame(rows).reset_index(drop=True)


def coverage_simplify_areas(geoms: np.ndarray, tolerance: float) -> np.ndarray:
    """Simplify possibly overlapping polygons so that shared borders stay shared.

    The polygons' boundaries cut the plane into faces that never overlap; the faces are
    simplified as one coverage and each polygon is rebuilt as the union of its faces.
    """
    geoms = shapely.make_valid(np.asarray(geoms), method="structure", keep_collapsed=False)
    lines = shapely.union_all(shapely.boundary(geoms))
    faces = np.array(list(shapely.polygonize(shapely.get_parts(lines)).geoms), dtype=object)
    tree = shapely.STRtree(shapely.point_on_surface(faces))
    owners = [tree.query(g, predicate="contains") for g in geoms]
    if tolerance > 0:
        faces = shapely.coverage_simplify(faces, tolerance)
    faces = shapely.set_precision(faces, 10**-geo.COORDINATE_DECIMALS)
    result = []
    for original, owned in zip(geoms, owners, strict=True):
        area = shapely.union_all(faces[owned]) if len(owned) else shapely.Polygon()
        area = _polygonal(area)
        if area.is_empty:  # too small to survive: keep it unsimplified rather than lose it
            area = _polygonal(shapely.set_precision(original, 10**-geo.COORDINATE_DECIMALS))
        result.append(area)
    return np.array(result, dtype=object)


def _polygonal(geom):
    if not geom.is_valid:
        geom = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def boundaries_import(
    *,
    paths: list[str | Path],
    layers: list[str] | None = None,
    code_field: str | None = None,
    name_field: str | None = None,
    source: str = "",
    tolerance: float = DEFAULT_TOLERANCE,
    lookup_tolerance: float = 0.0,
    dry_run: bool = False,
) -> BoundaryImportResult:
    """Store simplified boundaries for the councils whose GSS codes the files hold.

    Each file is read once per layer in `layers` (all layers of a TopoJSON file you need, e.g.
    ltla and cty), and all features are simplified together. Codes that are not councils are
    reported, not refused; a file with no council at all is refused. Idempotent.
    """
    if tolerance < 0 or lookup_tolerance < 0:
        raise DataImportError("The tolerance cannot be negative.")
    result = BoundaryImportResult(dry_run=dry_run)
    frames = [
        _read_one(Path(p), layer, code_field, name_field)
        for p in paths
        for layer in (layers or [None])
    ]
    frame = pd.concat(frames, ignore_index=True)
    result.features = len(frame)
    frame = _one_per_code(frame, result.notes)
    councils = {c.gss_code: c for c in Council.objects.filter(gss_code__in=list(frame.code))}
    result.unmatched = sorted(
        (code, name)
        for code, name in zip(frame.code, frame.name, strict=True)
        if code not in councils
    )
    frame = frame[frame.code.isin(councils)].reset_index(drop=True)
    if frame.empty:
        raise DataImportError(
            f"No feature in {', '.join(Path(p).name for p in paths)} has the GSS code of a council "
            f"in the database ({result.features} features read). Import the councils first."
        )
    areas = coverage_simplify_areas(frame.geometry.values, tolerance)
    detailed = coverage_simplify_areas(frame.geometry.values, lookup_tolerance)
    source = source or _default_source(paths, layers, tolerance)
    with transaction.atomic():
        for code, area, detail in zip(frame.code, areas, detailed, strict=True):
            _store(councils[code], area, detail, source[:300], result)
        result.matched = sorted(frame.code)
        result.without_boundary = sorted(
            Council.objects.filter(boundary__isnull=True).values_list("gss_code", flat=True)
        )
        result.sizes = _sizes(ReportingYear.current())
        if dry_run:
            transaction.set_rollback(True)
        else:
            transaction.on_commit(geo.boundary_index_clear)
    return result


def _store(council: Council, area, detail, source: str, result: BoundaryImportResult) -> None:
    council.boundary = geo.geometry_to_geojson(area)
    council.lookup_boundary = geo.geometry_to_geojson(detail)
    council.boundary_source = source
    fields = ["boundary", "lookup_boundary", "boundary_source"]
    label_ok = council.label_lat is not None and council.label_lon is not None
    # A label must sit inside the shape drawn, or the map puts a council's name on its neighbour.
    if not label_ok or not area.contains(shapely.Point(council.label_lon, council.label_lat)):
        point = area.representative_point()
        council.label_lat, council.label_lon = round(point.y, 5), round(point.x, 5)
        fields += ["label_lat", "label_lon"]
        result.labels_placed += 1
    council.save(update_fields=fields)


def _sizes(year: ReportingYear) -> dict[str, tuple[int, int]]:
    """Bytes of each tier's boundaries for `year` as compact GeoJSON: the map's payload."""
    sizes = {}
    for tier in ("lower", "upper"):
        rows = Council.objects.active_in(year).in_tier(tier).filter(boundary__isnull=False)
        boundaries = list(rows.values_list("gss_code", "boundary"))
        features = [
            {"type": "Feature", "id": c, "properties": {}, "geometry": b} for c, b in boundaries
        ]
        text = json.dumps(
            {"type": "FeatureCollection", "features": features}, separators=(",", ":")
        )
        sizes[tier] = (len(boundaries), len(text.encode()))
    return sizes


def _default_source(paths, layers, tolerance: float) -> str:
    names = ", ".join(Path(p).name for p in paths)
    if layers:
        names += f" (layers {', '.join(layers)})"
    return f"{names}; coverage-simplified, tolerance {tolerance:g} degrees"
