"""Reading area geometries: formats, CRS handling, repairs and refusals."""

import json
import zipfile

import geopandas as gpd
import pandas as pd
import pandas.testing as pdt
import pytest
from shapely.geometry import Polygon, box

from analysis.readers.areas import AREA_COLUMNS, inspect_areas, read_areas
from analysis.readers.errors import InputFileError
from tests.support.data import LOR


def test_berlin_prognoseraeume(areas, lor):
    assert list(areas.columns) == AREA_COLUMNS
    assert len(areas) == 58
    assert areas.crs.to_epsg() == 4326
    assert areas.loc[0, "code"] == "0930"
    assert areas["code"].dtype == "str"
    assert areas["population"].dtype == "Int64" and areas["population"].isna().all()
    expected = lor["GROESSE_M2"] / 1e6
    assert ((areas["area_km2"] - expected).abs() / expected).max() < 0.005
    minx, miny, maxx, maxy = areas.total_bounds
    assert 13.0 < minx < maxx < 13.8 and 52.3 < miny < maxy < 52.7


def test_inspect_reports_source_crs(berlin):
    _, problems, source_crs = inspect_areas(berlin / LOR, id_field="PGR_ID", name_field="PGR_NAME")
    assert problems == []
    assert source_crs == "EPSG:25833"


def test_gpkg_round_trip(tmp_path, lor, areas):
    path = tmp_path / "lor.gpkg"
    lor.to_file(path, driver="GPKG")
    result = read_areas(path, id_field="PGR_ID", name_field="PGR_NAME")
    pdt.assert_frame_equal(
        pd.DataFrame(result.drop(columns="geometry")), pd.DataFrame(areas.drop(columns="geometry"))
    )


def _zip_shapefile(frame: gpd.GeoDataFrame, folder, with_prj: bool = True):
    frame.to_file(folder / "areas.shp")
    path = folder / "areas.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in ("shp", "shx", "dbf", "prj", "cpg"):
            member = folder / f"areas.{part}"
            if member.exists() and (with_prj or part != "prj"):
                archive.write(member, f"areas.{part}")
    return path


def test_zipped_shapefile_round_trip(tmp_path, lor, areas):
    path = _zip_shapefile(lor, tmp_path)
    result = read_areas(path, id_field="PGR_ID", name_field="PGR_NAME")
    assert result["code"].tolist() == areas["code"].tolist()
    assert result["name"].tolist() == areas["name"].tolist()
    pdt.assert_series_equal(result["area_km2"], areas["area_km2"], rtol=1e-6)


def test_file_without_crs_is_refused_unless_crs_given(tmp_path, lor):
    path = _zip_shapefile(lor, tmp_path, with_prj=False)
    with pytest.raises(InputFileError, match="no usable coordinate reference system"):
        read_areas(path, id_field="PGR_ID", name_field="PGR_NAME")
    result = read_areas(path, id_field="PGR_ID", name_field="PGR_NAME", crs="EPSG:25833")
    assert result.crs.to_epsg() == 4326 and len(result) == 58


def test_geojson_with_projected_coordinates_but_no_crs_member(tmp_path, lor):
    data = json.loads(lor.head(2).to_json())
    data.pop("crs", None)
    path = tmp_path / "nocrs.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputFileError, match="no usable coordinate reference system; give one"):
        read_areas(path, id_field="PGR_ID", name_field="PGR_NAME")
    result = read_areas(path, id_field="PGR_ID", name_field="PGR_NAME", crs="EPSG:25833")
    assert result["code"].tolist() == ["0930", "0760"]


def _write(tmp_path, geometries, codes, **columns):
    frame = gpd.GeoDataFrame(
        {"id": codes, "name": [f"Gebiet {c}" for c in codes], **columns},
        geometry=geometries,
        crs="EPSG:25832",
    )
    path = tmp_path / "areas.geojson"
    frame.to_file(path, driver="GeoJSON")
    return path


X, Y = 500_000, 5_600_000  # near the central meridian of UTM 32, where map area is true area
BOWTIE = Polygon([(X, Y), (X + 1000, Y + 1000), (X + 1000, Y), (X, Y + 1000), (X, Y)])
SQUARE = box(X + 2000, Y, X + 3000, Y + 1000)


def test_bow_tie_is_repaired_or_rejected_by_name(tmp_path):
    path = _write(tmp_path, [BOWTIE, SQUARE], ["1 a", "1 b"], EW=[1200, 300])
    result = read_areas(path, id_field="id", name_field="name", population_field="EW")
    assert result["code"].tolist() == ["1 a", "1 b"]
    assert result["population"].tolist() == [1200, 300]
    assert result.geometry.is_valid.all()
    assert set(result.geom_type) <= {"Polygon", "MultiPolygon"}
    assert result["area_km2"].round(2).tolist() == [0.5, 1.0]
    with pytest.raises(InputFileError, match="feature '1 a' has an invalid geometry"):
        read_areas(path, id_field="id", name_field="name", repair=False)


def test_empty_geometry_and_duplicate_codes_are_named(tmp_path):
    path = _write(tmp_path, [SQUARE, None], ["4", "15 b"])
    with pytest.raises(InputFileError, match="feature '15 b' has no geometry"):
        read_areas(path, id_field="id", name_field="name")
    path = _write(tmp_path, [SQUARE, BOWTIE], ["4", "4"])
    with pytest.raises(InputFileError, match="the code '4' is used by more than one feature"):
        read_areas(path, id_field="id", name_field="name")
    areas, problems, _ = inspect_areas(path, id_field="id", name_field="name")
    assert areas.empty and len(problems) == 1


def test_missing_field_lists_available_fields(tmp_path):
    path = _write(tmp_path, [SQUARE], ["4"])
    with pytest.raises(InputFileError, match=r"no field 'PGR_ID' \(fields: id, name\)"):
        read_areas(path, id_field="PGR_ID", name_field="name")


@pytest.mark.parametrize(
    "name", ["areas.vrt", "/vsicurl/https://example.org/a.geojson", "https://example.org/a.json"]
)
def test_other_sources_are_refused(tmp_path, name):
    path = tmp_path / name if name.endswith(".vrt") else name
    if name.endswith(".vrt"):
        path.write_text("<OGRVRTDataSource/>", encoding="utf-8")
    with pytest.raises(InputFileError):
        read_areas(path, id_field="id", name_field="name")


def test_zip_with_unsafe_member_is_refused(tmp_path):
    path = tmp_path / "evil.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("../areas.shp", b"")
    with pytest.raises(InputFileError, match="'../areas.shp' in a folder or with an unusual name"):
        read_areas(path, id_field="id", name_field="name")
