"""Theme × indicator associations: the catalogue's documented hypotheses, tested honestly.

Each pair says which indicator a theme's rating plausibly reflects (``analysis/data/
hypotheses.json``, one-line rationale each; a Kommune can pass its own). Every pair is one test
of one family: the p-values are adjusted together with Benjamini–Hochberg (``q_value``), so
among the pairs called notable (q below 0.05) at most 5 % are expected to be chance.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from importlib import resources
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.stats.association import associate, benjamini_hochberg, kendall_tau_b

__all__ = ["TEST_COLUMNS", "hypothesis_tests", "load_hypotheses"]

TEST_COLUMNS = [
    "theme", "indicator", "year", "rationale", "n_areas", "n_respondents", "rho", "rho_low",
    "rho_high", "tau_b", "p_value", "q_value", "p_method",
]  # fmt: skip

Pairs = pd.DataFrame | Mapping[str, Iterable[str]] | Iterable[Mapping] | str | PathLike | None


def load_hypotheses(pairs: Pairs = None, lang: str = "de") -> pd.DataFrame:
    """The theme–indicator pairs to test: ``theme``, ``indicator``, ``rationale`` (in ``lang``).

    ``pairs`` is None (the packaged hypotheses), a JSON file of the same shape, a list of
    ``{"theme", "indicator", "rationale"}`` records, a mapping theme -> indicators, or a frame.

    Examples
    --------
    >>> load_hypotheses().query("theme == 'play'")["indicator"].tolist()
    ['nef_u15', 'jugendquotient', 'S4']
    >>> load_hypotheses({"safety": ["sgb2_quote"]}).values.tolist()
    [['safety', 'sgb2_quote', '']]
    """
    if pairs is None or isinstance(pairs, str | PathLike):
        text = (
            resources.files("analysis").joinpath("data/hypotheses.json").read_text("utf-8")
            if pairs is None
            else Path(pairs).read_text("utf-8-sig")
        )
        pairs = json.loads(text)["hypotheses"]
    if isinstance(pairs, Mapping):
        pairs = [{"theme": t, "indicator": i} for t, keys in pairs.items() for i in keys]
    frame = pd.DataFrame(pairs if isinstance(pairs, pd.DataFrame) else list(pairs))
    if frame.empty:
        return pd.DataFrame(columns=["theme", "indicator", "rationale"], dtype="str")
    missing = {"theme", "indicator"} - set(frame.columns)
    if missing:
        raise ValueError(f"each hypothesis needs a theme and an indicator ({sorted(missing)}).")
    rationale = frame.get("rationale", pd.Series("", index=frame.index))
    frame["rationale"] = [
        str(r.get(lang) or r.get("en") or "")
        if isinstance(r, Mapping)
        else ("" if pd.isna(r) else str(r))
        for r in rationale
    ]
    frame = frame[["theme", "indicator", "rationale"]].astype("str")
    return frame.drop_duplicates(["theme", "indicator"]).reset_index(drop=True)


def _latest(indicators: pd.DataFrame, key: str) -> tuple[pd.Series, object]:
    values = indicators[indicators["indicator"] == key]
    year = values["year"].max() if len(values) else pd.NA
    if pd.notna(year):
        values = values[values["year"] == year]
    return values.set_index(values["area_code"].astype("str"))["value"].astype("float64"), year


def hypothesis_tests(
    pairs: pd.DataFrame,
    medians: pd.DataFrame,
    boot: np.ndarray,
    indicators: pd.DataFrame | None,
    *,
    rng: np.random.Generator,
    level: float = 0.95,
) -> pd.DataFrame:
    """One row per pair: the residents' theme medians across areas against the indicator.

    Parameters
    ----------
    pairs : DataFrame
        From :func:`load_hypotheses`.
    medians : DataFrame
        One row per published (area, theme) group of residents: ``area_code``, ``theme``,
        ``n`` and ``median``; row ``i`` matches column ``i`` of ``boot``.
    boot : (replicates, rows) array
        Bootstrap medians of those groups (people resampled within the area).
    indicators : DataFrame or None
        Long: ``area_code``, ``indicator``, ``year``, ``value``; the latest year of each
        indicator is used. Pairs whose theme or indicator is absent are left out.

    Returns
    -------
    DataFrame
        :data:`TEST_COLUMNS`: Spearman's rho with its two-stage bootstrap interval and p-value
        (exact, permutation or asymptotic, see :mod:`analysis.stats.association`), Kendall's
        tau-b, and the Benjamini–Hochberg ``q_value`` over all rows with a p-value.

    Examples
    --------
    >>> none = pd.DataFrame(columns=["area_code", "theme", "n", "median"])
    >>> out = hypothesis_tests(load_hypotheses(), none, np.empty((10, 0)), None,
    ...                        rng=np.random.default_rng(0))
    >>> list(out.columns) == TEST_COLUMNS, len(out)
    (True, 0)
    """
    rows = []
    if indicators is not None:
        position = pd.Series(np.arange(len(medians)), index=pd.MultiIndex.from_frame(
            medians[["theme", "area_code"]].astype("str")))  # fmt: skip
        for pair in pairs.itertuples(index=False):
            if pair.theme not in position.index.get_level_values(0):
                continue
            values, year = _latest(indicators, pair.indicator)
            if values.empty:
                continue
            columns = position.loc[pair.theme]
            x = values.reindex(columns.index).to_numpy()
            own = medians.iloc[columns.to_numpy()]
            y = own["median"].to_numpy("float64")
            found = associate(
                x, y, boot[:, columns.to_numpy()], rng=rng, level=level, coefficients=("rho",),
                n_respondents=int(own["n"].to_numpy()[np.isfinite(x) & np.isfinite(y)].sum()),
            )  # fmt: skip
            keep = np.isfinite(x) & np.isfinite(y)
            tau = float(kendall_tau_b(x[keep], y[keep])) if keep.sum() >= 3 else np.nan
            rows.append(
                {"theme": pair.theme, "indicator": pair.indicator, "year": year,
                 "rationale": pair.rationale, "tau_b": tau, "p_value": found["rho_p"],
                 **{k: found[k] for k in ("n_areas", "n_respondents", "rho", "rho_low",
                                          "rho_high", "p_method")}}
            )  # fmt: skip
    table = pd.DataFrame(rows, columns=TEST_COLUMNS)
    table["q_value"] = benjamini_hochberg(table["p_value"].to_numpy("float64"))
    return table.astype({"year": "Int64", "n_areas": "int64", "n_respondents": "int64"})
