"""The compass as SVG: for web pages (styled by their CSS classes) and as a file of its own.

On a page the picture uses classes only, never ``style`` attributes, which the pages'
Content-Security-Policy forbids; a file (``standalone=True``) carries a ``<style>`` of its own. A
browser without a server (the offline thank-you) only places points on a compass rendered here:
every spoke carries its theme's slug, and the picture its scale (``data-low``, ``data-high``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

from analysis.figures.compass import Compass, Series, Spoke
from analysis.figures.style import SERIES_CLASSES

__all__ = ["compass_svg", "series_key_svg"]


def _number(value: float) -> str:
    return f"{value:g}"


def compass_svg(
    chart: Compass,
    *,
    title: str,
    desc: str = "",
    direction: str = "ltr",
    suppressed: Sequence[str] = (),
    margin: int = 80,
    number: Callable[[float], str] = _number,
    standalone: bool = False,
) -> str:
    """The compass as SVG markup; every text is escaped, so any title or label is safe.

    On a page (``standalone=False``) the picture is styled by the page's CSS classes (a
    Content-Security-Policy without inline styles allows it); an SVG file gets a ``<style>`` of
    its own. ``margin`` leaves room for the labels left and right, ``suppressed`` greys the
    labels of themes whose group is too small to show, ``number`` writes a point's value.

    Examples
    --------
    >>> from analysis.figures.compass import compass
    >>> chart = compass([("a", "Wege"), ("b", "Grün"), ("c", "<b>")], (1, 3))
    >>> svg = compass_svg(chart, title="Kompass", direction="rtl")
    >>> svg.startswith('<svg class="compass"'), "&lt;b&gt;" in svg, 'data-slug="c"' in svg
    (True, True, True)
    """
    centre = chart.centre
    parts = [_svg_open(chart, title, margin, standalone)]
    parts.append(f"<title>{escape(title)}</title>")
    if desc:
        parts.append(f"<desc>{escape(desc)}</desc>")
    if standalone:
        parts.append(f"<style>{_STANDALONE_STYLE}</style>")
    for score, radius in chart.rings:
        if radius:
            parts.append(f'<circle class="ring" cx="{centre:g}" cy="{centre:g}" r="{radius:g}"/>')
        x, y = centre + 3, centre - radius - 2
        parts.append(f'<text class="ring-label" x="{x:g}" y="{y:g}">{score}</text>')
    for spoke in chart.spokes:
        parts.append(_spoke(spoke, centre, direction, spoke.slug in set(suppressed)))
    for line in chart.series:
        parts.append(_line(line, number))
    parts.append("</svg>")
    return "".join(parts)


def _svg_open(chart: Compass, title: str, margin: int, standalone: bool) -> str:
    width, height = chart.size + 2 * margin, chart.size + 40
    low, high = chart.scale
    extra = f' width="{width:g}" height="{height:g}"' if standalone else ""
    return (
        f'<svg class="compass" viewBox="-{margin} -20 {width:g} {height:g}"{extra} role="img" '
        f'aria-label={quoteattr(title)} data-low="{low}" data-high="{high}" '
        'xmlns="http://www.w3.org/2000/svg">'
    )


def _spoke(spoke: Spoke, centre: float, direction: str, suppressed: bool) -> str:
    css = "label suppressed" if suppressed else "label"
    tspans = "".join(
        f'<tspan x="{spoke.label_x:g}" dy="{dy}">{escape(text)}</tspan>' for dy, text in spoke.lines
    )
    return (
        f'<line class="spoke" data-slug={quoteattr(spoke.slug)} x1="{centre:g}" y1="{centre:g}" '
        f'x2="{spoke.x:g}" y2="{spoke.y:g}"/>'
        f'<text class="{css}" x="{spoke.label_x:g}" y="{spoke.label_y:g}" '
        f'text-anchor="{spoke.anchor_for(direction)}">{tspans}</text>'
    )


def _marker(shape: str, x: float, y: float) -> str:
    """One point in its series' shape (SERIES_STYLES), so lines differ in greyscale too."""
    if shape == "s":
        return f'<rect x="{x - 4:g}" y="{y - 4:g}" width="8" height="8">'
    if shape == "^":
        return f'<polygon points="{x:g},{y - 5:g} {x + 5:g},{y + 4:g} {x - 5:g},{y + 4:g}">'
    if shape == "D":
        points = f"{x:g},{y - 5:g} {x + 5:g},{y:g} {x:g},{y + 5:g} {x - 5:g},{y:g}"
        return f'<polygon points="{points}">'
    return f'<circle cx="{x:g}" cy="{y:g}" r="4">'


_CLOSING = {"s": "</rect>", "^": "</polygon>", "D": "</polygon>"}


def _shape(css_class: str) -> str:
    return str(SERIES_CLASSES.get(css_class, {}).get("marker", "o"))


def _line(line: Series, number: Callable[[float], str]) -> str:
    polylines = "".join(f'<polyline points="{points}"/>' for points in line.segments)
    shape = _shape(line.css_class)
    closing = _CLOSING.get(shape, "</circle>")
    markers = "".join(
        f"{_marker(shape, x, y)}<title>{escape(number(value))}</title>{closing}"
        for x, y, _slug, value in line.placed
    )
    return (
        f"<g class={quoteattr('series ' + line.css_class)}><title>{escape(line.name)}</title>"
        f"{polylines}{markers}</g>"
    )


def series_key_svg(css_class: str) -> str:
    """A short stretch of a series' line with its marker, for a legend beside the compass.

    Examples
    --------
    >>> "<rect" in series_key_svg("experts"), "<circle" in series_key_svg("residents")
    (True, True)
    """
    shape = _shape(css_class)
    return (
        '<svg class="compass key" viewBox="0 0 40 12" aria-hidden="true" focusable="false">'
        f'<g class={quoteattr("series " + css_class)}><polyline points="2,6 38,6"/>'
        f"{_marker(shape, 20, 6)}{_CLOSING.get(shape, '</circle>')}</g></svg>"
    )


def _standalone_style() -> str:
    rules = [
        ".ring,.spoke{fill:none;stroke:#c9ccd1}",
        "text{font-family:'DejaVu Sans',sans-serif;font-size:11px;fill:#1a1a1a}",
        ".label{dominant-baseline:middle}",
        ".ring-label{font-size:9px;fill:#6b6b6b}",
        ".label.suppressed{fill:#6b6b6b;font-style:italic}",
        ".series polyline{fill:none;stroke-width:3}",
    ]
    for css_class, style in SERIES_CLASSES.items():
        dash = {"--": "6 4", ":": "2 3", "-.": "6 3 2 3"}.get(str(style["linestyle"]), "none")
        rules.append(
            f".{css_class} polyline{{stroke:{style['color']};stroke-dasharray:{dash}}}"
            f".{css_class} circle,.{css_class} rect,.{css_class} polygon{{fill:{style['color']}}}"
        )
    return "".join(rules)


_STANDALONE_STYLE = _standalone_style()
