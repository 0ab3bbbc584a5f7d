"""The compass drawn by matplotlib from the geometry of :mod:`analysis.figures.compass`.

The report draws it on its page (:func:`draw_compass`); :func:`render_compass_pngs` writes one
PNG per area quickly: the rings, spokes and labels every chart of a survey shares are drawn once,
and per chart only the lines, legend and title (matplotlib blitting).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from os import PathLike
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from PIL import Image

from analysis.figures.compass import Compass, Series, label_lines
from analysis.figures.style import FONT, SERIES_CLASSES, SERIES_STYLES, plain_text

__all__ = ["draw_compass", "render_compass_pngs"]

#: Room for the labels left and right of the chart, in the geometry's units.
MARGIN = 95
_ALIGN = {"start": "left", "end": "right", "middle": "center"}
_RING_COLOUR = "#c9ccd1"


def _style(line: Series, position: int) -> dict:
    return SERIES_CLASSES.get(line.css_class, SERIES_STYLES[position % len(SERIES_STYLES)])


def _xy(line: Series) -> tuple[np.ndarray, np.ndarray]:
    """The line's points in order with NaN at its gaps (closed where it is closed)."""
    points = list(line.points) + ([line.points[0]] if line.closed else [])
    xs = np.array([np.nan if p is None else p[0] for p in points], dtype=float)
    ys = np.array([np.nan if p is None else p[1] for p in points], dtype=float)
    return xs, ys


def _frame(ax: Axes, chart: Compass, font_size: float) -> None:
    """Rings with their scores, spokes and theme labels: what every chart of a survey shares."""
    centre = chart.centre
    ax.set_xlim(-MARGIN, chart.size + MARGIN)
    ax.set_ylim(chart.size + 20, -20)
    ax.set_aspect("equal")
    ax.set_axis_off()
    angles = np.linspace(0, 2 * np.pi, 121)
    for score, radius in chart.rings:
        if radius:
            ax.plot(centre + radius * np.cos(angles), centre + radius * np.sin(angles),
                    color=_RING_COLOUR, linewidth=0.8)  # fmt: skip
        ax.text(centre + 3, centre - radius - 2, str(score), fontsize=font_size - 1.5,
                color="0.45", fontfamily=FONT, ha="left", va="bottom")  # fmt: skip
    for spoke in chart.spokes:
        ax.plot([centre, spoke.x], [centre, spoke.y], color=_RING_COLOUR, linewidth=0.8)
        align = _ALIGN[spoke.anchor]
        ax.text(spoke.label_x, spoke.label_y, "\n".join(label_lines(spoke.label)),
                ha=align, va="center", multialignment=align, fontsize=font_size,
                fontfamily=FONT)  # fmt: skip


def _legend(ax: Axes, lines: Sequence[Line2D], font_size: float) -> Legend:
    return ax.legend(handles=list(lines), loc="upper center", bbox_to_anchor=(0.5, 0.02),
                     ncols=min(len(lines), 3), frameon=False,
                     prop={"family": FONT, "size": font_size + 1})  # fmt: skip


@plain_text
def draw_compass(
    chart: Compass,
    *,
    ax: Axes | None = None,
    title: str | None = None,
    legend: bool = True,
    font_size: float = 8,
) -> Axes:
    """Draw ``chart`` on a (cartesian) Axes: rings with their scores, labels, lines with gaps.

    Lines keep the look of their CSS class (``residents``, ``experts``, ``earlier`` …), so a
    series looks the same in every chart; colours come with line styles and markers.

    Examples
    --------
    >>> from analysis.figures.compass import compass
    >>> chart = compass([("a", "Wege"), ("b", "Grün"), ("c", "Sicherheit")], (1, 7),
    ...                 [("Residents (n = 37)", "residents", {"a": 4, "b": 5.5, "c": 3})])
    >>> ax = draw_compass(chart, title="Mitte")
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['Residents (n = 37)']
    """
    if not isinstance(chart, Compass):
        raise TypeError("chart must be the Compass of analysis.figures.compass.compass()")
    if ax is None:
        fig = Figure(figsize=(6.5, 6.5))
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.0, 0.1, 1.0, 0.82))
    _frame(ax, chart, font_size)
    lines = []
    for position, line in enumerate(chart.series):
        xs, ys = _xy(line)
        (drawn,) = ax.plot(xs, ys, label=line.name, linewidth=2, markersize=5,
                           **_style(line, position))  # fmt: skip
        lines.append(drawn)
    if legend and lines:
        _legend(ax, lines, font_size)
    if title:
        ax.set_title(title, fontfamily=FONT, fontsize=font_size + 4)
    return ax


@plain_text
def render_compass_pngs(
    charts: Iterable[tuple[str | PathLike[str], Compass, str]],
    *,
    classes: Sequence[str],
    dpi: int = 150,
    figsize: tuple[float, float] = (6.5, 6.5),
) -> list[Path]:
    """Write many compasses of one instrument as PNG, drawing their shared frame only once.

    ``charts`` are (path, compass, title); every compass has the same themes and scale, its
    lines are among ``classes`` (CSS classes, in legend order). Per chart only the lines, the
    legend and the title are drawn on a copy of the frame, about ten times faster than drawing
    each chart whole.

    Examples
    --------
    >>> import os, tempfile
    >>> from analysis.figures.compass import compass
    >>> chart = compass([("a", "A"), ("b", "B"), ("c", "C")], (1, 7),
    ...                 [("R", "residents", {"a": 3, "b": 5})])
    >>> path = os.path.join(tempfile.mkdtemp(), "c.png")
    >>> render_compass_pngs([(path, chart, "Mitte")], classes=["residents"], dpi=50)[0].suffix
    '.png'
    """
    charts = list(charts)
    if not charts:
        return []
    if not classes:
        raise ValueError("classes must name at least one kind of line")
    first = charts[0][1]
    fig = Figure(figsize=figsize, dpi=dpi)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes((0.0, 0.1, 1.0, 0.82))
    _frame(ax, first, font_size=8)
    lines = {}
    for position, css_class in enumerate(classes):
        style = SERIES_CLASSES.get(css_class, SERIES_STYLES[position % len(SERIES_STYLES)])
        (lines[css_class],) = ax.plot([], [], linewidth=2, markersize=5, animated=True, **style)
    ax.set_title(" ", fontfamily=FONT, fontsize=12)
    ax.title.set_animated(True)
    canvas.draw()
    background = canvas.copy_from_bbox(fig.bbox)
    written = []
    for path, chart, title in charts:
        if chart.spokes != first.spokes or chart.scale != first.scale:
            raise ValueError("every compass of one batch must have the same themes and scale")
        canvas.restore_region(background)
        shown = []
        for line in chart.series:
            if line.css_class not in lines:
                raise ValueError(f"line class {line.css_class!r} is not among classes")
            drawn = lines[line.css_class]
            drawn.set_data(*_xy(line))
            drawn.set_label(line.name)
            ax.draw_artist(drawn)
            shown.append(drawn)
        if shown:
            legend = _legend(ax, shown, 8)
            legend.set_animated(True)
            ax.draw_artist(legend)
            legend.remove()
        ax.title.set_text(title or "")
        ax.draw_artist(ax.title)
        width, height = canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        image.save(Path(path), format="png", dpi=(dpi, dpi), compress_level=3)
        written.append(Path(path))
    return written
