"""The validation quadrant: social index against residents' median rating, one dot per area."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from analysis.figures.style import FONT, plain_text
from analysis.stats.scale import Scale
from analysis.texts import Texts

__all__ = ["quadrant_chart"]

#: Where each category's name stands: (x, y, horizontal and vertical alignment) in axes units.
_CORNERS = {
    "confirmed": (0.98, 0.02, "right", "bottom"),
    "hidden": (0.02, 0.02, "left", "bottom"),
    "resource": (0.98, 0.98, "right", "top"),
    "inconspicuous": (0.02, 0.98, "left", "top"),
}


@plain_text
def quadrant_chart(
    validation_areas: pd.DataFrame,
    *,
    label_column: str | None = "area_code",
    scale: tuple[int, int] = (1, 7),
    low_median: float | None = None,
    need_classes: tuple[int, ...] = (3, 4),
    index_threshold: float = 1.0,
    ax: Axes | None = None,
    title: str | None = None,
    texts: Texts | None = None,
) -> Axes:
    """Scatter the social index (x) against the residents' median rating (y).

    The quadrants name how the statistics and the residents' view agree: *confirmed* (need by
    index and low ratings), *hidden* (low ratings, index inconspicuous), *resource* (need by
    index, good ratings) and *inconspicuous*, in the words of ``texts``. Points in
    ``need_classes`` are filled. Where the frame has ``resident_low``/``resident_high`` (from
    :func:`analysis.stats.validate.validate_needs`), each point carries its interval as a
    vertical bar: a bar crossing the dashed line means the area's quadrant is not certain.
    Where it has ``category``, the points of *unclear* areas are ringed (dotted): their
    quadrant is not a verdict.

    Parameters
    ----------
    validation_areas : DataFrame
        Columns ``index``, ``class``, ``resident_median`` and ``label_column``; rows without a
        median or index (suppressed, excluded) are not drawn.
    label_column : str or None
        The column written beside each point; None writes nothing (the caller labels them).
    scale : (min, max)
        The rating scale: the vertical axis.
    low_median : float, optional
        The lower validation threshold, drawn as the horizontal line; by default the scale's
        (:meth:`analysis.stats.scale.Scale.thresholds`: 3.5 on 1–7).
    need_classes : tuple of int
        Index classes that count as need.
    index_threshold : float
        Index value drawn as the vertical line (class 3 starts above +1 in the Berlin method).
    ax : Axes, optional
    title : str, optional
    texts : Texts, optional
        The reader's words (default English).

    Returns
    -------
    Axes

    Examples
    --------
    >>> v = pd.DataFrame({"area_code": ["01", "02"], "index": [1.6, -0.4], "class": [4, 2],
    ...                   "resident_median": [3.0, 5.0]})
    >>> ax = quadrant_chart(v)
    """
    _check(validation_areas, label_column)
    words = (texts or Texts()).quadrant
    low, high = Scale(*scale).as_tuple()
    if low_median is None:
        low_median = Scale(low, high).thresholds()[0]
    ax = _axes(ax)
    data = validation_areas.dropna(subset=["index", "resident_median"])
    x = data["index"].astype(float).to_numpy()
    y = data["resident_median"].astype(float).to_numpy()
    need = data["class"].isin(list(need_classes)).fillna(False).to_numpy(bool)
    if {"resident_low", "resident_high"} <= set(data.columns):
        bottom = data["resident_low"].astype(float).to_numpy()
        top = data["resident_high"].astype(float).to_numpy()
        shown = np.isfinite(bottom) & np.isfinite(top)
        ax.vlines(x[shown], bottom[shown], top[shown], color="0.6", linewidth=1,
                  label=words.interval)  # fmt: skip
    if "category" in data.columns:
        unclear = data["category"].eq("unclear").to_numpy(bool)
        ax.scatter(x[unclear], y[unclear], s=130, facecolors="none", edgecolors="0.45",
                   linestyles=":", linewidths=1.2, label=words.categories["unclear"])  # fmt: skip
    ax.scatter(x[need], y[need], s=36, color="#D55E00", marker="o", label=words.need)
    ax.scatter(x[~need], y[~need], s=36, facecolors="none", edgecolors="#0072B2", marker="s",
               label=words.no_need)  # fmt: skip
    labels = () if label_column is None else data[label_column].astype(str)
    for xi, yi, text in zip(x, y, labels, strict=False):
        ax.annotate(
            text, (xi, yi), xytext=(3, 3), textcoords="offset points", fontsize=7, fontfamily=FONT
        )
    ax.axvline(index_threshold, color="0.4", linestyle="--", linewidth=1)
    ax.axhline(low_median, color="0.4", linestyle="--", linewidth=1)
    ax.set_ylim(low, high)
    for key, (xpos, ypos, ha, va) in _CORNERS.items():
        ax.text(xpos, ypos, words.categories[key], transform=ax.transAxes, ha=ha, va=va,
                fontsize=10, fontweight="bold", color="0.3", fontfamily=FONT)  # fmt: skip
    ax.set_xlabel(words.x_axis, fontfamily=FONT)
    ax.set_ylabel(words.y_axis.format(low=low), fontfamily=FONT)
    ax.tick_params(labelfontfamily=FONT)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False,
              prop={"family": FONT, "size": 8})  # fmt: skip
    if title:
        ax.set_title(title, fontfamily=FONT)
    return ax


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        if not isinstance(ax, Axes):
            raise TypeError("ax must be a matplotlib Axes")
        return ax
    fig = Figure(figsize=(8, 6), layout="constrained")
    FigureCanvasAgg(fig)
    return fig.add_subplot()


def _check(validation_areas: pd.DataFrame, label_column: str | None) -> None:
    required = {"index", "class", "resident_median"} | ({label_column} - {None})
    if not isinstance(validation_areas, pd.DataFrame):
        raise TypeError("validation_areas must be a DataFrame")
    if missing := required - set(validation_areas.columns):
        raise ValueError(f"validation_areas is missing column(s): {', '.join(sorted(missing))}")
