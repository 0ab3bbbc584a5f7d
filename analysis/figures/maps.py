"""Choropleth maps of areas, classified the way planners expect, without basemaps or tiles.

Polygons are drawn as one matplotlib PathCollection per class (no pyplot, no geopandas plotting),
in a metric projection (the given one, else the UTM zone) so that the map keeps its true shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import geopandas as gpd
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from analysis.figures.classes import INDEX_CMAP, Scheme, class_colours, classify
from analysis.figures.map_paths import drawing_crs, geometry_path, has_geometry, missing_note
from analysis.figures.style import FONT, plain_text, wrap_lines
from analysis.texts import Texts

__all__ = ["choropleth"]

NO_DATA_COLOUR = "#e6e6e6"


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
    cmap: str | Sequence[str] = INDEX_CMAP,
    legend_title: str | None = None,
    annotate: bool | str = False,
    texts: Texts | None = None,
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
        See :func:`analysis.figures.classes.classify`. Class 1 gets the lightest colour, so
        with ``index_classes`` the class of most need is darkest.
    title : str
    source_note : str
        Written below the map, e.g. "Daten: Amt für Statistik Berlin-Brandenburg, MSS 2021".
    ax : Axes, optional
    cmap : str or list of colours
        A sequential matplotlib colormap name or one colour per class.
    legend_title : str, optional
    annotate : bool or str
        Write each area's ``code`` (True) or the named column at its centre.
    texts : Texts, optional
        The reader's words and numbers (default English).

    Returns
    -------
    Axes

    Examples
    --------
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"code": ["1", "2"], "v": [1.0, 2.0]},
    ...                      geometry=[box(13.3, 52.5, 13.4, 52.6), box(13.4, 52.5, 13.5, 52.6)],
    ...                      crs="EPSG:4326")
    >>> ax = choropleth(g, "v", scheme="equal_interval", k=2, title="Test", source_note="Data: –")
    >>> len(ax.collections)
    2
    """
    _check(areas, column)
    texts = texts or Texts()
    if ax is None:
        fig = Figure(figsize=(8.27, 8.27), layout="constrained")
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
    classes, legend_labels, _ = classify(
        areas[column], scheme, k=k, bins=bins, labels=labels, texts=texts
    )
    present = has_geometry(areas)
    note = " ".join(t for t in (source_note, missing_note(areas, present, texts=texts)) if t)
    ax.set_axis_off()
    ax.set_title(title, fontfamily=FONT, fontsize=13, loc="left")
    if not present.any():
        ax.text(0.5, 0.5, texts.maps.no_outlines, transform=ax.transAxes, ha="center",
                va="center", fontsize=10, fontfamily=FONT)  # fmt: skip
        _source_line(ax, note)
        return ax
    geoms = areas.geometry.to_crs(drawing_crs(areas[present.to_numpy()]))
    paths = [geometry_path(g) for g in geoms]
    cls = classes.to_numpy(dtype=float, na_value=np.nan)
    handles = _draw_classes(ax, paths, cls, class_colours(cmap, len(legend_labels)),
                            legend_labels, texts)  # fmt: skip
    if annotate:
        _annotate(ax, geoms, areas["code" if annotate is True else annotate])
    minx, miny, maxx, maxy = geoms[present.to_numpy()].total_bounds
    pad = 0.02 * max(maxx - minx, maxy - miny, 1.0)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad, maxy + pad)
    ax.set_aspect("equal")
    ax.legend(handles=handles, title=legend_title, loc="upper left", bbox_to_anchor=(1.0, 1.0),
              frameon=False, prop={"family": FONT, "size": 8},
              title_fontproperties={"family": FONT, "size": 9, "weight": "bold"})  # fmt: skip
    _source_line(ax, note)
    return ax


def _check(areas: gpd.GeoDataFrame, column: str) -> None:
    if not isinstance(areas, gpd.GeoDataFrame):
        raise TypeError("areas must be a GeoDataFrame")
    if column not in areas.columns:
        raise ValueError(f"column {column!r} not in areas")
    if areas.crs is None:
        raise ValueError("areas has no CRS; set it (e.g. areas.set_crs('EPSG:4326'))")


def _draw_classes(ax, paths, cls, colours, legend_labels, texts: Texts) -> list[Patch]:
    """One PathCollection per class (and a hatched one for areas without value); the legend."""
    handles = []
    for number, (colour, label) in enumerate(zip(colours, legend_labels, strict=True), 1):
        selected = [p for p, c in zip(paths, cls, strict=True) if c == number and p is not None]
        if selected:
            ax.add_collection(
                PathCollection(
                    selected,
                    facecolors=[colour],
                    edgecolors="white",
                    linewidths=0.4,
                    gid=f"class-{number}",
                )  # fmt: skip
            )
        handles.append(Patch(facecolor=colour, edgecolor="0.5", linewidth=0.4, label=label))
    missing = [p for p, c in zip(paths, cls, strict=True) if np.isnan(c) and p is not None]
    if missing:
        ax.add_collection(PathCollection(missing, facecolors=[NO_DATA_COLOUR], edgecolors="0.6",
                                         linewidths=0.4, hatch="///"))  # fmt: skip
        handles.append(Patch(facecolor=NO_DATA_COLOUR, edgecolor="0.6", hatch="///",
                             label=texts.maps.no_data))  # fmt: skip
    return handles


def _annotate(ax: Axes, geoms: gpd.GeoSeries, names) -> None:
    points = geoms.representative_point()
    for point, text in zip(points, names.astype(str), strict=True):
        if point is not None and not point.is_empty:
            ax.text(point.x, point.y, text, ha="center", va="center", fontsize=6, fontfamily=FONT)


def _source_line(ax: Axes, note: str) -> None:
    style = {"fontsize": 7, "fontfamily": FONT, "color": "0.3"}
    ax.text(0.0, -0.02, wrap_lines(note, 110), transform=ax.transAxes, ha="left", va="top", **style)
