"""Fixtures of the tests in this folder."""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from analysis.coverage import (
    coverage,
    read_street_network,
)
from tests.support.coverage import STREETS
from tests.support.data import SHARED


@pytest.fixture(scope="module")
def network():
    return read_street_network(STREETS, "EPSG:32632", max_snap_m=100)


# Found beside the repository (…/shared/data), as the lead's main checkout and CI lay it out.
KOELN = SHARED / "koeln"


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
