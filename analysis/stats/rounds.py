"""Survey rounds over time: theme medians with their change, and participation per 1,000."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["participation", "rounds_over_time"]


def _round_order(values: pd.Series, rounds: Sequence | None) -> list:
    present = list(dict.fromkeys(values))
    if rounds is None:
        return sorted(present)
    rounds = list(rounds)
    unknown = [r for r in present if r not in rounds]
    if unknown:
        raise ValueError(f"the round {unknown[0]!r} is not in the given order of rounds.")
    return rounds


def rounds_over_time(
    aggregated: pd.DataFrame,
    *,
    rounds: Sequence | None = None,
    by: Sequence[str] = ("area_code", "role", "theme"),
) -> pd.DataFrame:
    """Theme medians per group across survey rounds, with the change from the previous round.

    ``aggregated`` is the output of :func:`analysis.stats.aggregate.aggregate_ratings` with
    ``round`` among its ``by`` columns (statistics of small groups already blanked,
    ``suppressed`` set). ``rounds`` gives their order (default: sorted). One row per group
    and round present, in round order, with ``median``, ``n`` (``n_respondents``),
    ``suppressed``, ``previous_round`` (the last earlier round in which the group appears),
    ``previous_median`` and ``change`` (median minus previous median). A suppressed group
    stays suppressed: its median and n stay missing, and no change is computed to or from it,
    so the change never reveals a hidden median.

    Examples
    --------
    >>> a = pd.DataFrame({"round": ["2023", "2025"], "area_code": "1 a", "role": "resident",
    ...                   "theme": "play", "n_respondents": [12, 9], "median": [3.0, 4.5],
    ...                   "suppressed": False})
    >>> rounds_over_time(a)[["round", "median", "change"]].values.tolist()
    [['2023', 3.0, nan], ['2025', 4.5, 1.5]]
    """
    if not isinstance(aggregated, pd.DataFrame):
        raise TypeError(f"aggregated must be a pandas DataFrame, not {type(aggregated).__name__}.")
    by = list(by)
    needed = ["round", *by, "n_respondents", "median", "suppressed"]
    missing = [c for c in needed if c not in aggregated.columns]
    if missing:
        raise ValueError(f"the aggregated ratings have no column {missing[0]!r}.")
    if aggregated.duplicated(["round", *by]).any():
        raise ValueError("each group may appear only once per round.")
    order = _round_order(aggregated["round"], rounds)
    rank = {r: i for i, r in enumerate(order)}
    out = aggregated[needed].rename(columns={"n_respondents": "n"}).copy()
    out["suppressed"] = out["suppressed"].astype(bool)
    out.loc[out["suppressed"], ["median"]] = np.nan
    out["n"] = out["n"].astype("Int64").mask(out["suppressed"])
    out["_rank"] = out["round"].map(rank)
    out = out.sort_values([*by, "_rank"], kind="stable")
    before = out.groupby(by, dropna=False, sort=False)[["round", "median"]].shift(1)
    out["previous_round"] = before["round"]
    out["previous_median"] = before["median"]
    out["change"] = out["median"] - out["previous_median"]
    out = out.sort_values(["_rank", *by], kind="stable").drop(columns="_rank")
    return out[["round", *by, "n", "suppressed", "median", "previous_round",
                "previous_median", "change"]].reset_index(drop=True)  # fmt: skip


def participation(
    responses: pd.DataFrame,
    population: pd.DataFrame,
    *,
    k: int = 5,
    per: int = 1000,
) -> pd.DataFrame:
    """Responses per ``per`` residents, per area and round, suppressed below ``k`` responses.

    ``responses`` has ``area_code``, ``round`` and ``n_respondents`` (responses counted, before
    any suppression); ``population`` has ``area_code``, ``population`` and optionally
    ``round`` (residents at the time of that round; without it one number per area serves all
    rounds). Returns ``area_code``, ``round``, ``n_respondents``, ``population``,
    ``per_1000`` (named after ``per``) and ``suppressed``. When fewer than ``k`` responded,
    both the count and the rate are missing: a rate times the population would reveal it.
    No total over areas is given – it would reveal suppressed areas by difference. An area
    without a population gets a missing rate.

    Examples
    --------
    >>> r = pd.DataFrame({"area_code": ["1", "2"], "round": "2025", "n_respondents": [30, 3]})
    >>> p = pd.DataFrame({"area_code": ["1", "2"], "population": [6000, 2000]})
    >>> participation(r, p, k=5)[["per_1000", "suppressed"]].values.tolist()
    [[5.0, False], [nan, True]]
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ValueError(f"k must be a whole number of at least 1, not {k!r}.")
    for name, frame, columns in (
        ("responses", responses, ["area_code", "round", "n_respondents"]),
        ("population", population, ["area_code", "population"]),
    ):
        if not isinstance(frame, pd.DataFrame):
            raise TypeError(f"{name} must be a pandas DataFrame, not {type(frame).__name__}.")
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise ValueError(f"the {name} have no column {missing[0]!r}.")
    keys = ["area_code", "round"] if "round" in population.columns else ["area_code"]
    if population.duplicated(keys).any():
        raise ValueError("the population has more than one number for an area and round.")
    out = responses[["area_code", "round", "n_respondents"]].merge(
        population[[*keys, "population"]], on=keys, how="left"
    )
    counts = out["n_respondents"].astype("float64")
    pop = out["population"].astype("float64")
    rate = (per * counts / pop).where(pop > 0)
    small = (counts.fillna(0) < k).to_numpy()
    out["n_respondents"] = out["n_respondents"].astype("Int64").mask(small)
    out[f"per_{per}"] = rate.mask(small)
    out["suppressed"] = small
    return out
