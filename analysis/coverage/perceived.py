"""Perceived versus measured: coverage per area against what residents (and experts) said.

Each area lands in one of four quadrants, named by what a round table should ask about it:

- ``confirmed_gap``: coverage is thin and people rate the theme low;
- ``unnoticed_gap``: coverage is thin but nobody complains;
- ``unseen_offers``: offers exist but people rate the theme low (unknown, unreachable, full?);
- ``matched``: coverage is good and so are the ratings.

Two more labels keep the chart honest, judged exactly as the needs validation judges a
theme (:func:`analysis.stats.verdicts.rating_sides`, its lower threshold, 3.5 on 1–7):
``unclear`` when the rating does not clear the threshold (its interval, or its median when no
interval is given, touches or spans it; or too few scores for an interval) and
``insufficient_data`` when a group was suppressed (k) or a coverage figure is missing.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.stats.scale import Scale
from analysis.stats.verdicts import rating_sides

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
    blank = pd.Series(False, index=chosen.index)
    if "suppressed" in chosen.columns:
        blank = chosen["suppressed"].fillna(True).astype(bool)
    if "n" in chosen.columns:  # the validation's theme scores: no n where k suppressed
        blank = blank | chosen["n"].isna()
    chosen = chosen.assign(median=chosen["median"].where(~blank))
    columns = ["area_code", "role", "median", *(interval or ())]
    out = chosen[columns].astype({"area_code": "string", "role": "string"})
    if interval:
        return out.rename(columns={interval[0]: "low", interval[1]: "high"})
    return out.assign(low=out["median"], high=out["median"])


def _labels(joined: pd.DataFrame, threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """Quadrant and reason per row (reason "" unless unclear or insufficient)."""
    missing = joined["thin"].isna().to_numpy() | joined["median"].isna().to_numpy()
    judged, low, not_low = rating_sides(joined["low"], joined["high"], ~missing, threshold)
    thin = joined["thin"].fillna(False).to_numpy(bool)
    quadrant = np.select(
        [missing, ~judged | ~(low | not_low), thin & low, thin, low],
        ["insufficient_data", "unclear", "confirmed_gap", "unnoticed_gap", "unseen_offers"],
        default="matched",
    )
    spans = np.isfinite(joined["low"].to_numpy("float64"))
    reason = np.select(
        [missing & joined["thin"].isna().to_numpy(), missing, quadrant != "unclear", spans],
        ["no_figure", "too_few_answers", "", "interval_spans_threshold"],
        default="too_few_answers",
    )
    return quadrant, reason


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
        :func:`analysis.stats.aggregate.aggregate_ratings`, or the needs validation's
        ``theme_scores`` (``n`` blank where k suppressed; ``low``/``high`` blank where too
        few scores for an interval).
    theme : str
        The theme the offer category relates to, e.g. ``"play"``.
    measure : str
        Coverage column; for :data:`LOWER_IS_BETTER` columns a larger value is thinner.
    roles : sequence of str
    scale : (lowest, highest)
        The instrument's scale; ratings below ``threshold`` (default: the validation's lower
        threshold, midpoint − ½ step, 3.5 on 1–7) mean "a lot of room for improvement".
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
        ``area_code, role, measure, median`` (``low, high`` with ``interval``), ``thin``,
        ``quadrant`` and ``reason`` (``no_figure`` or ``too_few_answers`` for
        *insufficient_data*, ``too_few_answers`` or ``interval_spans_threshold`` for *unclear*,
        else ""); the thresholds used in ``attrs["params"]``.

    Examples
    --------
    >>> cov = pd.DataFrame({"area_code": ["1", "2", "3"], "share_within": [0.2, 0.9, 0.9]})
    >>> med = pd.DataFrame({"area_code": ["1", "2", "3"], "role": "resident", "theme": "play",
    ...                     "median": [2.0, 2.0, 3.5], "suppressed": False})
    >>> q = perceived_vs_measured(cov, med, theme="play", thin=0.5, roles=["resident"])
    >>> q["quadrant"].tolist()  # area 3: a median of 3.5 sits on the threshold of 1-7
    ['confirmed_gap', 'unseen_offers', 'unclear']
    """
    if measure not in coverage_table.columns or "area_code" not in coverage_table.columns:
        raise ValueError(f"the coverage table needs the columns 'area_code' and '{measure}'.")
    threshold = Scale(*scale).thresholds()[0] if threshold is None else float(threshold)
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
    quadrant, reason = _labels(joined, threshold)
    out = joined.assign(quadrant=quadrant, reason=reason)
    keep = ["area_code", "role", "measure", "median", *(["low", "high"] if interval else [])]
    out = out[[*keep, "thin", "quadrant", "reason"]]
    out.attrs["params"] = {
        "theme": theme,
        "measure": measure,
        "thin_cut": cut,
        "rating_threshold": threshold,
        "interval": list(interval) if interval else None,
    }
    return out
