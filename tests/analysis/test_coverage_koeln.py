"""Real data: Köln's Kitas (OSM, 2017) in its 86 Stadtteile, per 1,000 children under 6 (2012)."""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from analysis.coverage import coverage, find_duplicates

# Found beside the repository (…/shared/data), as the lead's main checkout and CI lay it out.
KOELN = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "koeln"
UNDER_6 = ("00 - < 03", "03 - < 06")


def koeln(name: str) -> Path:
    path = KOELN / name
    assert path.is_file(), f"the Köln open data are missing: {path} (see shared/data/koeln)"
    return path


@pytest.fixture(scope="module")
def stadtteile() -> gpd.GeoDataFrame:
    raw = gpd.read_file(koeln("stadtteile.zip"))  # its .prj: transverse Mercator, 9° E, FE 2.5 Mm
    return raw.rename(columns={"STT_NR": "code", "STT_NAME": "name"})[["code", "name", "geometry"]]


@pytest.fixture(scope="module")
def kitas() -> gpd.GeoDataFrame:
    raw = gpd.read_file(koeln("osm_kindergarten.geojson"))
    return raw.rename(columns={"id": "row", "tags/name": "name"})


@pytest.fixture(scope="module")
def children() -> pd.Series:
    """Children under 6 per Stadtteil in 2012, read with the csv module (the long table)."""
    counts: dict[str, float] = {}
    with koeln("bevoelkerung_2005_2012.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            stadtteil = len(row["raum_id"]) == 3 and not row["raum_id"].startswith("0")
            if (
                row["jahr"] == "2012"
                and row["tabelle"] == "Einwohner nach Alter"
                and row["zeile"] in UNDER_6
                and stadtteil
            ):
                counts[row["raum_id"]] = counts.get(row["raum_id"], 0.0) + float(row["zahl"])
    return pd.Series(counts)


@pytest.fixture(scope="module")
def result(stadtteile, kitas, children):
    return coverage(stadtteile, kitas, distance_m=500, target=children)


def test_all_86_stadtteile_and_all_children_are_there(result, children):
    assert len(result.table) == 86
    assert result.table["area_code"].is_unique
    # The 86 Stadtteile hold the city's 29,838 + 27,866 children under 6 (city row 000).
    assert result.table["target_population"].sum() == children.sum() == 57704


def test_every_kita_is_in_a_stadtteil_or_listed_outside(result, stadtteile, kitas):
    city = shapely.union_all(stadtteile.to_crs(4326).geometry.values)
    inside = int(kitas.within(city).sum())
    assert result.table["offers"].sum() == inside == 132
    assert result.params["offers_outside"] == len(result.outside) == 246 - 132
    assert result.params["offers_total"] == 246
    # OSM gives no capacities: supply is the number of Kitas, and the table says so.
    assert result.params["supply"] == "offers"
    assert result.table["capacity_missing"].sum() == 132


def test_neustadt_sued_by_hand(result):
    """Neustadt/Süd (102): 3 Kitas in the export (Fröbel Kindergarten Eifelstraße, Katholische
    Kindertagesstätte Herz Jesu and one without a name); 1,003 children under 3 and 740 aged
    3 to 6 in 2012 = 1,743; 3 / 1,743 × 1,000 = 1.72 Kitas per 1,000 children under 6."""
    row = result.table.set_index("area_code").loc["102"]
    assert row["area_name"] == "Neustadt/Süd"
    assert row["offers"] == 3
    assert row["target_population"] == 1743
    assert row["per_1000"] == pytest.approx(3 / 1743 * 1000)
    names = set(result.offers.loc[result.offers["area_code"] == "102", "name"])
    assert names == {
        "Fröbel Kindergarten Eifelstraße",
        "Katholische Kindertagesstätte Herz Jesu",
        "",
    }


def test_figures_are_plausible(result):
    t = result.table
    assert t["share_within"].between(0, 1).all()
    # A Stadtteil with a Kita has some of its surface within 500 m of one.
    assert (t.loc[t["offers"] > 0, "share_within"] > 0).all()
    # Nearest Kita: from a few hundred metres in the centre to a few km at the edge.
    assert t["nearest_m"].between(100, 6000).all()
    assert t.loc[t["area_code"] == "102", "nearest_m"].item() < t["nearest_m"].median()
    # 2SFCA shares the 132 Kitas among the children within reach: never more than there are.
    shared = (t["supply_2sfca"] * t["target_population"] / 1000).sum()
    assert 0 < shared <= 132 + 1e-9
    assert result.params["distance_note"] == "straight line × 1.3 (detour factor)"
    assert np.isfinite(t["supply_2sfca"]).all()


def test_the_osm_export_has_no_duplicate_kitas(kitas):
    assert find_duplicates(kitas, tolerance_m=50).empty
