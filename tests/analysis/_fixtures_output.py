"""Small shared inputs for the chart, map, export, report and campaign tests."""

from __future__ import annotations

import re
import zlib

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

THEME_TITLES = {
    "moving": "Fuß- und Radwege",
    "transport": "Öffentlicher Nahverkehr",
    "traffic": "Verkehr und Parken",
    "streets": "Straßen und Plätze",
    "nature": "Natur- und Grünflächen",
    "play": "Spiel, Sport und Freizeit",
    "facilities": "Einrichtungen und Angebote",
    "work": "Arbeit und lokale Wirtschaft",
    "housing": "Wohnen und Nachbarschaft",
    "social": "Soziale Kontakte und Treffpunkte",
    "identity": "Identität und Zugehörigkeit",
    "safety": "Sicherheit",
    "maintenance": "Pflege und Instandhaltung",
    "influence": "Mitsprache und Mitgestaltung",
}


def themes_frame() -> pd.DataFrame:
    """The 14 Place Standard themes with German titles."""
    return pd.DataFrame(
        {
            "slug": list(THEME_TITLES),
            "position": range(1, len(THEME_TITLES) + 1),
            "title": list(THEME_TITLES.values()),
        }
    )


def grid_areas(n: int = 4, crs: str = "EPSG:4326") -> gpd.GeoDataFrame:
    """``n`` square areas in a row near Berlin, codes "01", "02", …"""
    cells = [box(13.30 + 0.02 * i, 52.50, 13.32 + 0.02 * i, 52.52) for i in range(n)]
    frame = gpd.GeoDataFrame(
        {
            "code": [f"{i + 1:02d}" for i in range(n)],
            "name": [f"Kiez {chr(0xC4 + i % 3)}{i}" for i in range(n)],
            "population": [1000 + 500 * i for i in range(n)],
            "area_km2": [3.0] * n,
        },
        geometry=cells,
        crs="EPSG:4326",
    )
    return frame.to_crs(crs)


def pdf_text(data: bytes) -> bytes:
    """All PDF content streams, inflated, so tests can search the drawn text."""
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            chunks.append(match.group(1))
    return b"\n".join(chunks)
