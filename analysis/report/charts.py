"""The report's drawn charts as SVG: the index map and the numbered quadrant.

Both are matplotlib figures saved as SVG with their texts kept as ``<text>`` (so they stay
searchable and a test can read where each label stands). The quadrant's points carry numbers
instead of names: a number is placed only where it overlaps no other, and the key beside the
chart names every Quartier, so no two labels ever cross.
"""

from __future__ import annotations

import io
import re

import geopandas as gpd
import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.transforms import Bbox

from analysis.figures.maps import choropleth
from analysis.figures.quadrant import quadrant_chart
from analysis.figures.style import FONT, save_figure
from analysis.texts import Texts

__all__ = ["MAP_LABELS_UP_TO", "figure_svg", "index_map_svg", "place_numbers", "quadrant_svg"]

#: Up to this many Quartiere the map writes each code on its area; above, the table is the key.
MAP_LABELS_UP_TO = 40
#: Where a number may go beside its point, in points: right-up first, then round the point.
_OFFSETS = ((4, 3), (4, -10), (-10, 3), (-10, -10), (6, -3), (-13, -3), (-3, 6), (-3, -13))
_PROLOG = re.compile(r"^.*?(?=<svg)", re.S)


def figure_svg(fig: Figure) -> str:
    """``fig`` as SVG markup (no XML prolog), texts as ``<text>``, reproducible ids.

    Examples
    --------
    >>> fig = Figure(figsize=(1, 1)); _ = fig.text(0.5, 0.5, "Mitte")
    >>> svg = figure_svg(fig)
    >>> svg.startswith("<svg"), ">Mitte</text>" in svg
    (True, True)
    """
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "quartierskompass"}):
        save_figure(fig, buffer, format="svg")
    return _PROLOG.sub("", buffer.getvalue().decode("utf-8"), count=1)


def index_map_svg(
    layer: gpd.GeoDataFrame, *, labels, title: str, legend_title: str, source: str, texts: Texts
) -> str:
    """The map of the index classes; codes on the areas while they fit (see
    :data:`MAP_LABELS_UP_TO`).

    ``labels`` are the index's class names (``None``: the standard ones).
    """
    fig = Figure(figsize=(7.5, 6.2), layout="constrained")
    ax = fig.add_subplot()
    k = len(labels) if labels else 4
    choropleth(layer, "class", scheme="index_classes", k=k, labels=labels, title=title,
               source_note=source, ax=ax, legend_title=legend_title,
               annotate=len(layer) <= MAP_LABELS_UP_TO, texts=texts)  # fmt: skip
    return figure_svg(fig)


def place_numbers(
    ax: Axes, points: pd.DataFrame, x: str = "index", y: str = "resident_median"
) -> None:
    """Write each point's ``number`` where it crosses no number already written (else none).

    ``x`` and ``y`` name the point's columns; the figure must have been drawn once. The key
    beside the chart names every number, so a number left out loses nothing.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    taken: list[Bbox] = []
    for px, py, number in points[[x, y, "number"]].itertuples(index=False):
        for dx, dy in _OFFSETS:
            note = ax.annotate(str(number), (px, py), xytext=(dx, dy), textcoords="offset points",
                               fontsize=7, fontfamily=FONT, gid=f"n{number}")  # fmt: skip
            box = note.get_window_extent(renderer).expanded(1.05, 1.1)
            if not any(box.overlaps(other) for other in taken):
                taken.append(box)
                break
            note.remove()


def quadrant_svg(areas: pd.DataFrame, params, texts: Texts) -> str:
    """The validation quadrant with a number at each point (the ``number`` column).

    ``areas`` is the validation's table with ``number``; ``params`` its parameters.
    """
    fig = Figure(figsize=(7.5, 5.2), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    quadrant_chart(areas, label_column=None, scale=tuple(params["scale"]),
                   low_median=params["thresholds"][0],
                   need_classes=tuple(params["need_classes"]), ax=ax, texts=texts)  # fmt: skip
    fig.canvas.draw()
    shown = areas.dropna(subset=["index", "resident_median"])
    place_numbers(ax, shown)
    return figure_svg(fig)
