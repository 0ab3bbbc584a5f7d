"""The compass (radar) chart of theme medians, and fast batch rendering of one PNG per area."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from PIL import Image

from analysis.figures.style import (
    FONT,
    SERIES_STYLES,
    check_scale,
    new_axes,
    ordered_themes,
    plain_text,
)
from analysis.stats.scale import scale_of

__all__ = ["compass_chart", "render_compass_pngs"]


@plain_text
def compass_chart(
    series: Mapping[str, pd.Series],
    themes: pd.DataFrame,
    *,
    n: Mapping[str, int | None] | None = None,
    scale: tuple[float, float] | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    wrap: int = 14,
) -> Axes:
    """Draw a Place Standard compass (radar chart) of medians per theme.

    Themes run clockwise from 12 o'clock in ``position`` order; the radial axis runs from the scale
    minimum at the centre (much room for improvement) to the maximum at the edge, with one ring
    and number per score. Missing or suppressed values (NaN) are drawn as gaps: the line is
    broken, never drawn through or to zero.

    Parameters
    ----------
    series : mapping of label to Series
        Medians indexed by theme slug, e.g. ``{"Bewohner:innen": s1, "Fachleute": s2}``.
    themes : DataFrame
        Columns ``slug``, ``position``, ``title`` (display title in the report language) and
        optionally ``scale_min``/``scale_max``.
    n : mapping of label to int, optional
        Respondents per series, shown in the legend as "label (n = 37)"; None omits it.
    scale : (min, max), optional
        Rating scale; by default the themes' ``scale_min``/``scale_max``, else 1–7.
    ax : polar Axes, optional
        Axes to draw on; a new Figure is created when omitted.
    title : str, optional
    wrap : int
        Wrap theme titles after this many characters.

    Returns
    -------
    Axes

    Examples
    --------
    >>> themes = pd.DataFrame({"slug": ["a", "b", "c"], "position": [1, 2, 3],
    ...                        "title": ["Fuß- und Radwege", "Sicherheit", "Grün"]})
    >>> ax = compass_chart({"Bewohner:innen": pd.Series({"a": 4, "b": 5.5, "c": 3})}, themes,
    ...                    n={"Bewohner:innen": 37})
    >>> len(ax.get_lines())
    1
    """
    if not isinstance(series, Mapping):
        raise TypeError("series must be a mapping of label -> pandas Series")
    ordered = ordered_themes(themes)
    low, high = check_scale(scale_of(themes).as_tuple() if scale is None else scale)
    ax = new_axes(ax, figsize=(7, 7), polar=True)
    if ax.name != "polar":
        raise ValueError("compass_chart needs a polar Axes (projection='polar')")
    slugs = ordered["slug"].tolist()
    theta = np.linspace(0, 2 * np.pi, len(slugs), endpoint=False)
    ax.set_theta_zero_location("N")
    ax.set_theta_direction(-1)
    ax.set_ylim(low, high)
    ax.set_yticks(np.arange(np.ceil(low), np.floor(high) + 1))
    ax.set_xticks(theta)
    ax.set_xticklabels(
        [textwrap.fill(str(t), wrap, break_long_words=False) for t in ordered["title"]]
    )
    ax.tick_params(labelfontfamily=FONT, labelsize=8)
    ax.tick_params(axis="x", pad=10)
    ax.set_rlabel_position(0)
    closed_theta = np.append(theta, theta[0])
    for i, (label, values) in enumerate(series.items()):
        closed = _ring(values, slugs, low, high, label)
        style = SERIES_STYLES[i % len(SERIES_STYLES)]
        legend = _legend_text(label, None if n is None else n.get(label))
        ax.plot(closed_theta, closed, label=legend, linewidth=2, markersize=5, **style)
    if title:
        ax.set_title(title, fontfamily=FONT, fontsize=12, pad=24)
    if series:
        _compass_legend(ax, ax.get_lines())
    return ax


def _ring(values: pd.Series, slugs: list[str], low: float, high: float, label: str):
    """Radii in theme order, closed, with NaN masked so the line breaks there."""
    if not isinstance(values, pd.Series):
        raise TypeError(f"series[{label!r}] must be a pandas Series indexed by theme slug")
    radii = pd.to_numeric(values.reindex(slugs), errors="coerce").to_numpy(float)
    if np.any((radii < low) | (radii > high)):
        raise ValueError(f"series[{label!r}] has values outside the scale {low:g}–{high:g}")
    return np.ma.masked_invalid(np.append(radii, radii[0]))


def _legend_text(label: str, count: int | None) -> str:
    return str(label) if count is None else f"{label} (n = {count})"


def _compass_legend(ax: Axes, lines: Sequence[Line2D]) -> Legend:
    return ax.legend(
        handles=list(lines),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncols=min(len(lines), 3),
        frameon=False,
        prop={"family": FONT, "size": 9},
    )


@plain_text
def render_compass_pngs(
    charts: Iterable[tuple[str | PathLike[str], Mapping[str, pd.Series], Mapping, str]],
    themes: pd.DataFrame,
    *,
    labels: Sequence[str],
    scale: tuple[float, float] | None = None,
    dpi: int = 150,
    figsize: tuple[float, float] = (6.5, 6.5),
) -> list[Path]:
    """Write many compass charts as PNG quickly, drawing the shared frame only once.

    The grid and theme labels are rendered once; per chart only the lines, legend and title are
    drawn on a copy of that background (matplotlib blitting), which is about ten times faster
    than :func:`compass_chart` plus :func:`save_figure` per chart. A series keeps its colour and
    line style across all charts (by its position in ``labels``).

    Parameters
    ----------
    charts : iterable of (path, series, n, title)
        ``series`` maps labels (a subset of ``labels``) to medians by theme slug; ``n`` maps
        labels to respondents (or None).
    themes : DataFrame
        Columns ``slug``, ``position``, ``title`` (and optionally the scale, as for
        :func:`compass_chart`).
    labels : sequence of str
        Every series label that may occur, in legend order.
    scale, dpi, figsize
        As for :func:`compass_chart` and :func:`save_figure`.

    Returns
    -------
    list of Path

    Examples
    --------
    >>> import tempfile, os
    >>> t = pd.DataFrame({"slug": ["a", "b", "c"], "position": [1, 2, 3], "title": ["A", "B", "C"]})
    >>> path = os.path.join(tempfile.mkdtemp(), "c.png")
    >>> render_compass_pngs([(path, {"R": pd.Series({"a": 3, "b": 5})}, {"R": 9}, "Mitte")], t,
    ...                     labels=["R"], dpi=50)[0].suffix
    '.png'
    """
    slugs = ordered_themes(themes)["slug"].tolist()
    scale = scale_of(themes).as_tuple() if scale is None else scale
    low, high = check_scale(scale)
    if not labels:
        raise ValueError("labels must name at least one series")
    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained")
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_subplot(projection="polar")
    placeholder = pd.Series(np.nan, index=slugs)
    # Lay out once with the widest legend and a title, then freeze the layout.
    compass_chart(
        {label: placeholder for label in labels},
        themes,
        n={lab: 9999 for lab in labels},
        ax=ax,
        scale=scale,
        title="Platzhalter",
    )
    canvas.draw()
    fig.set_layout_engine("none")
    lines = ax.get_lines()
    animated = [*lines, ax.title, ax.get_legend()]
    for artist in animated:
        artist.set_animated(True)
    canvas.draw()
    background = canvas.copy_from_bbox(fig.bbox)
    written = []
    for path, series, n, title in charts:
        unknown = set(series) - set(labels)
        if unknown:
            raise ValueError(f"series label(s) not in labels: {', '.join(map(str, unknown))}")
        canvas.restore_region(background)
        shown = []
        for line, label in zip(lines, labels, strict=True):
            if label in series:
                line.set_ydata(_ring(series[label], slugs, low, high, label))
                line.set_label(_legend_text(label, (n or {}).get(label)))
                ax.draw_artist(line)
                shown.append(line)
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        if shown:
            legend = _compass_legend(ax, shown)
            legend.set_animated(True)
            ax.draw_artist(legend)
        ax.title.set_text(title or "")
        ax.draw_artist(ax.title)
        width, height = canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        path = Path(path)
        image.save(path, format="png", dpi=(dpi, dpi), compress_level=3)
        written.append(path)
    return written
