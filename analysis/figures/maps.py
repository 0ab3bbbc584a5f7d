"""Choropleth maps of areas, classified the way planners expect, without basemaps or tiles.

Polygons are drawn as one matplotlib PathCollection per class (no pyplot, no geopandas plotting),
in a metric projection (the given one, else the UTM zone) so that the map keeps its true shape.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Literal

import geopandas as gpd
import mapclassify
import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis.figures.map_paths import drawing_crs, geometry_path, has_geometry, missing_note
from analysis.figures.style import FONT, format_de, plain_text, wrap_lines

__all__ = [
    "INDEX_CLASS_LABELS",
    "NO_DATA_LABEL",
    "Scheme",
    "choropleth",
    "classify",
    "median_bins",
]

Scheme = Literal["quantiles", "equal_interval", "natural_breaks", "manual", "index_classes"]

NO_DATA_LABEL = "keine Angabe"
NO_DATA_COLOUR = "#e6e6e6"
#: Berlin MSS class names of the status index (class 4 = most need).
INDEX_CLASS_LABELS = {1: "hoch", 2: "mittel", 3: "niedrig", 4: "sehr niedrig"}


def median_bins(scale: tuple[int, int] = (1, 7)) -> list[float]:
    """Upper class bounds for a map of medians: one class per step of the rating scale.

    Examples
    --------
    >>> median_bins()
    [2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    >>> median_bins((1, 3))
    [2.0, 3.0]
    """
    low, high = (int(v) for v in scale)
    if low >= high:
        raise ValueError(f"the scale must run from a lower to a higher score, not {scale!r}")
    return [float(v) for v in range(low + 1, high + 1)]


def _decimals(values: np.ndarray) -> int:
    span = float(np.nanmax(values) - np.nanmin(values)) if len(values) else 0.0
    return 0 if span >= 100 else 1 if span >= 1 else 2


def classify(
    values: pd.Series,
    scheme: Scheme = "quantiles",
    k: int = 5,
    bins: Sequence[float] | None = None,
    labels: Sequence[str] | Mapping[int, str] | None = None,
) -> tuple[pd.Series, list[str], list[float]]:
    """Put values into map classes.

    Parameters
    ----------
    values : Series
        Numbers to classify; NaN gets no class (``<NA>``, drawn as "keine Angabe").
    scheme : {"quantiles", "equal_interval", "natural_breaks", "manual", "index_classes"}
        ``natural_breaks`` is Fisher–Jenks (deterministic). ``manual`` needs ``bins``.
        ``index_classes`` takes integer classes 1..k as they are (e.g. the index ``class``).
    k : int
        Number of classes (fewer when there are fewer distinct values).
    bins : sequence of float, optional
        Upper class bounds for ``manual`` (the last must cover the maximum).
    labels : sequence or mapping, optional
        Legend labels instead of the computed ranges; for ``index_classes`` a mapping class ->
        label or a list for classes 1..k.

    Returns
    -------
    classes : Series of Int64
        Class 1..k per value, ``<NA>`` for missing values.
    legend_labels : list of str
        One label per class, ranges German-style ("1,2 – 3,4").
    bins : list of float
        Upper bound of each class (the class numbers for ``index_classes``).

    Examples
    --------
    >>> classes, legend, bins = classify(pd.Series([1.0, 2.0, 3.0, None]), "equal_interval", k=2)
    >>> classes.tolist()
    [1, 1, 2, <NA>]
    >>> legend
    ['1,0 – 2,0', '2,0 – 3,0']
    """
    if not isinstance(values, pd.Series):
        raise TypeError("values must be a pandas Series")
    if not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    valid = numbers.notna().to_numpy()
    y = numbers.to_numpy()[valid]
    classes = pd.Series(pd.NA, index=values.index, dtype="Int64")

    if scheme == "index_classes":
        if labels is None:
            labels = INDEX_CLASS_LABELS if k == 4 else {c: str(c) for c in range(1, k + 1)}
        mapping = dict(labels) if isinstance(labels, Mapping) else dict(enumerate(labels, 1))
        if len(y) and not np.isin(y, list(mapping)).all():
            raise ValueError(f"index_classes: values must be classes {sorted(mapping)}")
        classes[valid] = y.astype(int)
        order = sorted(mapping)
        return classes, [str(mapping[c]) for c in order], [float(c) for c in order]

    if len(y) == 0:
        return classes, [], []
    if scheme == "manual":
        if bins is None or len(bins) == 0:
            raise ValueError("scheme 'manual' needs bins (upper class bounds)")
        upper = [float(b) for b in bins]
        if any(b2 <= b1 for b1, b2 in zip(upper, upper[1:], strict=False)):
            raise ValueError("bins must be strictly increasing")
        if y.max() > upper[-1]:
            raise ValueError(f"the last bin {upper[-1]} is below the maximum value {y.max()}")
        classifier = mapclassify.UserDefined(y, upper)
    else:
        k = min(k, len(np.unique(y)))
        factories = {
            "quantiles": mapclassify.Quantiles,
            "equal_interval": mapclassify.EqualInterval,
            "natural_breaks": mapclassify.FisherJenks,
        }
        if scheme not in factories:
            raise ValueError(f"unknown scheme {scheme!r}; use one of {', '.join(Scheme.__args__)}")
        with warnings.catch_warnings():
            # "not enough unique values" (k is reduced) and "Numba not installed" are expected.
            warnings.simplefilter("ignore", UserWarning)
            classifier = factories[scheme](y, k=k)
    upper = [float(b) for b in classifier.bins]
    classes[valid] = np.asarray(classifier.yb, dtype=int) + 1
    decimals = _decimals(np.append(y, upper))
    lowers = [float(y.min()), *upper[:-1]]
    legend = [
        f"{format_de(lo, decimals)} – {format_de(hi, decimals)}"
        for lo, hi in zip(lowers, upper, strict=True)
    ]
    if labels is not None:
        legend = [str(lab) for lab in (labels.values() if isinstance(labels, Mapping) else labels)]
        if len(legend) != len(upper):
            raise ValueError(f"{len(legend)} labels given for {len(upper)} classes")
    return classes, legend, upper


def _class_colours(cmap: str | Sequence[str], k: int) -> list:
    if isinstance(cmap, str):
        return list(
            colormaps[cmap](np.linspace(0.25, 0.95, k)) if k > 1 else [colormaps[cmap](0.6)]
        )
    if len(cmap) < k:
        raise ValueError(f"palette has {len(cmap)} colours for {k} classes")
    return list(cmap)[:k]


@plain_text
def choropleth(
    areas: gpd.GeoDataFrame,
    column: str,
    *,
    scheme: Scheme = "quantiles",
    k: int = 5,
    bins: Sequence[float] | None = None,
    labels: Sequence[str] | Mapping[int, str] | None = None,
    title: str,
    source_note: str,
    ax: Axes | None = None,
    cmap: str | Sequence[str] = "OrRd",
    legend_title: str | None = None,
    annotate: bool | str = False,
) -> Axes:
    """Draw a classified choropleth map with legend, title and source note.

    Parameters
    ----------
    areas : GeoDataFrame
        Polygons with a CRS and the ``column`` to map. Areas without geometry (None or empty)
        are left out and named in the source line; if no area has one, the axes only get the
        title, a sentence saying so and the source line.
    column : str
    scheme, k, bins, labels
        See :func:`classify`. Class 1 gets the lightest colour, so with ``index_classes`` class 4
        (most need) is darkest.
    title : str
    source_note : str
        Written below the map, e.g. "Daten: Amt für Statistik Berlin-Brandenburg, MSS 2021".
    ax : Axes, optional
    cmap : str or list of colours
        A sequential matplotlib colormap name or one colour per class.
    legend_title : str, optional
    annotate : bool or str
        Write each area's ``code`` (True) or the named column at its centre.

    Returns
    -------
    Axes

    Examples
    --------
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"code": ["1", "2"], "v": [1.0, 2.0]},
    ...                      geometry=[box(13.3, 52.5, 13.4, 52.6), box(13.4, 52.5, 13.5, 52.6)],
    ...                      crs="EPSG:4326")
    >>> ax = choropleth(g, "v", scheme="equal_interval", k=2, title="Test", source_note="Daten: –")
    >>> len(ax.collections)
    2
    """
    if not isinstance(areas, gpd.GeoDataFrame):
        raise TypeError("areas must be a GeoDataFrame")
    if column not in areas.columns:
        raise ValueError(f"column {column!r} not in areas")
    if areas.crs is None:
        raise ValueError("areas has no CRS; set it (e.g. areas.set_crs('EPSG:4326'))")
    if ax is None:
        fig = Figure(figsize=(8.27, 8.27), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
    classes, legend_labels, _ = classify(areas[column], scheme, k=k, bins=bins, labels=labels)
    present = has_geometry(areas)
    note = " ".join(t for t in (source_note, missing_note(areas, present)) if t)
    if not present.any():
        return _without_outlines(ax, title, note)
    geoms = areas.geometry.to_crs(drawing_crs(areas[present.to_numpy()]))
    paths = [geometry_path(g) for g in geoms]
    colours = _class_colours(cmap, len(legend_labels))
    handles = []
    cls = classes.to_numpy(dtype=float, na_value=np.nan)
    for number, (colour, label) in enumerate(zip(colours, legend_labels, strict=True), 1):
        selected = [p for p, c in zip(paths, cls, strict=True) if c == number and p is not None]
        if selected:
            ax.add_collection(
                PathCollection(selected, facecolors=[colour], edgecolors="white", linewidths=0.4)
            )
        handles.append(Patch(facecolor=colour, edgecolor="0.5", linewidth=0.4, label=label))
    missing = [p for p, c in zip(paths, cls, strict=True) if np.isnan(c) and p is not None]
    if missing:
        ax.add_collection(
            PathCollection(
                missing, facecolors=[NO_DATA_COLOUR], edgecolors="0.6", linewidths=0.4, hatch="///"
            )
        )
        handles.append(
            Patch(facecolor=NO_DATA_COLOUR, edgecolor="0.6", hatch="///", label=NO_DATA_LABEL)
        )
    if annotate:
        name_col = "code" if annotate is True else annotate
        points = geoms.representative_point()
        for point, text in zip(points, areas[name_col].astype(str), strict=True):
            if point is not None and not point.is_empty:
                ax.text(
                    point.x, point.y, text, ha="center", va="center", fontsize=6, fontfamily=FONT
                )
    minx, miny, maxx, maxy = geoms[present.to_numpy()].total_bounds
    pad = 0.02 * max(maxx - minx, maxy - miny, 1.0)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_title(title, fontfamily=FONT, fontsize=13, loc="left")
    ax.legend(
        handles=handles,
        title=legend_title,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
        prop={"family": FONT, "size": 8},
        title_fontproperties={"family": FONT, "size": 9, "weight": "bold"},
    )
    _source_line(ax, note)
    return ax


def _source_line(ax: Axes, note: str) -> None:
    style = {"fontsize": 7, "fontfamily": FONT, "color": "0.3"}
    ax.text(0.0, -0.02, wrap_lines(note, 110), transform=ax.transAxes, ha="left", va="top", **style)


def _without_outlines(ax: Axes, title: str, note: str) -> Axes:
    """No area has an outline: title, a sentence saying so and the source line, no map."""
    ax.set_axis_off()
    ax.set_title(title, fontfamily=FONT, fontsize=13, loc="left")
    message = "Keine Karte: für keines der Gebiete liegt eine Geometrie vor."
    ax.text(0.5, 0.5, message, transform=ax.transAxes, ha="center", va="center", fontsize=10)
    ax.texts[-1].set_fontfamily(FONT)
    _source_line(ax, note)
    return ax
