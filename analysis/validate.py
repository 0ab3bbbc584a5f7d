"""Validate the social index against residents' ratings: do statistics and perception agree?"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from analysis.aggregate import aggregate_ratings, overall_scores

__all__ = ["CATEGORIES", "DEFAULT_THEME_DOMAINS", "ValidationResult", "validate_needs"]

CATEGORIES = ("confirmed", "hidden", "resource", "inconspicuous", "insufficient_data")

# Which indicators a theme's rating plausibly reflects. Hypotheses to discuss at the round
# table, not causal claims: work <-> unemployment and benefit receipt; housing and community
# <-> income poverty and single parents (affordability, social mix); play <-> child poverty
# and the share of young people; facilities and social contact <-> old-age poverty and an
# ageing population (services and meeting places for older people).
DEFAULT_THEME_DOMAINS: dict[str, list[str]] = {
    "work": ["arbeitslose", "sgb2_quote", "S1"],
    "housing": ["sgb2_quote", "alleinerziehende", "S3"],
    "play": ["nef_u15", "jugendquotient", "S4"],
    "facilities": ["altersarmut", "altenquotient", "aging_index"],
    "social": ["altersarmut", "alleinerziehende", "greying_index"],
}
_DOMAIN_COLUMNS = ["theme", "indicator", "year", "rho", "p_value", "n"]
_GAP_COLUMNS = [
    "area_code", "theme", "resident_n", "expert_n", "resident_median", "expert_median", "gap",
]  # fmt: skip


@dataclass
class ValidationResult:
    """Result of :func:`validate_needs`; ``params`` records the configuration used."""

    areas: pd.DataFrame
    correlation: dict
    gaps: pd.DataFrame
    domains: pd.DataFrame
    params: dict = field(default_factory=dict)


def _spearman(x: pd.Series, y: pd.Series) -> dict:
    both = pd.DataFrame({"x": x, "y": y}).astype("float64").dropna()
    n = len(both)
    # scipy warns on constant input; with n < 3 or no variation rho is undefined
    if n < 3 or both["x"].nunique() < 2 or both["y"].nunique() < 2:
        return {"rho": math.nan, "p_value": math.nan, "n": n}
    rho, p = spearmanr(both["x"], both["y"])
    return {"rho": float(rho), "p_value": float(p), "n": n}


def _category(row, need_classes, low, high) -> str:
    if pd.isna(row["index"]) or pd.isna(row["class"]) or pd.isna(row["resident_median"]):
        return "insufficient_data"
    need = int(row["class"]) in need_classes
    if row["resident_median"] <= low:
        return "confirmed" if need else "hidden"
    if need and row["resident_median"] >= high:
        return "resource"
    return "inconspicuous"


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(area_code=frame["area_code"].astype("str"))


def _gaps(ratings: pd.DataFrame, per_theme: pd.DataFrame, k: int) -> pd.DataFrame:
    # The all-areas row pools only published (area, role, theme) groups: pooling a suppressed
    # group would let "total minus published areas" reveal its size.
    keys = ["area_code", "role", "theme"]
    published = per_theme.loc[~per_theme["suppressed"], keys]
    shown = pd.MultiIndex.from_frame(ratings[keys]).isin(pd.MultiIndex.from_frame(published))
    overall = aggregate_ratings(ratings[shown], k=k, by=("role", "theme")).assign(area_code="all")
    stats = pd.concat([_as_text(per_theme), overall], ignore_index=True)
    stats = stats[~stats["suppressed"]]
    cols = ["area_code", "theme", "n_respondents", "median"]
    joined = stats.loc[stats["role"] == "resident", cols].merge(
        stats.loc[stats["role"] == "expert", cols], on=["area_code", "theme"], suffixes=("_r", "_e")
    )
    gaps = pd.DataFrame(
        {
            "area_code": joined["area_code"],
            "theme": joined["theme"],
            "resident_n": joined["n_respondents_r"],
            "expert_n": joined["n_respondents_e"],
            "resident_median": joined["median_r"],
            "expert_median": joined["median_e"],
            "gap": joined["median_e"] - joined["median_r"],
        }
    )
    gaps["_all"] = gaps["area_code"] == "all"
    gaps = gaps.sort_values(["_all", "area_code", "theme"], kind="stable")
    return gaps[_GAP_COLUMNS].reset_index(drop=True)


def _given(
    frame: pd.DataFrame | None, keys: tuple[str, ...], k: int, name: str
) -> pd.DataFrame | None:
    """Check precomputed aggregates passed to :func:`validate_needs`; None if not given."""
    if frame is None:
        return None
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame.")
    missing = [c for c in (*keys, "n_respondents", "median", "suppressed") if c not in frame]
    if missing:
        raise ValueError(f"{name} has no column '{missing[0]}'.")
    if "round" in frame.columns and frame["round"].nunique() > 1:
        raise ValueError(f"{name} holds several rounds; pass the aggregates of one round.")
    if (frame.loc[~frame["suppressed"], "n_respondents"] < k).any():
        raise ValueError(f"{name} was computed with a smaller k than {k}.")
    return frame


def _domains(areas: pd.DataFrame, theme_domains, indicators: pd.DataFrame | None) -> pd.DataFrame:
    rows = []
    if indicators is not None:
        needed = {"area_code", "indicator", "year", "value"}
        if not isinstance(indicators, pd.DataFrame) or not needed <= set(indicators.columns):
            raise ValueError("indicators must be a long frame: area_code, indicator, year, value.")
        for theme, keys in theme_domains.items():
            if f"median_{theme}" not in areas.columns:
                continue
            ratings = areas.set_index("area_code")[f"median_{theme}"]
            for key in keys:
                values = indicators[indicators["indicator"] == key]
                if values.empty:
                    continue
                year = values["year"].max()
                if pd.notna(year):
                    values = values[values["year"] == year]
                series = values.set_index(values["area_code"].astype("str"))["value"]
                stats = _spearman(series.reindex(ratings.index), ratings)
                rows.append({"theme": theme, "indicator": key, "year": year, **stats})
    frame = pd.DataFrame(rows, columns=_DOMAIN_COLUMNS)
    return frame.astype({"year": "Int64", "rho": "float64", "p_value": "float64", "n": "int64"})


def validate_needs(
    index_table: pd.DataFrame,
    ratings: pd.DataFrame,
    *,
    id_column: str = "area_code",
    k: int = 5,
    need_classes: Sequence[int] = (3, 4),
    low_median: float = 3.5,
    high_median: float = 4.5,
    theme_domains: Mapping[str, Sequence[str]] | None = None,
    indicators: pd.DataFrame | None = None,
    aggregates: pd.DataFrame | None = None,
    overall: pd.DataFrame | None = None,
) -> ValidationResult:
    """Compare the social index with residents' ratings, area by area.

    "Need" means an index class in ``need_classes`` (default 3-4 of the Berlin classes,
    4 = most need). Per area (``areas``): ``area_code``, ``index``, ``class``,
    ``class_label``, ``resident_n``, ``resident_median`` (residents, all themes; <NA> if
    fewer than ``k`` respondents), ``median_<theme>`` per theme and ``category``:

    - ``confirmed``: need, and residents rate low (median <= ``low_median``);
    - ``hidden``: no statistical need, but residents rate low;
    - ``resource``: need, but residents rate high (median >= ``high_median``);
    - ``inconspicuous``: everything else;
    - ``insufficient_data``: index or residents' median missing or suppressed.

    ``correlation`` is Spearman's rho between ``index`` and ``resident_median`` with ``n``
    and ``p_value`` (NaN when n < 3). Since a high index means more need and a low rating
    means more room for improvement, agreement shows as a *negative* rho. ``gaps`` holds
    expert minus resident median per area and theme where both groups have at least ``k``
    respondents, plus one row per theme over all areas (``area_code="all"``). ``domains``
    correlates each theme's residents' medians with the indicators mapped to it in
    ``theme_domains`` (default :data:`DEFAULT_THEME_DOMAINS`), using the latest year of each
    indicator in the long ``indicators`` frame; indicators not in the frame are skipped.

    Callers that have already aggregated ``ratings`` can pass the results to save the work:
    ``aggregates`` as from ``aggregate_ratings(ratings, k=k, by=("area_code", "role",
    "theme"))`` and ``overall`` as from ``overall_scores(ratings, k=k, by=("area_code",
    "role"))``, computed with the same ``k`` from the same (one-round) ``ratings``.

    Examples
    --------
    >>> result = validate_needs(index.table, ratings, id_column="PLR_ID")  # doctest: +SKIP
    >>> result.areas.groupby("category").size()  # doctest: +SKIP
    """
    if not isinstance(index_table, pd.DataFrame) or not isinstance(ratings, pd.DataFrame):
        raise TypeError("index_table and ratings must be pandas DataFrames.")
    missing = [c for c in (id_column, "index", "class") if c not in index_table.columns]
    if missing:
        raise ValueError(f"the index table has no column '{missing[0]}'.")
    if not low_median <= high_median:
        raise ValueError("low_median must not be greater than high_median.")
    if "round" in ratings.columns and ratings["round"].nunique() > 1:
        raise ValueError("the ratings hold several rounds; validate one round at a time.")
    need_classes = tuple(int(c) for c in need_classes)
    theme_domains = DEFAULT_THEME_DOMAINS if theme_domains is None else theme_domains

    index = pd.DataFrame(
        {
            "area_code": index_table[id_column].astype("str"),
            "index": index_table["index"].astype("float64"),
            "class": index_table["class"].astype("Int64"),
            "class_label": index_table["class_label"].astype("str")
            if "class_label" in index_table.columns
            else pd.Series(np.nan, index=index_table.index, dtype="str"),
        }
    )
    per_theme = _given(aggregates, ("area_code", "role", "theme"), k, "aggregates")
    if per_theme is None:
        per_theme = aggregate_ratings(ratings, k=k, by=("area_code", "role", "theme"))
    groups = _given(overall, ("area_code", "role"), k, "overall")
    if groups is None:
        groups = overall_scores(ratings, k=k, by=("area_code", "role"))
    residents = _as_text(groups[groups["role"] == "resident"])
    themes = _as_text(per_theme[per_theme["role"] == "resident"])
    medians = themes.pivot(index="area_code", columns="theme", values="median")
    medians.columns = [f"median_{t}" for t in medians.columns]
    areas = index.merge(
        residents[["area_code", "n_respondents", "median"]].rename(
            columns={"n_respondents": "resident_n", "median": "resident_median"}
        ),
        on="area_code",
        how="outer",
    ).merge(medians.reset_index(), on="area_code", how="left")
    areas["resident_n"] = areas["resident_n"].astype("Int64")
    areas["category"] = pd.Series(
        [_category(r, need_classes, low_median, high_median) for _, r in areas.iterrows()],
        index=areas.index,
        dtype="str",
    )
    correlation = {**_spearman(areas["index"], areas["resident_median"]), "method": "spearman"}
    params = {
        "k": k,
        "need_classes": list(need_classes),
        "low_median": low_median,
        "high_median": high_median,
        "theme_domains": {t: list(v) for t, v in theme_domains.items()},
    }
    return ValidationResult(
        areas=areas.reset_index(drop=True),
        correlation=correlation,
        gaps=_gaps(ratings, per_theme, k),
        domains=_domains(areas, theme_domains, indicators),
        params=params,
    )
