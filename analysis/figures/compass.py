"""Geometry of the compass (radar) chart drawn as inline SVG in survey and round-table pages."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

SIZE = 360
RADIUS = 120
#: Longest line of a theme label before it wraps onto the next line.
LABEL_CHARS = 17


@dataclass(frozen=True)
class Spoke:
    """One theme's axis: where its label goes and where its outer end is."""

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
    """One line of the chart (a person, residents, experts, an earlier round)."""

    name: str
    css_class: str
    segments: list[str]  # SVG polyline point lists; a theme without a value breaks the line
    points: list[tuple[float, float, str, float]]  # x, y, slug, value
    closed: bool


def label_lines(label: str, width: int = LABEL_CHARS) -> list[str]:
    """Break a theme title into lines of about ``width`` characters (a long word keeps a line)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def line_offsets(count: int, height: float = 1.15) -> list[str]:
    """SVG ``dy`` values (em) that centre ``count`` lines of a label on its anchor point."""
    first = -height * (count - 1) / 2 + 0.0  # + 0.0: no "-0em"
    return [f"{first:g}em"] + [f"{height:g}em"] * (count - 1)


def _position(index: int, count: int, fraction: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count  # clockwise from 12 o'clock
    centre = SIZE / 2
    return (
        round(centre + RADIUS * fraction * math.cos(angle), 1),
        round(centre + RADIUS * fraction * math.sin(angle), 1),
    )


def spokes(themes: Sequence[tuple[str, str]]) -> list[Spoke]:
    """Axes for ``(slug, label)`` pairs in instrument order."""
    result = []
    for index, (slug, label) in enumerate(themes):
        x, y = _position(index, len(themes), 1.0)
        lx, ly = _position(index, len(themes), 1.14)
        dx = lx - SIZE / 2
        anchor = "middle" if abs(dx) < 8 else ("start" if dx > 0 else "end")
        result.append(Spoke(slug, label, x, y, lx, ly, anchor))
    return result


def series(
    name: str,
    css_class: str,
    values: Mapping[str, float | None],
    slugs: Sequence[str],
    scale: tuple[int, int],
) -> Series:
    """Place one line's values on the spokes; missing or suppressed themes leave gaps."""
    low, high = scale
    count = len(slugs)
    placed: list[tuple[float, float, str, float] | None] = []
    for index, slug in enumerate(slugs):
        value = values.get(slug)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            placed.append(None)
            continue
        x, y = _position(index, count, (float(value) - low) / (high - low))
        placed.append((x, y, slug, float(value)))
    closed = all(p is not None for p in placed) and count > 2
    segments: list[str] = []
    run: list[tuple[float, float, str, float]] = []
    for point in placed + ([placed[0]] if closed else []):
        if point is None:
            if len(run) > 1:
                segments.append(" ".join(f"{x},{y}" for x, y, _, _ in run))
            run = []
        else:
            run.append(point)
    if len(run) > 1:
        segments.append(" ".join(f"{x},{y}" for x, y, _, _ in run))
    return Series(name, css_class, segments, [p for p in placed if p is not None], closed)


def rings(scale: tuple[int, int]) -> list[tuple[int, float]]:
    """Grid circles: one per scale step, with its radius."""
    low, high = scale
    return [
        (step, round(RADIUS * (step - low) / (high - low), 1)) for step in range(low + 1, high + 1)
    ]
