"""The distribution chart: how the 1-7 scores of each theme are spread."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes

from analysis.chart_style import (
    FONT,
    _check_scale,
    _new_axes,
    _ordered_themes,
    plain_text,
)

__all__ = ["distribution_chart"]


@plain_text
def distribution_chart(
    ratings: pd.DataFrame,
    themes: pd.DataFrame,
    *,
    scale: tuple[float, float] = (1, 7),
    suppressed: set[str] | frozenset[str] = frozenset(),
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Draw, per theme, a horizontal stacked bar of the share of each score.

    "Can't say" answers (NaN scores) are not part of the bar; their count is written beside it.
    Themes in ``suppressed`` (fewer than k respondents) are left blank with a note.

    Parameters
    ----------
    ratings : DataFrame
        Ratings of one area (and usually one role) with columns ``theme`` and ``score``.
    themes : DataFrame
        Columns ``slug``, ``position``, ``title``.
    scale : (min, max)
        Integer rating scale.
    suppressed : set of str
        Theme slugs to leave blank.
    ax : Axes, optional
    title : str, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> themes = pd.DataFrame({"slug": ["a", "b"], "position": [1, 2], "title": ["A", "B"]})
    >>> r = pd.DataFrame({"theme": ["a", "a", "b"], "score": [1.0, 7.0, float("nan")]})
    >>> ax = distribution_chart(r, themes)
    """
    if not isinstance(ratings, pd.DataFrame) or not {"theme", "score"} <= set(ratings.columns):
        raise TypeError("ratings must be a DataFrame with columns theme and score")
    ordered = _ordered_themes(themes)
    low, high = _check_scale(scale)
    scores = np.arange(int(low), int(high) + 1)
    ax = _new_axes(ax, figsize=(8, 0.45 * len(ordered) + 1.5))
    data = ratings[["theme", "score"]].copy()
    data["score"] = pd.to_numeric(data["score"], errors="coerce")
    cant_say = data[data["score"].isna()].groupby("theme").size()
    counts = pd.crosstab(data["theme"], data["score"]).reindex(
        index=ordered["slug"], columns=scores.astype(float), fill_value=0
    )
    totals = counts.sum(axis=1)
    shares = counts.div(totals.where(totals > 0), axis=0).fillna(0.0) * 100
    blank = ordered["slug"].isin(set(suppressed)).to_numpy()
    shares.loc[blank] = 0.0
    y = np.arange(len(ordered))[::-1]
    colours = colormaps["RdYlBu"](np.linspace(0.05, 0.95, len(scores)))
    left = np.zeros(len(ordered))
    for j, score in enumerate(scores):
        width = shares.iloc[:, j].to_numpy()
        ax.barh(
            y,
            width,
            left=left,
            color=colours[j],
            edgecolor="white",
            linewidth=0.5,
            label=str(score),
        )
        left += width
    for yi, slug, is_blank in zip(y, ordered["slug"], blank, strict=True):
        if is_blank:
            note = "nicht ausgewiesen (zu wenige Antworten)"
            ax.text(
                50, yi, note, ha="center", va="center", fontsize=8, fontfamily=FONT, color="0.35"
            )
        else:
            note = f"n = {int(totals[slug])}, weiß nicht: {int(cant_say.get(slug, 0))}"
            ax.text(101, yi, note, ha="left", va="center", fontsize=7, fontfamily=FONT)
    ax.set_yticks(y, [textwrap.fill(str(t), 28) for t in ordered["title"]])
    ax.set_xlim(0, 100)
    ax.set_xlabel("Anteil der Bewertungen in %", fontfamily=FONT)
    ax.tick_params(labelfontfamily=FONT, labelsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(
        title="Bewertung",
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncols=len(scores),
        frameon=False,
        prop={"family": FONT, "size": 8},
        title_fontproperties={"family": FONT, "size": 8},
    )
    if title:
        ax.set_title(title, fontfamily=FONT)
    return ax
