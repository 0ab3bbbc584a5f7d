"""Charts for rating results: compass (radar), score distribution and index-vs-rating quadrant.

All functions build on :class:`matplotlib.figure.Figure` directly (never pyplot), so they are safe
to call from a web server. Each takes an optional ``ax`` and returns the Axes it drew on.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from PIL import Image

__all__ = [
    "FONT",
    "SERIES_STYLES",
    "compass_chart",
    "distribution_chart",
    "format_de",
    "quadrant_chart",
    "render_compass_pngs",
    "save_figure",
]

#: Ships with matplotlib and covers umlauts, "…", "–" and "−", so no glyph warnings.
FONT = "DejaVu Sans"

#: Okabe–Ito colours (colour-blind safe) paired with line styles and markers, so series never
#: differ by colour alone.
SERIES_STYLES: tuple[dict[str, Any], ...] = (
    {"color": "#0072B2", "linestyle": "-", "marker": "o"},
    {"color": "#D55E00", "linestyle": "--", "marker": "s"},
    {"color": "#009E73", "linestyle": ":", "marker": "^"},
    {"color": "#CC79A7", "linestyle": "-.", "marker": "D"},
    {"color": "#E69F00", "linestyle": (0, (5, 1, 1, 1)), "marker": "v"},
    {"color": "#56B4E9", "linestyle": (0, (1, 1)), "marker": "P"},
)


def format_de(value: float | None, decimals: int = 1) -> str:
    """Format a number German-style (decimal comma, dot as thousands separator).

    Examples
    --------
    >>> format_de(12345.678, 1)
    '12.345,7'
    >>> format_de(float("nan"))
    ''
    """
    if value is None or pd.isna(value):
        return ""
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".").replace("-", "\u2212")


def _ordered_themes(themes: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(themes, pd.DataFrame):
        raise TypeError("themes must be a DataFrame with columns slug, position, title")
    missing = {"slug", "position", "title"} - set(themes.columns)
    if missing:
        raise ValueError(f"themes is missing column(s): {', '.join(sorted(missing))}")
    if themes.empty:
        raise ValueError("themes is empty: a chart needs at least one theme")
    return themes.sort_values("position", kind="stable").reset_index(drop=True)


def _check_scale(scale: tuple[float, float]) -> tuple[float, float]:
    low, high = (float(v) for v in scale)
    if not low < high:
        raise ValueError(f"scale must be (min, max) with min < max, got {scale!r}")
    return low, high


def _new_axes(ax: Axes | None, *, figsize: tuple[float, float], polar: bool = False) -> Axes:
    if ax is not None:
        if not isinstance(ax, Axes):
            raise TypeError("ax must be a matplotlib Axes")
        return ax
    fig = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(fig)
    return fig.add_subplot(projection="polar" if polar else None)


def compass_chart(
    series: Mapping[str, pd.Series],
    themes: pd.DataFrame,
    *,
    n: Mapping[str, int | None] | None = None,
    scale: tuple[float, float] = (1, 7),
    ax: Axes | None = None,
    title: str | None = None,
    wrap: int = 14,
) -> Axes:
    """Draw a Place Standard compass (radar chart) of medians per theme.

    Themes run clockwise from 12 o'clock in ``position`` order; the radial axis runs from the scale
    minimum at the centre (much room for improvement) to the maximum at the edge. Missing or
    suppressed values (NaN) are drawn as gaps: the line is broken, never drawn through or to zero.

    Parameters
    ----------
    series : mapping of label to Series
        Medians indexed by theme slug, e.g. ``{"Bewohner:innen": s1, "Fachleute": s2}``.
    themes : DataFrame
        Columns ``slug``, ``position``, ``title`` (display title in the report language).
    n : mapping of label to int, optional
        Respondents per series, shown in the legend as "label (n = 37)"; None omits it.
    scale : (min, max)
        Rating scale.
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
    ordered = _ordered_themes(themes)
    low, high = _check_scale(scale)
    ax = _new_axes(ax, figsize=(7, 7), polar=True)
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


