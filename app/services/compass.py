"""The compass of a survey's instrument with the lines a page shows (one chart-data builder)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from analysis.figures.compass import Compass, compass
from app.core.i18n import localized
from app.models import Campaign


def compass_for(campaign: Campaign, lines: Sequence[tuple[str, str, Mapping]]) -> Compass:
    """The compass of the campaign's instrument in the reader's language; ``lines`` are (name,
    CSS class, value per theme slug), e.g. ``("Residents", "residents", medians)``."""
    instrument = campaign.instrument
    themes = [(t.slug, str(localized(t.title))) for t in instrument.themes]
    return compass(themes, (instrument.scale_min, instrument.scale_max), lines)
