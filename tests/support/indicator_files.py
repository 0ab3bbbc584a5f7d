"""Import an indicator file the way `flask indicators import` does: read, plan, store."""

from __future__ import annotations

from pathlib import Path

from analysis.readers.indicator_file import read_indicator_file
from app.services.areas import ImportSummary, find_kommune
from app.services.indicator_import import ImportChoice, plan_import, store_plan


def import_indicators(
    path: str | Path, kommune: str, key_column: str, *, year: int | None = None, **choice
) -> ImportSummary:
    """Read ``path`` with its codes in ``key_column`` and store its values for ``kommune``.

    ``choice`` are :class:`ImportChoice` fields (``overwrite=True`` …); a plan with blockers
    raises :class:`app.services.indicators.IndicatorError` with their sentences.
    """
    found = read_indicator_file(path, key_column=key_column)
    place = find_kommune(kommune)
    return store_plan(plan_import(found, place, ImportChoice(year=year, **choice)), place)
