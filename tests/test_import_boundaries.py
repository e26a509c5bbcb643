"""The boundary importer on tiny real files: Hertsmere, five neighbours and Hertfordshire."""

import io
import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from django.core.management import CommandError, call_command
from shapely.geometry import shape

from councils.models import Council
from councils.services.boundaries_import import boundaries_import
from councils.services.councils_import import councils_import
from councils.services.errors import DataImportError

DATA = Path(__file__).parent / "data"
LTLA, CTY = DATA / "herts_ltla.geojson", DATA / "herts_cty.geojson"
HERTSMERE, THREE_RIVERS, WATFORD, HERTS = "E07000098", "E07000102", "E07000103", "E10000015"
CODES = {HERTSMERE, THREE_RIVERS, WATFORD, "E07000240", "E07000241", "E09000003", HERTS}

pytestmark = pytest.mark.django_db


@pytest.fixture
def councils():
    councils_import(path=DATA / "herts_councils.csv")


def area(code):
    return shape(Council.objects.get(gss_code=code).boundary)


def areas():
    return {c.gss_code: shape(c.boundary) for c in Council.objects.exclude(boundary=None)}


def coordinates(geometry):
    return shapely.get_coordinates(shapely.geometry.shape(geometry))


def test_geojson_layers_give_valid_touching_simplified_areas(councils):
    result = boundaries_import(paths=[LTLA, CTY])
    assert sorted(result.matched) == sorted(CODES)
    assert result.unmatched == [] and result.without_boundary == []
    found = areas()
    assert set(found) == CODES
    assert all(a.is_valid and not a.is_empty for a in found.values())
    a, b = found[HERTSMERE], found[THREE_RIVERS]
    # Neighbours still share their border after simplification: no gap, no overlap.
    assert a.buffer(1e-6).intersects(b)
    assert a.boundary.intersection(b.boundary).length > 0.01
    assert a.intersection(b).area < 1e-10
    # A district stays inside its county: the borders were simplified together.
    assert found[HERTSMERE].difference(found[HERTS]).area < 1e-10
    hertsmere = Council.objects.get(gss_code=HERTSMERE)
    assert hertsmere.boundary["type"] in ("Polygon", "MultiPolygon")
    assert hertsmere.boundary_source.startswith("herts_ltla.geojson, herts_cty.geojson")
    xy = coordinates(hertsmere.boundary)
    assert (xy.round(5) == xy).all()
    # RFC 7946: exterior rings anticlockwise.
    assert shapely.is_ccw(shapely.get_exterior_ring(shapely.get_parts(a))).all()
    original = gpd.read_file(LTLA).set_index("areacd").geometry[HERTSMERE]
    assert len(xy) < len(shapely.get_coordinates(original))
    # The price of a national map response under 400 KB: up to a tenth of a district's area
    # moves (Hertsmere: 8.6%). Lookups use the detailed `lookup_boundary` instead.
    assert a.symmetric_difference(original).area / original.area < 0.10
    detailed = shape(Council.objects.get(gss_code=HERTSMERE).lookup_boundary)
    assert detailed.symmetric_difference(original).area / original.area < 0.001


def test_reprojected_geopackage_gives_the_same_geometry(councils):
    boundaries_import(paths=[LTLA], tolerance=0)
    first = areas()
    boundaries_import(paths=[DATA / "herts_ltla_27700.gpkg"], tolerance=0)
    for code, geometry in areas().items():
        assert geometry.hausdorff_distance(first[code]) < 1e-4, code


def test_topojson_layers_read_like_the_geojson(councils):
    topo = DATA / "herts.topo.json"
    result = boundaries_import(paths=[topo], layers=["ltla", "cty"], tolerance=0)
    assert sorted(result.matched) == sorted(CODES)
    found = areas()
    for layer in ("ltla", "cty"):
        for code, geometry in gpd.read_file(topo, layer=layer).set_index("areacd").geometry.items():
            assert found[code].hausdorff_distance(geometry) < 1e-5, code


def test_reimport_is_idempotent_and_dry_run_keeps_nothing(councils):
    result = boundaries_import(paths=[LTLA, CTY], dry_run=True)
    assert len(result.matched) == 7
    assert not Council.objects.exclude(boundary=None).exists()
    boundaries_import(paths=[LTLA, CTY])
    first = dict(Council.objects.values_list("gss_code", "boundary"))
    boundaries_import(paths=[LTLA, CTY])
    assert dict(Council.objects.values_list("gss_code", "boundary")) == first


