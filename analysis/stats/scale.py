"""The rating scale of an instrument and the rules that depend on it.

Every rule that used to assume 1–7 is stated here once, relative to the scale:

- **Low and high bands** (``share_low``, ``share_high``): the lowest and highest
  ``max(1, points // 3)`` points, i.e. the outer thirds of the scale rounded down, so the middle
  keeps at least a third. 1–7: 1–2 and 6–7 (as the Place Standard reports them); 1–3: 1 and 3;
  1–5: 1 and 5; 1–8: 1–2 and 7–8; 1–10: 1–3 and 8–10.
- **Validation thresholds**: the midpoint minus and plus a margin in scale steps (default half a
  step). 1–7: 3.5 and 4.5; 1–3: 1.5 and 2.5; 1–8: 4 and 5. A group rates "low" only when its
  whole interval lies below the lower threshold, "high" only when it lies above the upper one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["PLACE_STANDARD_SCALE", "Scale", "band_limits", "scale_of"]


def band_limits(low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Highest score of the low band and lowest score of the high band, element-wise.

    Examples
    --------
    >>> band_limits(np.array([1, 1, 0]), np.array([7, 3, 10]))
    (array([2, 1, 2]), array([6, 3, 8]))
    """
    low, high = np.asarray(low, dtype="int64"), np.asarray(high, dtype="int64")
    band = np.maximum(1, (high - low + 1) // 3)
    return low + band - 1, high - band + 1


@dataclass(frozen=True)
class Scale:
    """A whole-number rating scale from ``low`` (much to improve) to ``high``.

    Examples
    --------
    >>> s = Scale(1, 3)
    >>> s.points, s.midpoint, s.low_band_max, s.high_band_min
    (3, 2.0, 1, 3)
    >>> s.thresholds()
    (1.5, 2.5)
    """

    low: int = 1
    high: int = 7

    def __post_init__(self) -> None:
        for value in (self.low, self.high):
            if isinstance(value, bool) or not float(value).is_integer():
                raise ValueError(f"a scale runs between whole numbers, not {value!r}.")
        object.__setattr__(self, "low", int(self.low))
        object.__setattr__(self, "high", int(self.high))
        if self.low >= self.high:
            raise ValueError(f"the scale's minimum {self.low} must be below its maximum.")

    @property
    def points(self) -> int:
        """Number of answer options."""
        return self.high - self.low + 1

    @property
    def midpoint(self) -> float:
        """Centre of the scale (4 on 1–7)."""
        return (self.low + self.high) / 2

    @property
    def values(self) -> np.ndarray:
        """Every possible score, lowest first."""
        return np.arange(self.low, self.high + 1, dtype="float64")

    @property
    def low_band_max(self) -> int:
        """Scores up to this one count towards ``share_low``."""
        return int(band_limits(np.array([self.low]), np.array([self.high]))[0][0])

    @property
    def high_band_min(self) -> int:
        """Scores from this one on count towards ``share_high``."""
        return int(band_limits(np.array([self.low]), np.array([self.high]))[1][0])

    def thresholds(self, margin: float = 0.5) -> tuple[float, float]:
        """Lower and upper validation threshold: the midpoint -/+ ``margin`` scale steps."""
        margin = float(margin)
        if not 0 <= margin < (self.high - self.low) / 2:
            raise ValueError(
                f"the margin must be at least 0 and below half the scale's range, not {margin}."
            )
        return self.midpoint - margin, self.midpoint + margin

    def as_tuple(self) -> tuple[int, int]:
        """``(low, high)``, as the charts take it."""
        return self.low, self.high


#: The Place Standard's 1–7 scale, assumed when the data say nothing about the scale.
PLACE_STANDARD_SCALE = Scale(1, 7)


def scale_of(
    frame: pd.DataFrame | None, default: Scale | tuple[int, int] | None = PLACE_STANDARD_SCALE
) -> Scale:
    """The one scale named by a frame's ``scale_min``/``scale_max`` columns.

    Themes frames and ratings may carry the columns; without them ``default`` is returned (an
    error if ``default`` is None). A frame mixing several scales is refused: one chart axis and
    one set of thresholds cannot serve them all.

    Examples
    --------
    >>> scale_of(pd.DataFrame({"slug": ["a"], "scale_min": [1], "scale_max": [3]}))
    Scale(low=1, high=3)
    >>> scale_of(pd.DataFrame({"slug": ["a"]}))
    Scale(low=1, high=7)
    """
    if frame is not None and {"scale_min", "scale_max"} <= set(frame.columns):
        pairs = frame[["scale_min", "scale_max"]].dropna().drop_duplicates()
        if len(pairs) > 1:
            shown = ", ".join(f"{int(a)}–{int(b)}" for a, b in pairs.itertuples(index=False))
            raise ValueError(f"the themes use several scales ({shown}); analyse them apart.")
        if len(pairs) == 1:
            return Scale(*pairs.iloc[0].tolist())
    if default is None:
        raise ValueError("the data name no scale (columns scale_min and scale_max).")
    return default if isinstance(default, Scale) else Scale(*default)
