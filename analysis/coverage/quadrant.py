"""The perceived-versus-measured quadrant as SVG: coverage (x) against the theme's median (y).

Drawn like the report's validation quadrant (:func:`analysis.report.charts.quadrant_svg`): a
number at each point, placed by the same :func:`analysis.report.charts.place_numbers`, and a
key beside the chart (the caller's table) naming every Quartier; the residents' interval as a
vertical bar, unclear areas ringed. Thin coverage is always on the left (the axis is turned
round for measures where a larger value is thinner), a low rating at the bottom.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from analysis.coverage.perceived import LOWER_IS_BETTER
from analysis.figures.style import FONT, plain_text
from analysis.report.charts import figure_svg, place_numbers

__all__ = ["WORDS", "perceived_svg"]

#: The keys of the words the caller passes (English defaults, for notebooks).
WORDS = {
    "x_axis": "Coverage",
    "y_axis": "Residents' median ({low} = much room for improvement)",
    "interval": "Residents' interval",
    "experts": "Experts' median",
    "unclear": "unclear",
    "confirmed_gap": "thin and rated low",
    "unnoticed_gap": "thin, nobody complains",
    "unseen_offers": "offers exist, rated low",
    "matched": "agree",
}
_CORNERS = {
    "confirmed_gap": (0.02, 0.02, "left", "bottom"),
    "unnoticed_gap": (0.02, 0.98, "left", "top"),
    "unseen_offers": (0.98, 0.02, "right", "bottom"),
    "matched": (0.98, 0.98, "right", "top"),
}


@plain_text
def perceived_svg(
    points: pd.DataFrame, params: Mapping, words: Mapping[str, str] | None = None
) -> str:
    """The quadrant of one category and theme as SVG markup.

    Parameters
    ----------
    points : DataFrame
        One row per area: ``number``, ``measure``, ``median`` (residents), ``low``/``high``
        (their interval, may be blank), ``quadrant`` and optionally ``expert_median``; rows
        without a measure or median are not drawn.
    params : mapping
        ``attrs["params"]`` of :func:`analysis.coverage.perceived_vs_measured` with
        ``scale`` (lowest, highest) added.
    words : mapping, optional
        The reader's words, keys of :data:`WORDS`.

    Returns
    -------
    str

    Examples
    --------
    >>> pts = pd.DataFrame({"number": [1, 2], "measure": [0.2, 0.9], "median": [2.0, 6.0],
    ...                     "low": [1.0, 5.0], "high": [3.0, 7.0], "quadrant": "matched"})
    >>> svg = perceived_svg(pts, {"measure": "share_within", "thin_cut": 0.5,
    ...                           "rating_threshold": 3.5, "scale": (1, 7)})
    >>> svg.startswith("<svg"), "thin and rated low" in svg
    (True, True)
    """
    words = {**WORDS, **(words or {})}
    fig = Figure(figsize=(7.5, 5.2), layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    shown = points.dropna(subset=["measure", "median"])
    x, y = shown["measure"].astype(float), shown["median"].astype(float)
    bars = shown[["low", "high"]].astype(float).notna().all(axis=1)
    ax.vlines(x[bars], shown["low"][bars], shown["high"][bars], color="0.6", linewidth=1,
              label=words["interval"])  # fmt: skip
    unclear = shown["quadrant"].eq("unclear")
    ax.scatter(x[unclear], y[unclear], s=130, facecolors="none", edgecolors="0.45",
               linestyles=":", linewidths=1.2, label=words["unclear"])  # fmt: skip
    ax.scatter(x, y, s=36, color="#0072B2", marker="o")
    if "expert_median" in shown.columns:
        ax.scatter(x, shown["expert_median"].astype(float), s=30, facecolors="none",
                   edgecolors="#D55E00", marker="D", label=words["experts"])  # fmt: skip
    low, high = params["scale"]
    ax.axvline(params["thin_cut"], color="0.4", linestyle="--", linewidth=1)
    ax.axhline(params["rating_threshold"], color="0.4", linestyle="--", linewidth=1)
    ax.set_ylim(low, high)
    if params["measure"] in LOWER_IS_BETTER:
        ax.invert_xaxis()
    for key, (xpos, ypos, ha, va) in _CORNERS.items():
        ax.text(xpos, ypos, words[key], transform=ax.transAxes, ha=ha, va=va, fontsize=10,
                fontweight="bold", color="0.3", fontfamily=FONT)  # fmt: skip
    ax.set_xlabel(words["x_axis"], fontfamily=FONT)
    ax.set_ylabel(words["y_axis"].format(low=low), fontfamily=FONT)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False,
              prop={"family": FONT, "size": 8})  # fmt: skip
    fig.canvas.draw()
    place_numbers(ax, shown, x="measure", y="median")
    return figure_svg(fig)
