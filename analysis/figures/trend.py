"""The small time-series chart of one area: its line, the Kommune's line, the band of all areas."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from analysis.figures.style import FONT, SERIES_STYLES

__all__ = ["TrendTexts", "trend_figure"]


@dataclass(frozen=True)
class TrendTexts:
    """The chart's words, in the reader's language (the caller translates)."""

    title: str
    area: str
    kommune: str
    band: str
    quartiles: str
    value_axis: str = ""


def _check(area_values: object, trend_table: object) -> None:
    if not isinstance(area_values, pd.Series):
        raise TypeError("area_values must be a pandas Series of values by year.")
    if not isinstance(trend_table, pd.DataFrame):
        raise TypeError("trend_table must be the DataFrame of analysis.stats.trends.trend.")
    missing = [c for c in ("kommune", "min", "q1", "q3", "max") if c not in trend_table.columns]
    if missing:
        raise ValueError(f"trend_table has no column {missing[0]!r}.")
    if trend_table.empty:
        raise ValueError("trend_table has no year to draw.")


def trend_figure(
    area_values: pd.Series,
    trend_table: pd.DataFrame,
    *,
    texts: TrendTexts,
    number_format: Callable[[float], str],
    figsize: tuple[float, float] = (6.0, 3.2),
) -> Figure:
    """Draw one area's series against the Kommune's line and the band of all areas.

    ``area_values`` holds the area's value per year (a row of
    :func:`analysis.stats.trends.area_series`; NaN breaks the line), ``trend_table`` the
    output of :func:`analysis.stats.trends.trend`. The light band spans min to max of all
    areas, the darker one the quartiles. Values on the axis go through ``number_format``
    (e.g. Babel's ``format_decimal`` for German); years are written as they are. Built on
    a :class:`~matplotlib.figure.Figure`, never pyplot, so a server can call it.

    Examples
    --------
    >>> t = pd.DataFrame({"kommune": [10.0, 11.0], "min": [5.0, 6.0], "q1": [8.0, 9.0],
    ...                   "q3": [12.0, 13.0], "max": [20.0, 22.0]}, index=[2019, 2020])
    >>> texts = TrendTexts("SGB II", "Nordpark", "Musterstadt", "all areas", "middle half")
    >>> fig = trend_figure(pd.Series({2019: 14.0, 2020: 16.5}), t, texts=texts,
    ...                    number_format=lambda v: f"{v:.1f}".replace(".", ","))
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['Musterstadt', 'Nordpark']
    """
    _check(area_values, trend_table)
    years = [int(y) for y in trend_table.index]
    area = area_values.astype("float64").reindex(years)
    fig = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    colour = SERIES_STYLES[0]["color"]
    ax.fill_between(years, trend_table["min"], trend_table["max"], color="#d9d9d9",
                    label=texts.band, linewidth=0)  # fmt: skip
    ax.fill_between(years, trend_table["q1"], trend_table["q3"], color="#a6a6a6",
                    label=texts.quartiles, linewidth=0)  # fmt: skip
    ax.plot(years, trend_table["kommune"], color="#404040", linestyle="--", marker="",
            label=texts.kommune)  # fmt: skip
    ax.plot(years, area.to_numpy(), color=colour, linestyle="-", marker="o", label=texts.area)
    ax.set_title(texts.title, fontfamily=FONT, fontsize=11, loc="left")
    ax.set_ylabel(texts.value_axis, fontfamily=FONT)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: number_format(v)))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(round(v))}"))
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
              prop={"family": FONT, "size": 8})  # fmt: skip
    return fig
