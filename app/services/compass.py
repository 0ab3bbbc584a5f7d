"""The compass of a survey's instrument with the lines a page shows (one chart-data builder)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from analysis.figures import compass
from app.core.i18n import localized
from app.models import Campaign


def compass_for(campaign: Campaign, lines: Sequence[tuple[str, str, Mapping]]) -> dict:
    """Compass chart data for ``_compass.html``: ``lines`` are (name, css class, medians)."""
    instrument = campaign.instrument
    themes = instrument.themes
    scale = (instrument.scale_min, instrument.scale_max)
    slugs = [t.slug for t in themes]
    return {
        "size": compass.SIZE,
        "spokes": compass.spokes([(t.slug, str(localized(t.title))) for t in themes]),
        "rings": compass.rings(scale),
        "series": [compass.series(name, css, values, slugs, scale) for name, css, values in lines],
        "centre": compass.SIZE / 2,
    }
