"""The overview's dynamics column: how each Quartier's index indicators changed.

Berlin's Monitoring Soziale Stadtentwicklung puts a dynamics index beside the status index: the
change of the same indicators between two years, z-transformed, summed and z-transformed again,
in three classes (:func:`analysis.stats.dynamics.dynamics_from_years`). The report does the same
for the saved index's indicators between the latest earlier year in which all of them have
values and the index's year; where there is no such year (or no index), the column shows "–"
and a footnote says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis.outputs.results import Results
from analysis.stats.dynamics import dynamics_from_years
from analysis.stats.index_inputs import IndexInputError

__all__ = ["ReportDynamics", "report_dynamics"]


@dataclass(frozen=True)
class ReportDynamics:
    """Per area code the dynamics as text (value and class), and the footnote."""

    cells: dict[str, str] = field(default_factory=dict)
    note: str = ""


def _start_year(long: pd.DataFrame, indicators: list[str], end: int) -> int | None:
    """The latest year before ``end`` in which every indicator has a value."""
    years = None
    for key in indicators:
        own = set(long.loc[(long["indicator"] == key) & long["value"].notna(), "year"].astype(int))
        years = own if years is None else years & own
    earlier = [y for y in (years or ()) if y < end]
    return max(earlier) if earlier else None


def report_dynamics(res: Results) -> ReportDynamics:
    """The dynamics of the saved index's indicators from the latest earlier year to the
    index's year, written for the reader; every cell "–" with a footnote when there is none.

    Examples
    --------
    >>> from tests.support.synthetic import synthetic_campaign
    >>> from analysis.outputs.results import compute_results
    >>> found = report_dynamics(compute_results(synthetic_campaign(6, 200, seed=1)))
    >>> found.note.startswith("Dynamics: how"), len(found.cells)
    (True, 6)
    """
    words, texts, index = res.texts.report, res.texts, res.data.index
    if index is None or res.index_year is None:
        return ReportDynamics(note=words.dynamics_no_index)
    keys, end = index.indicators, int(res.index_year)
    long = res.data.indicators
    start = _start_year(long, keys, end) if keys else None
    if start is None:
        return ReportDynamics(note=words.dynamics_one_year.format(year=end))
    try:
        result = dynamics_from_years(
            long[long["indicator"].isin(keys)], indicators=keys, start=start, end=end,
            directions=index.result.params.get("directions"),
        )  # fmt: skip
    except (IndexInputError, ValueError) as exc:
        return ReportDynamics(note=words.dynamics_failed.format(why=str(exc)))
    cells = {}
    for code, value, label in result.table[["area_code", "index", "class_label"]].itertuples(
        index=False
    ):
        if pd.notna(value):
            cells[str(code)] = f"{texts.number(float(value), 2)} ({label})"
    note = words.dynamics_note.format(indicators=", ".join(keys), start=start, end=end)
    return ReportDynamics(cells, note)
