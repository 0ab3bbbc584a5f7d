"""Rank correlations with honest uncertainty: Spearman's rho and Kendall's tau-b.

Both coefficients come with

- a two-stage bootstrap interval (:func:`associate`): each replicate draws the areas with
  replacement and, for each drawn area, its bootstrap score (people resampled within the area),
  so the noise of few areas and of few answers per area both widen the interval;
- a p-value that suits the number of areas: exact over all ``n!`` orderings for
  ``n <= exact_max_n`` (8), a permutation test (9,999 random orderings) up to
  ``permutation_max_n`` (30), above that scipy's large-sample approximation, which is accurate
  there and handles ties;
- the minimum detectable effect (:func:`mde_rho`) behind the plain-language sentence.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from analysis.stats.intervals import percentile_interval

__all__ = ["associate", "benjamini_hochberg", "kendall_tau_b", "mde_rho", "spearman_rho"]

#: tau-b counts pairs by the *levels* of y (a median of whole-number ratings takes few values);
#: with more distinct values than this it is computed row by row by scipy instead.
_MAX_LEVELS = 64


def _defined(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / np.sqrt(np.where(den > 0, den, 1)), np.nan)


def spearman_rho(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Spearman's rho along the last axis (average ranks for ties); NaN if one side is constant.

    Examples
    --------
    >>> float(spearman_rho(np.array([1.0, 2, 3, 4]), np.array([1.0, 3, 2, 4])))
    0.8
    """
    x, y = np.broadcast_arrays(np.asarray(x, "float64"), np.asarray(y, "float64"))
    rx = stats.rankdata(x, axis=-1)
    ry = stats.rankdata(y, axis=-1)
    rx = rx - rx.mean(axis=-1, keepdims=True)
    ry = ry - ry.mean(axis=-1, keepdims=True)
    return _defined((rx * ry).sum(-1), (rx * rx).sum(-1) * (ry * ry).sum(-1))


