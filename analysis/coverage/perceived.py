"""Perceived versus measured: coverage per area against what residents (and experts) said.

Each area lands in one of four quadrants, named by what a round table should ask about it:

- ``confirmed_gap``: coverage is thin and people rate the theme low;
- ``unnoticed_gap``: coverage is thin but nobody complains;
- ``unseen_offers``: offers exist but people rate the theme low (unknown, unreachable, full?);
- ``matched``: coverage is good and so are the ratings.

Two more labels keep the chart honest: ``unclear`` when the rating does not clear the threshold
(its median sits on it, or its interval spans it) and ``insufficient_data`` when a group was
suppressed or a figure is missing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["LOWER_IS_BETTER", "QUADRANTS", "perceived_vs_measured"]

QUADRANTS = (
    "confirmed_gap",
    "unnoticed_gap",
    "unseen_offers",
    "matched",
    "unclear",
    "insufficient_data",
)
# Coverage measures where a larger number means worse coverage.
LOWER_IS_BETTER = frozenset({"nearest_m", "unreachable_share", "white_share", "white_share_pop"})


def _ratings(medians: pd.DataFrame, theme: str, roles: Sequence[str], interval) -> pd.DataFrame:
    needed = ["area_code", "role", "theme", "median", *(interval or ())]
    if missing := [c for c in needed if c not in medians.columns]:
        raise ValueError(f"the theme medians have no column '{missing[0]}'.")
    chosen = medians[(medians["theme"] == theme) & medians["role"].isin(list(roles))]
    if "suppressed" in chosen.columns:
        blank = chosen["suppressed"].fillna(True).astype(bool)
        chosen = chosen.assign(median=chosen["median"].where(~blank))
    columns = ["area_code", "role", "median", *(interval or ())]
    out = chosen[columns].astype({"area_code": "string", "role": "string"})
    if interval:
        out = out.rename(columns={interval[0]: "low", interval[1]: "high"})
    return out


def _sees_problem(rated: pd.DataFrame, threshold: float, interval) -> pd.Series:
    """True / False where the rating clears the threshold, missing where it does not."""
    low, high = (rated["low"], rated["high"]) if interval else (rated["median"],) * 2
    problem = pd.Series(pd.NA, index=rated.index, dtype="boolean")
    problem[high < threshold] = True
    problem[low > threshold] = False
    return problem


def perceived_vs_measured(
    coverage_table: pd.DataFrame,
    medians: pd.DataFrame,
    *,
    theme: str,
    measure: str = "share_within",
    roles: Sequence[str] = ("resident", "expert"),
    scale: tuple[float, float] = (1, 7),
    threshold: float | None = None,
    thin: float | None = None,
    interval: tuple[str, str] | None = None,
) -> pd.DataFrame:
    """Label each area × role with a quadrant of coverage against the theme's median rating.

    Parameters
    ----------
    coverage_table : DataFrame
        ``area_code`` and the ``measure`` column (e.g. :attr:`Coverage.table`).
    medians : DataFrame
        ``area_code``, ``role``, ``theme``, ``median`` (and ``suppressed``) as returned by
        :func:`analysis.stats.aggregate.aggregate_ratings`.
    theme : str
        The theme the offer category relates to, e.g. ``"play"``.
    measure : str
        Coverage column; for :data:`LOWER_IS_BETTER` columns a larger value is thinner.
    roles : sequence of str
    scale : (lowest, highest)
        The instrument's scale; ratings below ``threshold`` (default: its midpoint) mean
        "a lot of room for improvement".
    threshold : float, optional
    thin : float, optional
        Coverage counted as thin (below it, or above it for lower-is-better measures);
        default the median over the areas.
    interval : (low column, high column), optional
        An interval of each median from ``medians`` (e.g. a bootstrap interval): a rating
        counts only when the whole interval lies on one side of ``threshold``.

    Returns
    -------
    DataFrame
        ``area_code, role, measure, median, thin, quadrant`` and the thresholds used in
        ``attrs["params"]``.

    Examples
    --------
    >>> cov = pd.DataFrame({"area_code": ["1", "2", "3"], "share_within": [0.2, 0.9, 0.9]})
    >>> med = pd.DataFrame({"area_code": ["1", "2", "3"], "role": "resident", "theme": "play",
    ...                     "median": [2.0, 2.0, 4.0], "suppressed": False})
    >>> q = perceived_vs_measured(cov, med, theme="play", thin=0.5, roles=["resident"])
    >>> q["quadrant"].tolist()  # area 3: a median of 4 sits on the midpoint of 1-7
    ['confirmed_gap', 'unseen_offers', 'unclear']
    """
    if measure not in coverage_table.columns or "area_code" not in coverage_table.columns:
        raise ValueError(f"the coverage table needs the columns 'area_code' and '{measure}'.")
    threshold = (scale[0] + scale[1]) / 2 if threshold is None else float(threshold)
    values = coverage_table[["area_code", measure]].astype({"area_code": "string"})
    cut = float(values[measure].median()) if thin is None else float(thin)
    rated = _ratings(medians, theme, roles, interval)
    every = values.merge(pd.DataFrame({"role": pd.array(list(roles), dtype="string")}), how="cross")
    joined = every.merge(rated, on=["area_code", "role"], how="left")
    joined = joined.rename(columns={measure: "measure"})
    joined["thin"] = (
        joined["measure"] > cut if measure in LOWER_IS_BETTER else joined["measure"] < cut
    ).astype("boolean")
    joined.loc[joined["measure"].isna(), "thin"] = pd.NA
    problem = _sees_problem(joined, threshold, interval)
    quadrant = np.select(
        [
            joined["thin"].isna().to_numpy() | joined["median"].isna().to_numpy(),
            problem.isna().to_numpy(),
            (joined["thin"] & problem).fillna(False).to_numpy(),
            joined["thin"].fillna(False).to_numpy(),
            problem.fillna(False).to_numpy(),
        ],
        ["insufficient_data", "unclear", "confirmed_gap", "unnoticed_gap", "unseen_offers"],
        default="matched",
    )
    out = joined.assign(quadrant=quadrant)
    keep = ["area_code", "role", "measure", "median", *(["low", "high"] if interval else [])]
    out = out[[*keep, "thin", "quadrant"]]
    out.attrs["params"] = {
        "theme": theme,
        "measure": measure,
        "thin_cut": cut,
        "rating_threshold": threshold,
        "interval": list(interval) if interval else None,
    }
    return out