def test_labels_are_placed_inside_when_missing_or_outside(councils):
    Council.objects.filter(gss_code=HERTSMERE).update(label_lat=None, label_lon=None)
    Council.objects.filter(gss_code=WATFORD).update(label_lat=52.0, label_lon=0.5)
    result = boundaries_import(paths=[LTLA, CTY])
    assert result.labels_placed == 2
    for council in Council.objects.all():
        assert shape(council.boundary).contains(shapely.Point(council.label_lon, council.label_lat))


def test_codes_that_are_not_councils_are_reported_not_refused(councils):
    Council.objects.filter(gss_code="E09000003").delete()
    result = boundaries_import(paths=[LTLA])
    assert result.unmatched == [("E09000003", "Barnet")]
    assert result.without_boundary == [HERTS]


def test_newest_feature_wins_when_a_code_repeats(councils, tmp_path):
    frame = gpd.read_file(LTLA)
    old = frame[frame.areacd == WATFORD].assign(areacd=HERTSMERE, end=2018)
    path = tmp_path / "repeated.geojson"
    gpd.pd.concat([old, frame]).to_file(path, driver="GeoJSON")
    result = boundaries_import(paths=[path], tolerance=0)
    assert result.notes == [f"1 code(s) in several features: {HERTSMERE}"]
    assert area(HERTSMERE).hausdorff_distance(frame.set_index("areacd").geometry[HERTSMERE]) < 1e-4


def test_file_without_crs_is_refused(councils):
    with pytest.raises(DataImportError, match="declares no coordinate reference system"):
        boundaries_import(paths=[DATA / "herts_ltla_no_crs.zip"])


def test_unreadable_crs_is_refused(councils, tmp_path):
    frame = gpd.read_file(LTLA).to_crs(27700)
    frame.to_file(tmp_path / "odd.shp")
    (tmp_path / "odd.prj").write_text("NOT A CRS")
    with pytest.raises(DataImportError, match="cannot be read"):
        boundaries_import(paths=[tmp_path / "odd.shp"])


def test_geojson_in_metres_without_crs_is_refused(councils, tmp_path):
    frame = gpd.read_file(LTLA).to_crs(27700)
    data = json.loads(frame.to_json())
    data.pop("crs")
    path = tmp_path / "metres.geojson"
    path.write_text(json.dumps(data))  # no "crs" member: readers assume longitude/latitude
    with pytest.raises(DataImportError, match="no coordinate reference system|not longitudes"):
        boundaries_import(paths=[path])


def test_missing_code_field_is_refused(councils):
    with pytest.raises(DataImportError, match="no field of GSS codes"):
        boundaries_import(paths=[DATA / "herts_ltla_no_code.geojson"])
    with pytest.raises(DataImportError, match="has no field 'lad19cd'"):
        boundaries_import(paths=[LTLA], code_field="lad19cd")


def test_missing_file_and_no_matching_council_are_refused(councils, tmp_path):
    with pytest.raises(DataImportError, match="does not exist"):
        boundaries_import(paths=[tmp_path / "nope.geojson"])
    with pytest.raises(DataImportError, match="its layers are: ltla, cty"):
        boundaries_import(paths=[DATA / "herts.topo.json"], layers=["lad"])
    with pytest.raises(DataImportError, match="has no geometries"):
        boundaries_import(paths=[DATA / "herts_councils.csv"])
    Council.objects.update(county=None)
    Council.objects.all().delete()
    with pytest.raises(DataImportError, match="No feature"):
        boundaries_import(paths=[LTLA])


def test_command_reports_and_turns_errors_into_command_errors(councils):
    out = io.StringIO()
    call_command("import_boundaries", str(LTLA), str(CTY), "--source", "ONS BSC", stdout=out)
    assert "7 council boundaries stored" in out.getvalue()
    assert Council.objects.get(gss_code=HERTSMERE).boundary_source == "ONS BSC"
    with pytest.raises(CommandError, match="declares no coordinate reference system"):
        call_command("import_boundaries", str(DATA / "herts_ltla_no_crs.zip"))