def kendall_tau_b(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Kendall's tau-b along the last axis (corrected for ties in both variables).

    All rows at once: each row is sorted by x, and for every element the earlier elements of
    smaller and of larger y are read from running counts per level of y, skipping the elements
    tied with it in x. That is O(n · levels) per row instead of O(n²) pairs, and exact. Rows
    with a NaN give NaN; y with more than 64 distinct values is left to scipy.

    Examples
    --------
    >>> round(float(kendall_tau_b(np.array([1.0, 2, 3, 4]), np.array([1.0, 1, 2, 3]))), 4)
    0.9129
    """
    x, y = np.broadcast_arrays(np.asarray(x, "float64"), np.asarray(y, "float64"))
    n = x.shape[-1]
    flat_x, flat_y = x.reshape(-1, n), y.reshape(-1, n)
    levels, codes = np.unique(flat_y, return_inverse=True)
    if len(levels) > _MAX_LEVELS:
        pairs = zip(flat_x, flat_y, strict=True)
        return np.array([stats.kendalltau(a, b).statistic for a, b in pairs]).reshape(x.shape[:-1])
    codes = codes.reshape(flat_y.shape)
    out = np.empty(len(flat_x))
    step = max(1, 4_000_000 // max(n * len(levels), 1))
    for start in range(0, len(flat_x), step):
        rows = slice(start, start + step)
        out[rows] = _tau_b_by_levels(flat_x[rows], codes[rows], len(levels))
    undefined = np.isnan(flat_x).any(axis=1) | np.isnan(flat_y).any(axis=1)
    return np.where(undefined, np.nan, out).reshape(x.shape[:-1])


def _tau_b_by_levels(x: np.ndarray, codes: np.ndarray, n_levels: int) -> np.ndarray:
    rows, n = x.shape
    order = np.argsort(x, axis=1, kind="stable")
    xs, ys = np.take_along_axis(x, order, 1), np.take_along_axis(codes, order, 1)
    position = np.broadcast_to(np.arange(n), (rows, n))
    first = np.ones((rows, n), bool)
    first[:, 1:] = xs[:, 1:] != xs[:, :-1]
    group_start = np.maximum.accumulate(np.where(first, position, 0), axis=1)
    onehot = (ys[..., None] == np.arange(n_levels)).astype("int32")
    before = np.zeros((rows, n + 1, n_levels), "int32")
    np.cumsum(onehot, axis=1, out=before[:, 1:])
    # per element: earlier elements (not tied in x) at each level of y, cumulated over levels
    earlier = np.take_along_axis(before, group_start[..., None], axis=1).cumsum(axis=2)
    at_most = np.take_along_axis(earlier, ys[..., None], axis=2)[..., 0]
    below = np.where(
        ys > 0, np.take_along_axis(earlier, np.maximum(ys - 1, 0)[..., None], 2)[..., 0], 0
    )
    above = earlier[..., -1] - at_most
    score = (below - above).sum(axis=1).astype("float64")
    pairs = n * (n - 1) / 2
    tied_x = (position - group_start).sum(axis=1)
    counts = onehot.sum(axis=1).astype("float64")
    tied_y = (counts * (counts - 1) / 2).sum(axis=1)
    return _defined(score, (pairs - tied_x) * (pairs - tied_y))


def mde_rho(n: int, alpha: float = 0.05, power: float = 0.8) -> float:
    """Smallest |rho| a two-sided test at ``alpha`` finds with probability ``power`` among n areas.

    Fisher's z approximation: ``tanh((z(1 - alpha/2) + z(power)) / sqrt(n - 3))``; NaN for
    n < 4. 12 areas: 0.73; 30: 0.49; 100: 0.28; 542: 0.12.

    Examples
    --------
    >>> round(mde_rho(12), 2), round(mde_rho(542), 2)
    (0.73, 0.12)
    """
    if n < 4:
        return math.nan
    z = stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)
    return float(np.tanh(z / math.sqrt(n - 3)))


def _p_value(x, y, statistic, name, exact_max_n, permutation_max_n, permutations, rng):
    n = len(x)
    if n > permutation_max_n:
        test = stats.spearmanr if name == "rho" else stats.kendalltau
        return float(test(x, y).pvalue), "asymptotic"
    exact = math.factorial(n) <= math.factorial(exact_max_n)
    result = stats.permutation_test(
        (x,),
        lambda xs, axis=-1: statistic(np.moveaxis(xs, axis, -1), y),
        permutation_type="pairings",
        vectorized=True,
        n_resamples=np.inf if exact else permutations,
        rng=rng,
    )
    return float(result.pvalue), "exact" if exact else "permutation"


def associate(
    x: np.ndarray,
    y: np.ndarray,
    y_boot: np.ndarray | None,
    *,
    n_respondents: int,
    rng: np.random.Generator,
    level: float = 0.95,
    replicates: int | None = None,
    exact_max_n: int = 8,
    permutation_max_n: int = 30,
    permutations: int = 9_999,
    coefficients: tuple[str, ...] = ("rho", "tau"),
) -> dict:
    """Spearman's rho and Kendall's tau-b of ``x`` and ``y`` (one value per area) with intervals.

    ``y_boot`` holds bootstrap replicates of ``y`` from resampling people within each area
    (replicates in rows); each replicate draws the areas with replacement and takes the drawn
    areas' bootstrap values. Without ``y_boot`` only the areas are resampled (``replicates``
    times). An interval needs at least 95 % of the replicates to define the coefficient (a
    resample of few areas is often constant), else it is NaN. Pairs with a NaN are left out.
    ``coefficients`` limits the work to ``("rho",)`` or ``("tau",)``; the other stays NaN.

    Returns
    -------
    dict
        ``n_areas``, ``n_respondents``, ``rho``, ``rho_low``, ``rho_high``, ``rho_p``,
        ``tau_b``, ``tau_low``, ``tau_high``, ``tau_p``, ``p_method`` ("exact", "permutation",
        "asymptotic" or "" when undefined), ``level``, ``replicates`` and ``mde_rho``.

    Examples
    --------
    >>> x = np.arange(10.0); y = np.array([1.0, 2, 2, 3, 3, 3, 4, 5, 5, 7])
    >>> out = associate(x, y, None, n_respondents=200, rng=np.random.default_rng(0),
    ...                 replicates=500)
    >>> round(out["rho"], 3), out["p_method"], out["rho_low"] > 0.8, out["n_areas"]
    (0.982, 'permutation', True, 10)
    """
    x, y = np.asarray(x, "float64"), np.asarray(y, "float64")
    keep = np.isfinite(x) & np.isfinite(y)
    x, y = x[keep], y[keep]
    n = len(x)
    boot = None if y_boot is None else np.asarray(y_boot, "float64")[:, keep]
    replicates = int(boot.shape[0] if boot is not None else (replicates or 1000))
    out = {
        "n_areas": n, "n_respondents": int(n_respondents), "level": level,
        "replicates": replicates, "mde_rho": mde_rho(n, 1 - level),
        "rho": math.nan, "rho_low": math.nan, "rho_high": math.nan, "rho_p": math.nan,
        "tau_b": math.nan, "tau_low": math.nan, "tau_high": math.nan, "tau_p": math.nan,
        "p_method": "",
    }  # fmt: skip
    if n < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return out
    draws = rng.integers(0, n, size=(replicates, n))
    xs = x[draws]
    ys = y[draws] if boot is None else np.take_along_axis(boot, draws, axis=1)
    tests = (("rho", spearman_rho), ("tau", kendall_tau_b))
    for name, statistic in (t for t in tests if t[0] in coefficients):
        key = "rho" if name == "rho" else "tau_b"
        out[key] = float(statistic(x, y))
        low, high = percentile_interval(statistic(xs, ys)[:, None], level)
        out[f"{name}_low"], out[f"{name}_high"] = float(low[0]), float(high[0])
        p, how = _p_value(x, y, statistic, name, exact_max_n, permutation_max_n, permutations, rng)
        out[f"{name}_p"], out["p_method"] = p, how
    return out


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values) of one family of tests; NaN stays NaN.

    The family is the defined p-values: a test that could not be run does not count.
    Same numbers as :func:`scipy.stats.false_discovery_control`, which does the work.

    Examples
    --------
    >>> benjamini_hochberg(np.array([0.01, 0.04, np.nan, 0.03])).round(3).tolist()
    [0.03, 0.04, nan, 0.04]
    """
    p = np.asarray(p_values, dtype="float64")
    q = np.full(p.shape, np.nan)
    defined = np.isfinite(p)
    if defined.any():
        q[defined] = stats.false_discovery_control(p[defined], method="bh")
    return q
