"""The Kreis page's map: the Kreis index class of every area with the Kommunen's borders
(:func:`analysis.figures.kreis_map.kreis_map`), as an SVG image for the page."""

from __future__ import annotations

import base64

import geopandas as gpd
import pandas as pd
from flask_babel import gettext as _
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from analysis.figures.kreis_map import kreis_map
from analysis.report.charts import figure_svg
from analysis.stats.kreis import KreisIndex
from app.models import Kreis
from app.services.queries import areas_frame
from app.services.texts import analysis_texts


def _outlines(kreis: Kreis) -> gpd.GeoDataFrame:
    parts = []
    for kommune in kreis.kommunen:
        areas = areas_frame(kommune)[["code", "geometry"]]
        parts.append(areas.assign(area=kommune.name + ": " + areas["code"], kommune=kommune.name))
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs="EPSG:4326")


def map_image(kreis: Kreis, result: KreisIndex) -> str | None:
    """The map as an SVG data URL (an ``<img>``: inline SVG styles are refused by the pages'
    Content-Security-Policy), or None when no area of the Kreis has an outline.

    With a database session (see the tests)::

        map_image(kreis, kreis_wide_index(kreis, data, ["S1"])).startswith("data:image/svg")
        # True
    """
    outlines = _outlines(kreis)
    if not outlines.geometry.notna().any():
        return None
    classes = result.table[["area", "class_kreis"]]
    layer = outlines.merge(classes, on="area", how="left")
    layer["class_kreis"] = layer["class_kreis"].astype("float64")
    labels = result.params["kreis"].get("labels")
    fig = Figure(figsize=(8, 6.5), layout="constrained")
    FigureCanvasAgg(fig)
    kreis_map(layer, class_column="class_kreis", kommune_column="kommune", labels=labels,
              title=_("Kreis index of %(kreis)s", kreis=kreis.name), source_note=kreis.name,
              legend_title=_("Class in the Kreis"), ax=fig.add_subplot(),
              texts=analysis_texts())  # fmt: skip
    svg = figure_svg(fig).encode("utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
