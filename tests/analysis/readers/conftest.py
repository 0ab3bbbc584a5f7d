"""Fixtures of the tests in this folder."""

from __future__ import annotations

import geopandas as gpd
import pytest

from analysis.readers.areas import read_areas
from tests.support.data import LOR


@pytest.fixture(scope="module")
def lor(berlin) -> gpd.GeoDataFrame:
    return gpd.read_file(berlin / LOR)


@pytest.fixture(scope="module")
def areas(berlin) -> gpd.GeoDataFrame:
    return read_areas(berlin / LOR, id_field="PGR_ID", name_field="PGR_NAME")