def render_compass_pngs(
    charts: Iterable[tuple[str | PathLike[str], Mapping[str, pd.Series], Mapping, str]],
    themes: pd.DataFrame,
    *,
    labels: Sequence[str],
    scale: tuple[float, float] = (1, 7),
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
        Columns ``slug``, ``position``, ``title``.
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
    slugs = _ordered_themes(themes)["slug"].tolist()
    low, high = _check_scale(scale)
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


QUADRANT_NAMES = {
    "confirmed": "bestätigt",
    "hidden": "verdeckt",
    "resource": "Ressource",
    "inconspicuous": "unauffällig",
}


def quadrant_chart(
    validation_areas: pd.DataFrame,
    *,
    label_column: str = "area_code",
    low_median: float = 3.5,
    need_classes: tuple[int, ...] = (3, 4),
    index_threshold: float = 1.0,
    ax: Axes | None = None,
    title: str | None = None,
) -> Axes:
    """Scatter the social index (x) against the residents' median rating (y).

    The quadrants name how the statistics and the residents' view agree: *bestätigt* (need by
    index and low ratings), *verdeckt* (low ratings, index inconspicuous), *Ressource* (need by
    index, good ratings) and *unauffällig*. Points in ``need_classes`` are filled.

    Parameters
    ----------
    validation_areas : DataFrame
        Columns ``index``, ``class``, ``resident_median`` and ``label_column``; rows without a
        median or index (suppressed, excluded) are not drawn.
    label_column : str
    low_median : float
        Median at or below which residents see "a lot of room for improvement".
    need_classes : tuple of int
        Index classes that count as need.
    index_threshold : float
        Index value drawn as the vertical line (class 3 starts above +1 in the Berlin method).
    ax : Axes, optional
    title : str, optional

    Returns
    -------
    Axes

    Examples
    --------
    >>> v = pd.DataFrame({"area_code": ["01", "02"], "index": [1.6, -0.4], "class": [4, 2],
    ...                   "resident_median": [3.0, 5.0]})
    >>> ax = quadrant_chart(v)
    """
    required = {"index", "class", "resident_median", label_column}
    if not isinstance(validation_areas, pd.DataFrame):
        raise TypeError("validation_areas must be a DataFrame")
    if missing := required - set(validation_areas.columns):
        raise ValueError(f"validation_areas is missing column(s): {', '.join(sorted(missing))}")
    ax = _new_axes(ax, figsize=(8, 6))
    data = validation_areas.dropna(subset=["index", "resident_median"])
    x = data["index"].astype(float).to_numpy()
    y = data["resident_median"].astype(float).to_numpy()
    need = data["class"].isin(list(need_classes)).fillna(False).to_numpy(bool)
    ax.scatter(x[need], y[need], s=36, color="#D55E00", marker="o", label="Index: Bedarf")
    ax.scatter(
        x[~need],
        y[~need],
        s=36,
        facecolors="none",
        edgecolors="#0072B2",
        marker="s",
        label="Index: kein erhöhter Bedarf",
    )
    for xi, yi, text in zip(x, y, data[label_column].astype(str), strict=True):
        ax.annotate(
            text, (xi, yi), xytext=(3, 3), textcoords="offset points", fontsize=7, fontfamily=FONT
        )
    ax.axvline(index_threshold, color="0.4", linestyle="--", linewidth=1)
    ax.axhline(low_median, color="0.4", linestyle="--", linewidth=1)
    ax.set_ylim(1, 7)
    for (xpos, ypos, ha, va), key in zip(
        [
            (0.98, 0.02, "right", "bottom"),
            (0.02, 0.02, "left", "bottom"),
            (0.98, 0.98, "right", "top"),
            (0.02, 0.98, "left", "top"),
        ],
        ["confirmed", "hidden", "resource", "inconspicuous"],
        strict=True,
    ):
        ax.text(
            xpos,
            ypos,
            QUADRANT_NAMES[key],
            transform=ax.transAxes,
            ha=ha,
            va=va,
            fontsize=10,
            fontweight="bold",
            color="0.3",
            fontfamily=FONT,
        )
    ax.set_xlabel("Status-Index (höher = mehr Bedarf)", fontfamily=FONT)
    ax.set_ylabel("Median der Bewohner:innen (1 = viel Verbesserungsbedarf)", fontfamily=FONT)
    ax.tick_params(labelfontfamily=FONT)
    ax.legend(
        loc="center left",
        bbox_to_anchor=(1.01, 0.5),
        frameon=False,
        prop={"family": FONT, "size": 8},
    )
    if title:
        ax.set_title(title, fontfamily=FONT)
    return ax


def save_figure(
    fig: Figure,
    path_or_buffer: str | PathLike[str] | IO[bytes],
    format: str | None = None,
    dpi: int = 300,
) -> None:
    """Save a figure as PNG (print resolution by default), SVG or PDF.

    Parameters
    ----------
    fig : Figure
    path_or_buffer : path or binary file object
    format : {"png", "svg", "pdf"}, optional
        Taken from the file suffix when omitted; required for buffers.
    dpi : int
        Resolution for PNG.

    Examples
    --------
    >>> import io
    >>> buf = io.BytesIO()
    >>> save_figure(Figure(), buf, format="png", dpi=72)
    >>> buf.getvalue()[:4]
    b'\\x89PNG'
    """
    if not isinstance(fig, Figure):
        raise TypeError("fig must be a matplotlib Figure")
    if format is None:
        if isinstance(path_or_buffer, (str, PathLike)):
            format = str(path_or_buffer).rsplit(".", 1)[-1] if "." in str(path_or_buffer) else ""
        else:
            raise ValueError("format is required when saving to a buffer")
    format = format.lower()
    if format not in {"png", "svg", "pdf"}:
        raise ValueError(f"format must be png, svg or pdf, got {format!r}")
    if fig.canvas is None or not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    # Fixed metadata keeps outputs reproducible (no timestamps or version strings).
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
    }[format]
    fig.savefig(
        path_or_buffer,
        format=format,
        dpi=dpi,
        metadata=metadata,
        bbox_inches="tight",
        pad_inches=0.15,
    )
