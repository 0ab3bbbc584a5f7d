"""Small shared inputs for the chart, map, export, report and campaign tests, and readers of the
PDFs they produce."""

from __future__ import annotations

import io
import re
import subprocess
import zlib

import geopandas as gpd
import pandas as pd
import pypdf
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


def pdf_text(data: bytes) -> str:
    """The text drawn in a PDF, one line per text object, so tests can search it; followed by
    pypdf's extraction (the report's embedded fonts need its decoding).

    Content streams are inflated and the kerned ``[(a) -0.3 (b)] TJ`` pieces of each ``BT … ET``
    block joined again.
    """
    lines = []
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            content = zlib.decompressobj().decompress(match.group(1))
        except zlib.error:
            content = match.group(1)
        for block in re.findall(rb"BT(.*?)ET", content, re.S):
            pieces = re.findall(rb"\(((?:\\.|[^\\)])*)\)", block)
            text = b"".join(re.sub(rb"\\(.)", rb"\1", piece) for piece in pieces)
            lines.append(text.decode("cp1252", errors="replace"))
    return "\n".join([*lines, pages_text(data)])


def page_texts(data: bytes) -> list[str]:
    """The text of each page of a PDF, as pypdf extracts it."""
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def pages_text(data: bytes) -> str:
    """The text of all pages of a PDF, one page after the other."""
    return "\n".join(page_texts(data))


def poppler_text(data: bytes) -> str:
    """The text of a PDF as poppler's ``pdftotext`` reads it (poppler-utils).

    WeasyPrint writes a font with a glyph missing (an emoji: no emoji font ships) with its own
    encoding CMap, which pypdf does not read; poppler, like PDF viewers, does.
    """
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")
