"""Scores per group as counts per scale point, and their intervals.

The ratings (one row per person and theme) are turned into counts once: per group (e.g. area,
role and theme) and per person, so that medians, exact intervals and bootstrap replicates are
computed on small arrays instead of millions of rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.stats.intervals import (
    bootstrap_pooled_medians,
    group_rng,
    median_interval,
    percentile_interval,
)
from analysis.stats.scale import Scale

__all__ = [
    "GroupCounts",
    "count_scores",
    "overall_intervals",
    "pooled_bootstrap",
    "theme_intervals",
]


@dataclass
class GroupCounts:
    """Counts of scores per scale point for each group, and for each person in it.

    ``keys`` has one row per group that received at least one score (the ``by`` columns as
    text), ``counts`` the matching ``(groups, points)`` array; ``person_counts`` and
    ``person_group`` describe every person who gave a score and the group they belong to.
    """

    keys: pd.DataFrame
    counts: np.ndarray
    person_counts: np.ndarray
    person_group: np.ndarray
    scale: Scale

    @property
    def people(self) -> np.ndarray:
        """Number of people with at least one score, per group."""
        return np.bincount(self.person_group, minlength=len(self.keys))


def _score_positions(scores: np.ndarray, scale: Scale) -> np.ndarray:
    position = scores - scale.low
    bad = (position < 0) | (position > scale.points - 1) | (position != np.floor(position))
    if bad.any():
        raise ValueError(
            f"{int(bad.sum())} score(s) lie outside the scale {scale.low}–{scale.high} or are "
            "not whole numbers; check the instrument's scale."
        )
    return position.astype("int64")


def _codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy("int64"), column.cat.categories
    codes, uniques = pd.factorize(column)
    return codes.astype("int64"), pd.Index(uniques)


def _groups(
    frame: pd.DataFrame, by: Sequence[str], rows: np.ndarray
) -> tuple[np.ndarray, pd.DataFrame]:
    """Group number per selected row (``rows``, a boolean mask) and the groups' keys as text,
    sorted by key codes.

    Mixed-radix arithmetic on the columns' codes instead of a group-by: on categorical keys
    (as :func:`analysis.outputs.build.build_outputs` passes them) it costs a few milliseconds.
    """
    combined = np.zeros(int(rows.sum()), dtype="int64")
    levels = []
    for column in by:
        codes, uniques = _codes(frame[column])
        combined = combined * len(uniques) + codes[rows]
        levels.append(uniques)
    size = int(np.prod([len(u) for u in levels], dtype="float64"))
    if size <= max(10 * len(combined), 1_000_000):  # a lookup table beats sorting the rows
        present = np.flatnonzero(np.bincount(combined, minlength=size))
        lookup = np.zeros(size, dtype="int64")
        lookup[present] = np.arange(len(present))
        group = lookup[combined]
    else:
        present, group = np.unique(combined, return_inverse=True)
    keys = {}
    for column, uniques in zip(reversed(by), reversed(levels), strict=True):
        keys[column] = np.asarray(uniques.astype("str"))[present % len(uniques)]
        present = present // len(uniques)
    return group.reshape(-1), pd.DataFrame({c: keys[c] for c in by}, dtype="str")


def count_scores(
    ratings: pd.DataFrame, by: Sequence[str], scale: Scale, *, people: bool = True
) -> GroupCounts:
    """Count the scores of ``ratings`` per group of ``by`` and per person (``response_id``).

    With ``people=False`` the per-person arrays stay empty (they are only needed to resample
    people for the pooled scores).

    Examples
    --------
    >>> r = pd.DataFrame({"response_id": [1, 1, 2], "area_code": "A", "theme": ["x", "y", "x"],
    ...                   "score": [1.0, 3.0, None]})
    >>> c = count_scores(r, ["area_code"], Scale(1, 3))
    >>> c.counts.tolist(), c.person_counts.tolist(), c.people.tolist()
    ([[1, 0, 1]], [[1, 0, 1]], [1])
    """
    scores = ratings["score"].to_numpy("float64")
    given = np.isfinite(scores)
    for column in by:  # a score without its area or role belongs to no group
        given &= ratings[column].notna().to_numpy()
    points = scale.points
    position = _score_positions(scores[given], scale)
    group, keys = _groups(ratings, by, given)
    counts = np.bincount(group * points + position, minlength=len(keys) * points)
    person, n_persons = group[:0], 0
    if people:
        person, persons = pd.factorize(_codes(ratings["response_id"])[0][given])
        person, n_persons = person.astype("int64"), len(persons)
    scored = slice(0, len(person))
    person_counts = np.bincount(person * points + position[scored], minlength=n_persons * points)
    person_group = np.zeros(n_persons, dtype="int64")
    person_group[person] = group[scored]
    return GroupCounts(
        keys=keys,
        counts=counts.reshape(len(keys), points),
        person_counts=person_counts.reshape(n_persons, points),
        person_group=person_group,
        scale=scale,
    )


def theme_intervals(counts: GroupCounts, level: float = 0.95) -> pd.DataFrame:
    """Per group: ``n`` scores, ``median``, and the exact interval ``low``–``high`` of the median.

    One score per person and theme makes the scores independent draws, so the exact
    order-statistic interval applies (:func:`analysis.stats.intervals.median_interval`).

    Examples
    --------
    >>> r = pd.DataFrame({"response_id": range(10), "theme": "x", "score": [2.0] * 9 + [3.0]})
    >>> theme_intervals(count_scores(r, ["theme"], Scale(1, 3)))[["n", "low", "high"]]
        n  low  high
    0  10  2.0   2.0
    """
    values = counts.scale.values
    low, high = median_interval(counts.counts, values, level)
    out = counts.keys.copy()
    out["n"] = counts.counts.sum(axis=1)
    out["low"], out["high"] = low, high
    return out


def pooled_bootstrap(counts: GroupCounts, *, replicates: int, seed: int) -> np.ndarray:
    """Bootstrap medians of each group's pooled scores, people resampled within the group,
    ``(replicates, groups)``; NaN for groups without people.

    Each group draws from its own generator, seeded by ``seed`` and its keys
    (:func:`analysis.stats.intervals.group_rng`): a group's replicates depend on its own people
    only, so one Quartier's bootstrap is the same whether computed alone or with all others.

    Examples
    --------
    >>> r = pd.DataFrame({"response_id": np.repeat(range(20), 2), "area_code": "A",
    ...                   "score": [1.0, 2.0] * 20})
    >>> pooled_bootstrap(count_scores(r, ["area_code"], Scale(1, 7)), replicates=200,
    ...                  seed=0).shape
    (200, 1)
    """
    keys = counts.keys.itertuples(index=False, name=None)
    return bootstrap_pooled_medians(
        counts.person_counts, counts.person_group, len(counts.keys), counts.scale.values,
        replicates, [group_rng(seed, *key) for key in keys],
    )  # fmt: skip


def overall_intervals(
    counts: GroupCounts, wanted: np.ndarray, *, level: float, boot: np.ndarray
) -> pd.DataFrame:
    """Percentile interval of each wanted group's pooled median from its bootstrap medians.

    ``boot`` holds the groups' bootstrap medians, ``(replicates, groups)``
    (:func:`pooled_bootstrap`). Returns the groups (``keys`` plus ``people``, ``low``,
    ``high``); groups that are not ``wanted`` (e.g. suppressed ones) get no interval.

    Examples
    --------
    >>> r = pd.DataFrame({"response_id": np.repeat(range(20), 2), "area_code": "A",
    ...                   "score": [1.0, 2.0] * 20})
    >>> c = count_scores(r, ["area_code"], Scale(1, 7))
    >>> boot = pooled_bootstrap(c, replicates=200, seed=0)
    >>> overall_intervals(c, np.array([True]), level=0.95, boot=boot)[["people", "low", "high"]]
       people  low  high
    0    20.0  1.5   1.5
    """
    low, high = percentile_interval(np.where(wanted[None, :], boot, np.nan), level)
    out = counts.keys.copy()
    out["people"] = counts.people.astype("float64")
    out["low"], out["high"] = low, high
    return out
