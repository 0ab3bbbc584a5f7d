"""The map of a Kreis: each area in its class on the Kreis scale, the Kommune borders on top."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import geopandas as gpd
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection

from analysis.figures.map_paths import drawing_crs, geometry_path, has_geometry
from analysis.figures.maps import choropleth
from analysis.texts import Texts

__all__ = ["kreis_map"]

BORDER_COLOUR = "#222222"


def kreis_map(
    areas: gpd.GeoDataFrame,
    *,
    class_column: str,
    kommune_column: str,
    labels: Sequence[str] | Mapping[int, str] | None,
    title: str,
    source_note: str,
    legend_title: str | None = None,
    ax: Axes | None = None,
    texts: Texts | None = None,
) -> Axes:
    """Draw the Kreis index classes of all areas (:func:`analysis.figures.maps.choropleth`,
    ``scheme="index_classes"``) and each Kommune's outer border as a dark line.

    A Kommune's border is the union of its areas' outlines (areas without one leave a gap,
    and the source line names them). Returns the axes.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> g = gpd.GeoDataFrame({"code": ["a", "b", "c"], "k": ["A", "A", "B"],
    ...                       "cls": [1, 2, 2]},
    ...                      geometry=[box(7, 50, 7.01, 50.01), box(7.01, 50, 7.02, 50.01),
    ...                                box(7.02, 50, 7.03, 50.01)], crs="EPSG:4326")
    >>> ax = kreis_map(g, class_column="cls", kommune_column="k", labels=["low", "high"],
    ...                title="Kreis", source_note="–")
    >>> len(ax.collections[-1].get_paths())  # one border per Kommune
    2
    """
    if kommune_column not in areas.columns:
        raise ValueError(f"the table has no column {kommune_column!r}.")
    k = len(labels) if labels else 4
    ax = choropleth(areas, class_column, scheme="index_classes", k=k, labels=labels,
                    title=title, source_note=source_note, ax=ax, legend_title=legend_title,
                    texts=texts)  # fmt: skip
    present = has_geometry(areas).to_numpy()
    if not present.any():
        return ax
    shown = areas[present]
    borders = shown.dissolve(by=kommune_column).geometry.to_crs(drawing_crs(shown))
    paths = [p for p in (geometry_path(g) for g in borders) if p is not None]
    ax.add_collection(PathCollection(paths, facecolor="none", edgecolor=BORDER_COLOUR,
                                     linewidth=1.4))  # fmt: skip
    return ax
