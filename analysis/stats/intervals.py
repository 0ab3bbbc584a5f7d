"""Medians of whole-number ratings and how sure we can be of them.

Ratings arrive as counts per scale point (a group's or a person's), so every function works on a
``(..., K)`` array of counts for the ``K`` points of the scale. Three kinds of interval:

- :func:`median_interval`: the distribution-free interval for a median from two order statistics
  (binomial, exact: coverage at least ``level`` for any distribution, ties included). Used per
  theme, where each person gives at most one score, so the scores are independent draws.
- :func:`bootstrap_pooled_medians`: the median of all scores of a group (a person gives up to 14,
  which are not independent), resampling *people* within each group (Poisson bootstrap). Used
  for the overall score.
- :func:`bootstrap_medians`: the bootstrap distribution of a per-theme median, drawn exactly from
  the order statistics of uniforms instead of by resampling each score (same distribution, a
  fraction of the work). Used for the second stage of the association intervals.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
from scipy.stats import binom, poisson

__all__ = [
    "bootstrap_medians",
    "bootstrap_pooled_medians",
    "group_rng",
    "median_from_counts",
    "median_interval",
    "percentile_interval",
]


def _order_statistic(cumulative: np.ndarray, rank: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The ``rank``-th smallest score (1-based) given cumulative counts; NaN for rank < 1."""
    index = (cumulative < rank[..., None]).sum(axis=-1)
    out = values[np.minimum(index, len(values) - 1)]
    return np.where((rank >= 1) & (rank <= cumulative[..., -1]), out, np.nan)


