"""Charts for rating results: compass (radar), score distribution and index-vs-rating quadrant.

All functions build on :class:`matplotlib.figure.Figure` directly (never pyplot), so they are safe
to call from a web server. Each takes an optional ``ax`` and returns the Axes it drew on.

The charts live in their own modules (:mod:`analysis.compass`, :mod:`analysis.distribution`,
:mod:`analysis.quadrant`, shared look in :mod:`analysis.chart_style`); this module gathers them.
"""

from analysis.chart_style import FONT, SERIES_STYLES, format_de, save_figure
from analysis.compass import compass_chart, render_compass_pngs
from analysis.distribution import distribution_chart
from analysis.quadrant import QUADRANT_NAMES, quadrant_chart

__all__ = [
    "FONT",
    "QUADRANT_NAMES",
    "SERIES_STYLES",
    "compass_chart",
    "distribution_chart",
    "format_de",
    "quadrant_chart",
    "render_compass_pngs",
    "save_figure",
]
