"""Empirical-Bayes shrinkage of small areas' scores toward the Kommune's value.

An area with few answers has a noisy median; shrinking pulls it toward the Kommune's value in
proportion to that noise: ``shrunk = target + w * (estimate - target)`` with the weight
``w = tau² / (tau² + v)``, ``v`` the area's sampling variance (from its bootstrap) and ``tau²``
the variance between areas beyond sampling noise, estimated by moments as
``max(0, var(estimates) - mean(v))``. Large areas keep their value (w near 1), small ones move
toward the target. A steadier ranking for maps; never a replacement for the published median,
and not used for the categories.
"""

from __future__ import annotations

import numpy as np

__all__ = ["shrink"]


def shrink(
    estimates: np.ndarray, variances: np.ndarray, target: float
) -> tuple[np.ndarray, np.ndarray]:
    """Shrunk estimates and their weights ``w`` (1 = unchanged, 0 = the target); NaN stays NaN.

    Examples
    --------
    >>> shrunk, w = shrink(np.array([2.0, 6.0, 4.0]), np.array([0.0, 4.0, 0.0]), 4.0)
    >>> shrunk.round(2).tolist(), w.round(2).tolist()
    ([2.0, 4.8, 4.0], [1.0, 0.4, 1.0])
    """
    estimates = np.asarray(estimates, "float64")
    variances = np.asarray(variances, "float64")
    ok = np.isfinite(estimates) & np.isfinite(variances)
    weight = np.full(estimates.shape, np.nan)
    if ok.sum() >= 2:
        tau2 = max(0.0, float(np.var(estimates[ok], ddof=1) - variances[ok].mean()))
        total = tau2 + variances[ok]
        weight[ok] = np.where(total > 0, tau2 / np.where(total > 0, total, 1), 1.0)
    return target + weight * (estimates - target), weight
