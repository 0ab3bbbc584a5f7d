"""The compass (radar chart) of an instrument: the one geometry every page and file draws.

Themes run clockwise from 12 o'clock in instrument order; a score sits on its theme's spoke, the
scale's lowest score at the centre (much room for improvement) and its highest at the edge. A
theme without a value (suppressed, "can't say") leaves a gap: the line is broken there, never
drawn through or to the centre. Web pages and SVG files draw this geometry with
:func:`analysis.figures.compass_svg.compass_svg`, PNG files and the report with
:mod:`analysis.figures.compass_png`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["Compass", "Series", "Spoke", "compass", "label_lines", "line_offsets"]

SIZE = 360
RADIUS = 120
#: Where a label sits, as a fraction of the radius.
LABEL_AT = 1.14
#: Longest line of a theme label before it wraps onto the next line.
LABEL_CHARS = 17


@dataclass(frozen=True)
class Spoke:
    """One theme's axis: where its outer end is and where its label goes."""

    slug: str
    label: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str  # for left-to-right text: "start" = the label runs to the right of (x, y)

    @property
    def lines(self) -> list[tuple[str, str]]:
        """``(dy, text)`` per line of the label, broken at spaces so it fits beside the chart."""
        lines = label_lines(self.label)
        return list(zip(line_offsets(len(lines)), lines, strict=True))

    def anchor_for(self, direction: str) -> str:
        """SVG text-anchor in a page of this direction: "start" is the right edge in RTL text."""
        if direction == "rtl":
            return {"start": "end", "end": "start"}.get(self.anchor, self.anchor)
        return self.anchor


@dataclass(frozen=True)
class Series:
    """One line of the chart (a person, residents, experts, an earlier round).

    ``points`` holds a placed point or None (a gap) per theme, in instrument order.
    """

    name: str
    css_class: str
    points: tuple[tuple[float, float, str, float] | None, ...]

    @property
    def closed(self) -> bool:
        """Whether the line runs all the way round (every theme has a value)."""
        return len(self.points) > 2 and all(p is not None for p in self.points)

    @property
    def runs(self) -> list[list[tuple[float, float]]]:
        """The unbroken stretches of the line (two points or more), closed where it is."""
        placed = list(self.points) + ([self.points[0]] if self.closed else [])
        runs, run = [], []
        for point in [*placed, None]:
            if point is None:
                if len(run) > 1:
                    runs.append(run)
                run = []
            else:
                run.append((point[0], point[1]))
        return runs

    @property
    def segments(self) -> list[str]:
        """SVG polyline point lists of :attr:`runs`."""
        return [" ".join(f"{x:g},{y:g}" for x, y in run) for run in self.runs]

    @property
    def placed(self) -> list[tuple[float, float, str, float]]:
        """The points that have a value: x, y, theme slug, value."""
        return [p for p in self.points if p is not None]


@dataclass(frozen=True)
class Compass:
    """Spokes, rings and lines of one chart, in a square of :data:`SIZE` units (y down)."""

    scale: tuple[int, int]
    spokes: tuple[Spoke, ...]
    series: tuple[Series, ...]

    size: float = SIZE
    centre: float = SIZE / 2

    @property
    def rings(self) -> list[tuple[int, float]]:
        """``(score, radius)`` of every score; the lowest sits at the centre (radius 0)."""
        low, high = self.scale
        return [(s, round(RADIUS * (s - low) / (high - low), 1)) for s in range(low, high + 1)]


def label_lines(label: str, width: int = LABEL_CHARS) -> list[str]:
    """Break a theme title into lines of about ``width`` characters (a long word keeps a line).

    Examples
    --------
    >>> label_lines("Soziale Kontakte und Treffpunkte")
    ['Soziale Kontakte', 'und Treffpunkte']
    """
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def line_offsets(count: int, height: float = 1.15) -> list[str]:
    """SVG ``dy`` values (em) that centre ``count`` lines of a label on its anchor point.

    Examples
    --------
    >>> line_offsets(1), line_offsets(3)
    (['0em'], ['-1.15em', '1.15em', '1.15em'])
    """
    first = -height * (count - 1) / 2 + 0.0  # + 0.0: no "-0em"
    return [f"{first:g}em"] + [f"{height:g}em"] * (count - 1)


def position(index: int, count: int, fraction: float) -> tuple[float, float]:
    """Where ``fraction`` of the radius lies on spoke ``index`` of ``count`` (0 = 12 o'clock)."""
    angle = -math.pi / 2 + 2 * math.pi * index / count  # clockwise from 12 o'clock
    centre = SIZE / 2
    return (
        round(centre + RADIUS * fraction * math.cos(angle), 1),
        round(centre + RADIUS * fraction * math.sin(angle), 1),
    )


def _spokes(themes: Sequence[tuple[str, str]]) -> tuple[Spoke, ...]:
    result = []
    for index, (slug, label) in enumerate(themes):
        x, y = position(index, len(themes), 1.0)
        lx, ly = position(index, len(themes), LABEL_AT)
        dx = lx - SIZE / 2
        anchor = "middle" if abs(dx) < 8 else ("start" if dx > 0 else "end")
        result.append(Spoke(slug, str(label), x, y, lx, ly, anchor))
    return tuple(result)


def _series(
    name: str, css_class: str, values: Mapping[str, float | None], slugs: list[str], scale
) -> Series:
    low, high = scale
    points: list[tuple[float, float, str, float] | None] = []
    for index, slug in enumerate(slugs):
        value = values.get(slug)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            points.append(None)
            continue
        if not low <= float(value) <= high:
            raise ValueError(f"{name!r} has {value} for {slug!r}, outside the scale {low}–{high}")
        x, y = position(index, len(slugs), (float(value) - low) / (high - low))
        points.append((x, y, slug, float(value)))
    return Series(str(name), css_class, tuple(points))


def compass(
    themes: Sequence[tuple[str, str]],
    scale: tuple[int, int],
    lines: Sequence[tuple[str, str, Mapping[str, float | None]]] = (),
) -> Compass:
    """The geometry of a compass: ``themes`` are (slug, label) in instrument order, ``lines``
    are (name, CSS class, value per theme slug); a missing or NaN value leaves a gap.

    Examples
    --------
    >>> chart = compass([("a", "Wege"), ("b", "Grün"), ("c", "Sicherheit")], (1, 7),
    ...                 [("Residents", "residents", {"a": 7, "b": 4, "c": None})])
    >>> chart.spokes[0].x, chart.spokes[0].y  # 12 o'clock, at the edge
    (180.0, 60.0)
    >>> chart.series[0].segments  # the 7 at the edge, the 4 half-way; c leaves a gap
    ['180,60 232,210']
    >>> chart.rings[0], chart.rings[-1]
    ((1, 0.0), (7, 120.0))
    """
    low, high = (int(v) for v in scale)
    if not low < high:
        raise ValueError(f"the scale must run from a lower to a higher score, not {scale!r}")
    if not themes:
        raise ValueError("a compass needs at least one theme")
    slugs = [slug for slug, _label in themes]
    series = tuple(_series(name, css, values, slugs, (low, high)) for name, css, values in lines)
    return Compass((low, high), _spokes(themes), series)
