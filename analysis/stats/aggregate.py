"""Aggregate ratings per group with small-group suppression (DSGVO), on any rating scale.

A group is published only if at least ``k`` people gave it a score: per theme that is ``n``
(each person scores a theme at most once), over all themes the people with at least one score.
"Can't say" counts towards ``n_respondents`` but never makes a group publishable; comments keep
the respondent count as their rule (:func:`filter_comments`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.stats.scale import Scale
from analysis.stats.score_counts import count_people, count_scores, score_statistics

__all__ = [
    "RATING_STATS",
    "aggregate_counts",
    "aggregate_ratings",
    "filter_comments",
    "overall_scores",
    "suppress_small_groups",
]

RATING_STATS = [
    "n_respondents",
    "n",
    "n_cant_say",
    "median",
    "q1",
    "q3",
    "mean",
    "share_low",
    "share_high",
]


def _check_k(k: object) -> int:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k must be a whole number of at least 1, not {k!r}.")
    return int(k)


def _check_ratings(ratings: object, by: Sequence[str], needed: Sequence[str]) -> list[str]:
    if not isinstance(ratings, pd.DataFrame):
        raise TypeError(f"ratings must be a pandas DataFrame, not {type(ratings).__name__}.")
    if isinstance(by, str) or not by:
        raise ValueError("by must be a non-empty sequence of column names.")
    by = list(by)
    missing = [c for c in dict.fromkeys([*needed, *by]) if c not in ratings.columns]
    if missing:
        raise ValueError(f"the ratings have no column {missing[0]!r}.")
    if "score" in needed and not pd.api.types.is_numeric_dtype(ratings["score"]):
        raise ValueError("the column 'score' must be numeric (NaN for 'can't say').")
    return by


def suppress_small_groups(
    frame: pd.DataFrame,
    k: int,
    count_column: str = "n_respondents",
    value_columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Blank out every statistic of groups with fewer than ``k`` respondents.

    Returns a copy with ``value_columns`` (default: the :data:`RATING_STATS` present, counts
    included) set to missing where ``count_column < k`` and a bool column ``suppressed``.

    Examples
    --------
    >>> f = pd.DataFrame({"n_respondents": [4, 5], "median": [2.0, 6.0]})
    >>> suppress_small_groups(f, 5)["median"].tolist()
    [nan, 6.0]
    """
    k = _check_k(k)
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, not {type(frame).__name__}.")
    if count_column not in frame.columns:
        raise ValueError(f"the frame has no column {count_column!r}.")
    if value_columns is None:
        value_columns = [c for c in RATING_STATS if c in frame.columns]
    out = frame.copy()
    small = (out[count_column].fillna(0) < k).to_numpy(dtype=bool)
    for column in value_columns:
        out.loc[small, column] = pd.NA if out[column].dtype == "Int64" else np.nan
    out["suppressed"] = small
    return out


def _stats(ratings: pd.DataFrame, by: list[str], scale) -> pd.DataFrame:
    """Statistics of raw ratings: counted first, then the same path as counts from SQL."""
    counts = count_scores(ratings, by)
    people = count_people(ratings, by)
    out = score_statistics(counts, by, scale=scale, people=people)
    return out[[*by, *RATING_STATS, "_scorers"]]


def _publish(stats: pd.DataFrame, k: int, count_column: str) -> pd.DataFrame:
    """Suppress by ``count_column`` (the people who gave a score), then drop helper columns."""
    out = suppress_small_groups(stats, k, count_column=count_column)
    return out.drop(columns=[c for c in out.columns if c.startswith("_")])


def _scorers(by: list[str]) -> str:
    """Column counting the people who gave a score: ``n`` per theme (one score per person and
    theme, as the database's unique constraint keeps it), else counted distinctly."""
    return "n" if "theme" in by else "_scorers"


