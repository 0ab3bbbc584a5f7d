"""Offer points: read from messy tables, placed in areas, outside and duplicates reported."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Transformer

from analysis.coverage import find_duplicates, locate_offers, read_offer_points
from tests.support.coverage import CRS, offers_at, random_points, voronoi_areas


def test_latitude_longitude_with_decimal_commas_and_bad_rows_listed_with_reasons():
    table = pd.DataFrame(
        {
            "Einrichtung": ["Kita Sonnenschein", "Kita Regenbogen", "Kita Mond", "Kita Stern", "X"],
            "Breite": ["50,9375", 50.94, "", "95.0", "50.93"],
            "Länge": ["6,9603", 6.95, "6.96", "6.9", "sechs"],
            "Plätze": ["45", "", "20", "30", "-3"],
        },
        index=[2, 3, 4, 5, 6],  # the file's line numbers, as the app's reader passes them
    )
    read = read_offer_points(
        table, lat="Breite", lon="Länge", name="Einrichtung", capacity="Plätze"
    )
    assert read.offers["row"].tolist() == [2, 3]
    assert read.offers["name"].tolist() == ["Kita Sonnenschein", "Kita Regenbogen"]
    assert read.offers["capacity"].tolist()[0] == 45.0
    assert np.isnan(read.offers["capacity"].tolist()[1])  # not given, not zero
    assert read.offers.crs.to_epsg() == 4326
    assert read.offers.geometry.iloc[0].equals(shapely.Point(6.9603, 50.9375))
    assert read.rejected.values.tolist() == [
        [4, "coordinates", "no usable coordinates"],
        [5, "coordinates", "no usable coordinates"],  # latitude 95 does not exist
        [6, "coordinates", "no usable coordinates"],
    ]
    assert read.params == {"source_crs": "EPSG:4326", "rows": 5}


def test_x_y_in_a_named_crs_are_transformed_to_wgs84():
    table = pd.DataFrame(
        {"x": [356000.0, "356100,5"], "y": [5645000.0, 5645200.0], "n": ["a", "b"]}
    )
    read = read_offer_points(table, x="x", y="y", crs="EPSG:25832", name="n")
    lon, lat = Transformer.from_crs(CRS, 4326, always_xy=True).transform(
        [356000.0, 356100.5], [5645000.0, 5645200.0]
    )
    assert np.allclose(read.offers.geometry.x, lon, atol=1e-9)
    assert np.allclose(read.offers.geometry.y, lat, atol=1e-9)
    assert read.rejected.empty


def test_capacity_that_is_not_a_whole_number_rejects_the_row():
    table = pd.DataFrame({"lat": [50.9, 50.9], "lon": [6.9, 6.9], "cap": ["12,5", "viele"]})
    read = read_offer_points(table, lat="lat", lon="lon", capacity="cap")
    assert read.offers.empty
    assert set(read.rejected["problem"]) == {"capacity"}
    assert set(read.rejected["reason"]) == {"capacity is not a whole number of at least 0"}


def test_blank_names_are_missing_not_empty_text():
    table = pd.DataFrame({"lat": [50.9, 50.9], "lon": [6.9, 6.91], "name": ["  ", " Kita A "]})
    names = read_offer_points(table, lat="lat", lon="lon", name="name").offers["name"]
    assert pd.isna(names.iloc[0])
    assert names.iloc[1] == "Kita A"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lat": "lat", "lon": "nope"}, r"no longitude column 'nope' \(columns: lat, lon\)"),
        ({"lat": "lat"}, "give either lat and lon, or x, y and the crs"),
        ({"x": "lat", "y": "lon"}, "give either lat and lon, or x, y and the crs"),
        ({"x": "lat", "y": "lon", "crs": "EPSG:999999"}, "not a coordinate reference system"),
    ],
)
def test_wrong_field_mapping_is_a_clear_sentence(kwargs, message):
    table = pd.DataFrame({"lat": [50.9], "lon": [6.9]})
    with pytest.raises(ValueError, match=message):
        read_offer_points(table, **kwargs)


def test_counts_per_area_equal_an_independent_point_in_polygon_loop():
    rng = np.random.default_rng(15)
    areas = voronoi_areas(rng, n=15)
    xy = random_points(rng, 400, margin=300)
    located = locate_offers(offers_at(xy), areas)
    mine = located.offers.groupby("area_code").size().to_dict()

    expected: dict[str, int] = {}
    metric_areas = areas.to_crs(CRS)
    for x, y in xy:
        point = shapely.Point(x, y)
        for code, polygon in zip(metric_areas["code"], metric_areas.geometry, strict=True):
            if polygon.contains(point):
                expected[code] = expected.get(code, 0) + 1
                break
    assert mine == expected
    # Points outside the Kommune are listed, not dropped.
    assert len(located.outside) == 400 - sum(expected.values()) > 0
    assert located.outside["area_code"].isna().all()


def test_duplicates_same_name_and_place_are_reported_not_removed():
    xy = np.array([[356000.0, 5645000.0], [356003.0, 5645004.0], [356000.0, 5645000.0],
                   [356500.0, 5645000.0], [356001.0, 5645000.0]])  # fmt: skip
    names = ["Kita Sonnenschein", "kita  sonnenschein", "Jugendzentrum", "Kita Sonnenschein",
             "Kita Sonnenschein"]  # fmt: skip
    offers = offers_at(xy, names=names)
    found = find_duplicates(offers, tolerance_m=10)
    # 1 is 5 m from 0; 4 is 1 m from 0 (and 4 m from 1): both are copies of 0. Same place but
    # another name (2) or same name 500 m away (3) is not a duplicate.
    assert found[["row", "duplicate_of"]].values.tolist() == [[1, 0], [4, 0]]
    assert found["distance_m"].round(3).tolist() == [5.0, 1.0]
    assert len(offers) == 5