def median_from_counts(counts: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Median of the scores described by ``counts`` (last axis: one count per scale point).

    Even totals give the mean of the two middle scores, as pandas and numpy do; no scores, NaN.

    Examples
    --------
    >>> median_from_counts(np.array([[1, 2, 0], [1, 0, 1], [0, 0, 0]]), np.array([1.0, 2, 3]))
    array([ 2.,  2., nan])
    """
    counts = np.asarray(counts)
    cumulative = counts.cumsum(axis=-1)
    total = cumulative[..., -1]
    lower = _order_statistic(cumulative, (total + 1) // 2, values)
    upper = _order_statistic(cumulative, total // 2 + 1, values)
    return (lower + upper) / 2


def median_interval(
    counts: np.ndarray, values: np.ndarray, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Exact distribution-free interval for the median of each group of independent scores.

    The interval runs from the ``l``-th to the ``(n + 1 - l)``-th smallest score, ``l`` the
    largest rank with ``2 * P(Binomial(n, 1/2) < l) <= 1 - level``, so it covers the true median
    with probability at least ``level`` whatever the distribution (ties included). Groups too
    small to reach ``level`` at all (n <= 5 at 95 %) get NaN: they carry no interval.

    Examples
    --------
    >>> lo, hi = median_interval(np.array([[0, 3, 7, 0], [2, 2, 1, 0]]), np.arange(1.0, 5))
    >>> lo.tolist(), hi.tolist()
    ([2.0, nan], [3.0, nan])
    """
    counts = np.asarray(counts)
    n = counts.sum(axis=-1)
    alpha = (1 - level) / 2
    j = binom.ppf(alpha, n, 0.5)
    rank = np.where(binom.cdf(j, n, 0.5) <= alpha, j + 1, j)
    rank = np.nan_to_num(rank, nan=0).astype("int64")
    cumulative = counts.cumsum(axis=-1)
    low = _order_statistic(cumulative, rank, values)
    high = _order_statistic(cumulative, np.where(rank >= 1, n + 1 - rank, 0), values)
    return low, high


def percentile_interval(
    samples: np.ndarray, level: float = 0.95, *, min_defined: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval per column of bootstrap ``samples`` (replicates in rows).

    A column where fewer than ``min_defined`` of the replicates are defined (not NaN) gets NaN:
    an interval from the few replicates that happen to work would look surer than it is.

    Examples
    --------
    >>> percentile_interval(np.arange(1.0, 101)[:, None], 0.9)
    (array([5.95]), array([95.05]))
    """
    samples = np.asarray(samples, dtype="float64")
    defined = np.isfinite(samples).mean(axis=0) >= min_defined
    tail = (1 - level) / 2
    low = np.full(samples.shape[1:], np.nan)
    high = np.full(samples.shape[1:], np.nan)
    if defined.any():
        q = np.nanquantile(samples[:, defined], [tail, 1 - tail], axis=0)
        low[defined], high[defined] = q[0], q[1]
    return low, high


#: Poisson(1) by table lookup: 65,536 equally likely 16-bit draws map onto 0, 1, 2, … with the
#: Poisson probabilities (mean 1, variance 0.99997). Drawing Poisson numbers directly is five
#: times slower, resampling indices and counting them three times (measured: 100k people).
_POISSON_TABLE = np.searchsorted(
    poisson.cdf(np.arange(16), 1.0), (np.arange(65_536) + 0.5) / 65_536
).astype("float32")


def _poisson_weights(replicates: int, size: int, rng: np.random.Generator) -> np.ndarray:
    """Poisson(1) weights, redrawn for the rare replicate in which every weight is zero."""
    weights = _POISSON_TABLE[rng.integers(0, 65_536, size=(replicates, size), dtype="uint16")]
    empty = weights.sum(axis=1) == 0
    while empty.any():
        redraw = rng.integers(0, 65_536, size=(int(empty.sum()), size), dtype="uint16")
        weights[empty] = _POISSON_TABLE[redraw]
        empty = weights.sum(axis=1) == 0
    return weights


def bootstrap_pooled_medians(
    person_counts: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    values: np.ndarray,
    replicates: int,
    rng: np.random.Generator | Sequence[np.random.Generator],
) -> np.ndarray:
    """Bootstrap medians of each group's pooled scores, resampling people within the group.

    The Poisson bootstrap (Hanley & MacGibbon 2006): each person enters a replicate with a
    Poisson(1) weight instead of a multinomial count. For groups of ten or more people the two
    give practically the same intervals; smaller groups are not judged anyway.

    Parameters
    ----------
    person_counts : (N, K) array
        Per person, how many of their scores fell on each scale point.
    group : (N,) int array
        Group number (0 .. ``n_groups - 1``) of each person.
    n_groups, values, replicates
        Number of groups, the scale's scores and bootstrap replicates.
    rng : Generator or sequence of ``n_groups`` Generators
        One generator that the groups draw from in turn, or one per group: then a group's
        replicates depend only on its own people and generator, not on the other groups
        (:func:`group_rng`; what lets a Quartier's interval be kept while others change).

    Returns
    -------
    (replicates, n_groups) array
        NaN for groups without people.

    Examples
    --------
    >>> people = np.array([[2, 0, 0], [0, 0, 2], [0, 2, 0]])
    >>> out = bootstrap_pooled_medians(people, np.array([0, 0, 1]), 2, np.array([1.0, 2, 3]),
    ...                                200, np.random.default_rng(1))
    >>> sorted(set(out[:, 0].tolist())), set(out[:, 1].tolist())
    ([1.0, 2.0, 3.0], {2.0})
    """
    out = np.full((replicates, n_groups), np.nan)
    order = np.argsort(group, kind="stable")
    starts = np.searchsorted(group[order], np.arange(n_groups + 1))
    generators = [rng] * n_groups if isinstance(rng, np.random.Generator) else list(rng)
    if len(generators) != n_groups:
        raise ValueError(f"rng must be one generator or {n_groups}, not {len(generators)}.")
    for g in range(n_groups):
        members = person_counts[order[starts[g] : starts[g + 1]]].astype("float32")
        if len(members) == 0:
            continue
        weights = _poisson_weights(replicates, len(members), generators[g])
        # numpy's own loops, not BLAS: in the app's process BLAS products here (a matrix
        # product, or one matrix-vector product per scale point) took 1.4 s instead of 0.1 s
        # for 10,000 people, its threads fighting on two busy cores (issue 10). The sums are
        # whole numbers below 2**24, so float32 adds them exactly either way.
        pooled = np.einsum("rn,nk->rk", weights, members)
        out[:, g] = median_from_counts(np.rint(pooled).astype("int64"), values)
    return out


def group_rng(seed: int, *key: str) -> np.random.Generator:
    """The random generator of one group, from ``seed`` and the group's ``key`` (e.g. the
    Quartier's code and the role): the same group gets the same draws whatever other groups
    exist or in which order they are computed.

    Examples
    --------
    >>> a = group_rng(0, "1 a", "resident").integers(0, 100, 3)
    >>> bool((a == group_rng(0, "1 a", "resident").integers(0, 100, 3)).all())
    True
    """
    words = [int(seed), *(zlib.crc32(str(part).encode("utf-8")) for part in key)]
    return np.random.default_rng(np.random.SeedSequence(words))


def bootstrap_medians(
    counts: np.ndarray, values: np.ndarray, replicates: int, rng: np.random.Generator
) -> np.ndarray:
    """Bootstrap medians of groups of independent scores, one column per group.

    Resampling ``n`` scores and taking their median is the same as reading the scores' quantile
    function at the order statistics of ``n`` uniforms: the ``m``-th of them is Beta(m,
    n - m + 1), the next one ``u + (1 - u) * Beta(1, n - m)``. Drawing those two numbers
    instead of ``n`` scores gives the exact bootstrap distribution at a fraction of the cost.

    Examples
    --------
    >>> out = bootstrap_medians(np.array([[5, 0, 5], [0, 7, 0]]), np.array([1.0, 2, 3]), 4000,
    ...                         np.random.default_rng(2))
    >>> share = (out[:, 0] == 2).mean()  # five 1s and five 3s drawn: C(10, 5) / 2**10 = 0.246
    >>> bool(abs(share - 0.246) < 0.02), set(out[:, 1].tolist())
    (True, {2.0})
    """
    counts = np.asarray(counts)
    n = counts.sum(axis=-1).astype("float64")
    m = np.floor((n + 1) / 2)
    usable = n > 0
    shape = (replicates, counts.shape[0])
    first = np.full(shape, np.nan)
    second = np.full(shape, np.nan)
    a, b = m[usable], (n - m + 1)[usable]
    first[:, usable] = rng.beta(a, b, size=(replicates, usable.sum()))
    even = usable & (n % 2 == 0)
    step = rng.beta(1.0, np.maximum(n - m, 1)[even], size=(replicates, even.sum()))
    second[:, even] = first[:, even] + (1 - first[:, even]) * step
    second[:, usable & ~even] = first[:, usable & ~even]
    cdf = counts.cumsum(axis=-1) / np.where(usable, n, 1)[:, None]
    low = values[np.minimum((cdf[None] < np.nan_to_num(first)[..., None]).sum(-1), len(values) - 1)]
    high = values[
        np.minimum((cdf[None] < np.nan_to_num(second)[..., None]).sum(-1), len(values) - 1)
    ]
    return np.where(usable[None, :], (low + high) / 2, np.nan)