def aggregate_ratings(
    ratings: pd.DataFrame,
    *,
    k: int = 5,
    by: Sequence[str] = ("area_code", "role", "theme"),
    totals: bool = False,
    scale: Scale | tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Summarise ratings per group, publishing only groups where at least ``k`` people scored.

    Statistics (:data:`RATING_STATS`): ``n_respondents`` distinct responses in the group
    (including "can't say"), ``n`` scores, ``n_cant_say`` (NaN scores), ``median``, ``q1``,
    ``q3`` (linear interpolation between order statistics, numpy's default), ``mean``,
    ``share_low`` and ``share_high``: the shares (0..1, among the ``n`` scores) in the scale's
    low and high band (:mod:`analysis.stats.scale`: 1–2 and 6–7 on 1–7, 1 and 3 on 1–3).
    The scale is ``scale``, else the ratings' ``scale_min``/``scale_max`` columns (row by row),
    else 1–7. Groups where fewer than ``k`` people gave a score (``n`` per theme; over several
    themes the people with at least one score) keep their row, but all statistics are missing
    and ``suppressed`` is True: five answers of which two are "can't say" publish nothing at
    k = 5.

    With ``totals=True`` (``by`` must contain ``role``), rows with ``role="all"`` are added
    per remaining ``by`` cell. A total is also suppressed when any of its role groups is
    suppressed (complementary suppression): otherwise total minus published parts would
    reveal the hidden group.

    Examples
    --------
    >>> r = pd.DataFrame({"response_id": list("abcde"), "round": "2024", "area_code": "1 a",
    ...                   "role": "resident", "theme": "play", "score": [1, 2, 6, 7, None]})
    >>> aggregate_ratings(r, k=4)[["n_respondents", "n", "median", "share_low"]]
       n_respondents  n  median  share_low
    0              5  4     4.0        0.5
    >>> bool(aggregate_ratings(r, k=5).loc[0, "suppressed"])
    True
    """
    k = _check_k(k)
    by = _check_ratings(ratings, by, ["response_id", "score"])
    count = _scorers(by)
    result = _publish(_stats(ratings, by, scale), k, count)
    if not totals:
        return result
    if "role" not in by:
        raise ValueError("totals=True needs 'role' among the by columns.")
    cell = [c for c in by if c != "role"]
    if not cell:
        raise ValueError("totals=True needs at least one by column besides 'role'.")
    count = _scorers(cell)
    total = _stats(ratings, cell, scale)
    hidden = result.loc[result["suppressed"], cell].drop_duplicates().assign(_hide=True)
    total = total.merge(hidden, on=cell, how="left")
    total = _publish(
        total.assign(_count=total[count].astype("float64").where(total["_hide"].isna(), 0)),
        k,
        "_count",
    )
    total.insert(by.index("role"), "role", "all")
    total["role"] = total["role"].astype(result["role"].dtype)
    combined = pd.concat([result, total], ignore_index=True)
    return combined.sort_values(cell, kind="stable").reset_index(drop=True)


def aggregate_counts(
    counts: pd.DataFrame,
    *,
    k: int = 5,
    by: Sequence[str] = ("area_code", "role", "theme"),
    scale: Scale | tuple[int, int] | None = None,
    people: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`aggregate_ratings` (without totals) from score counts instead of raw ratings.

    ``counts`` (group columns, ``score``, ``count``; see :mod:`analysis.stats.score_counts`)
    is what a database's ``GROUP BY … score`` gives; it may be finer than ``by`` (per theme
    for an overall score). Over several themes (``theme`` not in ``by``) ``people`` must give
    each group's distinct ``n_respondents`` and ``n_scorers``, which counts cannot.

    Examples
    --------
    >>> c = pd.DataFrame({"area_code": "1 a", "role": "resident", "theme": "play",
    ...                   "score": [1.0, 2.0, 6.0, 7.0, None], "count": 1})
    >>> aggregate_counts(c, k=4)[["n_respondents", "n", "median", "share_low", "suppressed"]]
       n_respondents  n  median  share_low  suppressed
    0              5  4     4.0        0.5       False
    """
    k = _check_k(k)
    by = list(by)
    if "theme" not in by and people is None:
        raise ValueError("over several themes the counts need the people table (count_people).")
    stats = score_statistics(counts, by, scale=scale, people=people)
    return _publish(stats[[*by, *RATING_STATS, "_scorers"]], k, _scorers(by))


def overall_scores(
    ratings: pd.DataFrame,
    *,
    k: int = 5,
    by: Sequence[str] = ("area_code", "role"),
    scale: Scale | tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Summarise all themes of a group at once (e.g. one overall score per area and role).

    Same statistics as :func:`aggregate_ratings`; ``n_respondents`` counts distinct responses
    over all themes, ``n`` all scores given. A group is published when at least ``k`` people
    gave at least one score.

    Examples
    --------
    >>> r = pd.DataFrame({"response_id": list("aabbcc"), "area_code": "1 a", "role": "resident",
    ...                   "theme": ["x", "y"] * 3, "score": [1, 3, 2, 2, None, None]})
    >>> overall_scores(r, k=2, scale=(1, 3))[["n_respondents", "n", "median", "share_high"]]
       n_respondents  n  median  share_high
    0              3  4     2.0        0.25
    >>> bool(overall_scores(r, k=3)["suppressed"].iloc[0])
    True
    """
    k = _check_k(k)
    by = _check_ratings(ratings, by, ["response_id", "score"])
    count = _scorers(by)
    return _publish(_stats(ratings, by, scale), k, count)


def filter_comments(
    comments: pd.DataFrame,
    ratings: pd.DataFrame | None = None,
    *,
    k: int = 5,
    by: Sequence[str] = ("area_code", "role"),
    people: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Keep only comments from groups with at least ``k`` respondents in ``ratings``.

    Comments of suppressed (or unrated) groups are dropped entirely, so they leave no trace
    in exports. Columns of ``comments`` are kept; the index is reset. Instead of ``ratings``,
    ``people`` may give each group's ``n_respondents`` (as :func:`count_people` or the
    database count them).

    Examples
    --------
    >>> ratings = pd.DataFrame({"response_id": [1, 2, 3], "area_code": ["A", "A", "B"],
    ...                         "role": "resident"})
    >>> comments = pd.DataFrame({"area_code": ["A", "B"], "role": "resident",
    ...                          "text": ["Schöner Park", "Zu laut"]})
    >>> filter_comments(comments, ratings, k=2)["text"].tolist()  # B has one respondent
    ['Schöner Park']
    """
    k = _check_k(k)
    if people is None:
        by = _check_ratings(ratings, by, ["response_id"])
        people = count_people(ratings.assign(score=0.0), by)
    by = _check_ratings(people, by, ["n_respondents"])
    if not isinstance(comments, pd.DataFrame):
        raise TypeError(f"comments must be a pandas DataFrame, not {type(comments).__name__}.")
    missing = [c for c in by if c not in comments.columns]
    if missing:
        raise ValueError(f"the comments have no column {missing[0]!r}.")
    shown = people.loc[people["n_respondents"] >= k, by]
    key = pd.MultiIndex.from_frame(comments[by].astype("object"))
    allowed = pd.MultiIndex.from_frame(shown.astype("object"))
    return comments[key.isin(allowed)].reset_index(drop=True)
