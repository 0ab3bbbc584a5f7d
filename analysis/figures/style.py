"""Shared look of the charts: font, series styles, plain text, axes and saving figures."""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable
from os import PathLike
from typing import IO, Any, TypeVar

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = [
    "FONT",
    "PLAIN_TEXT",
    "SERIES_CLASSES",
    "SERIES_STYLES",
    "plain_text",
    "save_figure",
    "wrap_lines",
]

F = TypeVar("F", bound=Callable[..., Any])

#: Charts carry user text (comments, area names, survey titles): matplotlib must draw it as it
#: is, never as mathtext (``$…$``) or TeX, where ``Preis $\frac{$`` would stop the whole report.
PLAIN_TEXT = {"text.parse_math": False, "text.usetex": False}

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
#: The look of each kind of compass line, by its CSS class (pages style the same classes).
SERIES_CLASSES: dict[str, dict[str, Any]] = {
    "residents": SERIES_STYLES[0],
    "mine": SERIES_STYLES[0],
    "experts": SERIES_STYLES[1],
    "earlier": SERIES_STYLES[2],
    "compare": SERIES_STYLES[2],
}


def plain_text(func: F) -> F:
    """Decorator for every function that draws: all text it creates is plain text.

    Text objects read ``text.parse_math`` when they are made, so the setting holds for the
    titles, labels, legends and tick labels the function creates (also on an ``ax`` passed in);
    the caller's own matplotlib settings are restored afterwards.

    Examples
    --------
    >>> @plain_text
    ... def note(fig, text):
    ...     return fig.text(0.1, 0.5, text)
    >>> note(Figure(), r"Preis $\frac{$").get_parse_math()
    False
    """

    @functools.wraps(func)
    def drawing(*args: Any, **kwargs: Any) -> Any:
        with matplotlib.rc_context(PLAIN_TEXT):
            return func(*args, **kwargs)

    return drawing  # type: ignore[return-value]


def wrap_lines(text: str, width: int) -> str:
    """Break ``text`` into lines of at most ``width`` characters (words and hyphens kept).

    Use this, never matplotlib's ``wrap=True``, for user text: matplotlib measures wrapped text
    as mathtext whenever it holds two ``$``, even with ``parse_math`` off, and then fails.

    Examples
    --------
    >>> print(wrap_lines("Daten: Amt für Statistik, Sozial-Monitoring 2024", 30))
    Daten: Amt für Statistik,
    Sozial-Monitoring 2024
    """
    return "\n".join(
        textwrap.fill(line, width, break_on_hyphens=False) for line in text.split("\n")
    )


@plain_text
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
