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
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from analysis.figures.classes import MEDIAN_CMAP, median_bins
from analysis.figures.maps import choropleth
from analysis.figures.quadrant import quadrant_chart
from analysis.figures.style import FONT, save_figure
from analysis.texts import Texts

__all__ = [
    "MAP_LABELS_UP_TO",
    "figure_svg",
    "index_map_svg",
    "median_map_svg",
    "place_numbers",
    "quadrant_svg",
]

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


def median_map_svg(
    layer: gpd.GeoDataFrame,
    scale: tuple[int, int],
    *,
    title: str,
    legend_title: str,
    source: str,
    texts: Texts,
) -> str:
    """The map of the residents' median, one class per step of the scale, a median on a limit
    in the class that starts there (``steps`` in :func:`analysis.figures.classes.classify`)."""
    fig = Figure(figsize=(7.5, 6.2), layout="constrained")
    ax = fig.add_subplot()
    choropleth(layer, "resident_median", scheme="steps", bins=median_bins(scale),
               cmap=MEDIAN_CMAP, title=title, legend_title=legend_title, source_note=source,
               ax=ax, annotate=len(layer) <= MAP_LABELS_UP_TO, texts=texts)  # fmt: skip
    return figure_svg(fig)


def _extent(ax: Axes, text: str, at: tuple[float, float], renderer) -> np.ndarray:
    """Where a number of ``text``'s length lies around its anchor, in pixels (x0, y0, x1, y1),
    widened a little like the gap between two numbers should be (the digits are equally wide)."""
    probe = ax.annotate("0" * len(text), at, xytext=(0, 0), textcoords="offset points",
                        fontsize=7, fontfamily=FONT)  # fmt: skip
    box = probe.get_window_extent(renderer).expanded(1.05, 1.1)
    probe.remove()
    anchor = ax.transData.transform(at)
    return np.array([box.x0, box.y0, box.x1, box.y1]) - np.tile(anchor, 2)


def place_numbers(
    ax: Axes, points: pd.DataFrame, x: str = "index", y: str = "resident_median"
) -> None:
    """Write each point's ``number`` where it crosses no number already written (else none).

    ``x`` and ``y`` name the point's columns; the figure must have been drawn once. The key
    beside the chart names every number, so a number left out loses nothing. The boxes are
    computed from one measured box per number length, not by drawing every try (that took
    15 s of CPU for 542 Quartiere)."""
    renderer = ax.figure.canvas.get_renderer()
    scale = ax.figure.dpi / 72
    values = points[[x, y]].to_numpy(float)
    anchors = ax.transData.transform(values)
    extents: dict[int, np.ndarray] = {}
    taken = np.empty((0, 4))
    for (px, py), anchor, number in zip(values, anchors, points["number"], strict=True):
        text = str(number)
        if len(text) not in extents:
            extents[len(text)] = _extent(ax, text, (px, py), renderer)
        for dx, dy in _OFFSETS:
            box = extents[len(text)] + np.tile(anchor + np.array([dx, dy]) * scale, 2)
            crossed = ((taken[:, 0] < box[2]) & (box[0] < taken[:, 2])
                       & (taken[:, 1] < box[3]) & (box[1] < taken[:, 3]))  # fmt: skip
            if not crossed.any():
                ax.annotate(text, (px, py), xytext=(dx, dy), textcoords="offset points",
                            fontsize=7, fontfamily=FONT, gid=f"n{number}")  # fmt: skip
                taken = np.vstack([taken, box])
                break


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
