"""Tables of the published groups' scores with their intervals, aligned to the aggregates.

Only groups the k-suppressed aggregates publish get a row; the intervals come from the score
counts of :mod:`analysis.stats.scores`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.stats.scores import GroupCounts, overall_intervals, theme_intervals

__all__ = ["overall_table", "published", "take", "theme_table"]


def published(frame: pd.DataFrame, keys: list[str], roles: Sequence[str]) -> pd.DataFrame:
    """The k-suppressed aggregates' rows of ``roles``: keys as text, ``n_respondents``,
    ``median`` and ``suppressed``, as :func:`analysis.stats.aggregate.aggregate_ratings` made them.

    Examples
    --------
    >>> agg = pd.DataFrame({"area_code": ["A", "A"], "role": ["resident", "group"],
    ...                     "n_respondents": [9, 6], "median": [4.0, 5.0], "suppressed": False})
    >>> published(agg, ["area_code", "role"], ["resident"])["role"].tolist()
    ['resident']
    """
    out = frame[[*keys, "n_respondents", "median", "suppressed"]].copy()
    out[keys] = out[keys].astype("str")
    return out[out["role"].isin(list(roles))].reset_index(drop=True)


def overall_table(
    groups: pd.DataFrame,
    counts: GroupCounts,
    roles: Sequence[str],
    *,
    level: float,
    boot: np.ndarray,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Per published area and role: the aggregates' n and median with ``people`` and the
    bootstrap interval (``low``, ``high``; only for groups not suppressed), plus the bootstrap
    medians and the score counts, both aligned to the table's rows. ``boot``: the bootstrap
    medians of ``counts``' groups (:func:`analysis.stats.scores.pooled_bootstrap`).

    Examples
    --------
    >>> from analysis.stats.scale import Scale
    >>> from analysis.stats.scores import count_scores, pooled_bootstrap
    >>> r = pd.DataFrame({"response_id": np.repeat(range(12), 2), "area_code": "A",
    ...                   "role": "resident", "score": [2.0, 3.0] * 12})
    >>> groups = pd.DataFrame({"area_code": ["A"], "role": ["resident"], "n_respondents": [12],
    ...                        "median": [2.5], "suppressed": [False]})
    >>> c = count_scores(r, ["area_code", "role"], Scale(1, 3))
    >>> table, boot, counts = overall_table(groups, c, ["resident"], level=0.95,
    ...                                     boot=pooled_bootstrap(c, replicates=100, seed=0))
    >>> table[["people", "low", "high"]].values.tolist(), counts.tolist()
    ([[12.0, 2.5, 2.5]], [[0, 12, 12]])
    """
    keys = ["area_code", "role"]
    table = published(groups, keys, roles)
    position = table[keys].merge(counts.keys.reset_index(), on=keys, how="left")["index"]
    found = position.notna().to_numpy()
    position = position.fillna(0).astype("int64").to_numpy()
    wanted = np.zeros(len(counts.keys), bool)
    wanted[position[found & ~table["suppressed"].to_numpy(bool)]] = True
    intervals = overall_intervals(counts, wanted, level=level, boot=boot)
    boot = np.where(wanted[None, :], boot, np.nan)
    for column in ("people", "low", "high"):
        table[column] = take(intervals[column].to_numpy(), position, found, axis=0)
    aligned = take(counts.counts, position, found, axis=0, fill=0).astype("int64")
    return table, take(boot, position, found, axis=1), aligned


def take(values: np.ndarray, position: np.ndarray, found: np.ndarray, *, axis: int, fill=np.nan):
    """``values`` at ``position`` along ``axis`` where ``found``, else ``fill`` (also when
    ``values`` is empty).

    Examples
    --------
    >>> take(np.array([5.0, 6.0]), np.array([1, 0, 0]), np.array([True, True, False]), axis=0)
    array([ 6.,  5., nan])
    """
    shape = list(values.shape)
    shape[axis] = len(position)
    out = np.full(shape, fill, dtype="float64")
    index = [slice(None)] * values.ndim
    index[axis] = found
    source = [slice(None)] * values.ndim
    source[axis] = position[found]
    out[tuple(index)] = values[tuple(source)]
    return out


def theme_table(
    per_theme: pd.DataFrame,
    counts: GroupCounts,
    roles: Sequence[str],
    *,
    level: float,
    min_answers: int,
) -> pd.DataFrame:
    """Per published area, role and theme: ``n``, ``median``, the exact interval and
    ``enough`` (not suppressed and at least ``min_answers`` scores). Suppressed groups keep
    their row without numbers; groups with too few scores keep n and median, but no interval.

    Examples
    --------
    >>> from analysis.stats.scale import Scale
    >>> from analysis.stats.scores import count_scores
    >>> r = pd.DataFrame({"response_id": range(12), "area_code": "A", "role": "resident",
    ...                   "theme": "play", "score": [2.0] * 12})
    >>> agg = pd.DataFrame({"area_code": ["A"], "role": ["resident"], "theme": ["play"],
    ...                     "n_respondents": [12], "median": [2.0], "suppressed": [False]})
    >>> t = theme_table(agg, count_scores(r, ["area_code", "role", "theme"], Scale(1, 3)),
    ...                 ["resident"], level=0.95, min_answers=10)
    >>> t[["n", "median", "low", "high", "enough"]].values.tolist()
    [[12, 2.0, 2.0, 2.0, True]]
    """
    keys = ["area_code", "role", "theme"]
    table = published(per_theme, keys, roles).merge(
        theme_intervals(counts, level), on=keys, how="left"
    )
    hidden = table["suppressed"].to_numpy(bool)
    for column in ("n", "low", "high"):
        table[column] = table[column].astype("float64").where(~hidden)
    enough = ~hidden & (table["n"].fillna(0) >= min_answers).to_numpy()
    table["low"], table["high"] = table["low"].where(enough), table["high"].where(enough)
    return table.assign(enough=enough).astype({"n": "Int64"})
