"""Finer units to coarser areas: counts summed, shares weighted by a population column.

A table for finer units (Berlin's 542 Planungsräume) reaches the Kommune's areas (58
Prognoseräume) through links: the first N characters of each code (:func:`prefix_links`,
and :func:`find_prefix` to propose N) or a crosswalk (:mod:`analysis.readers.crosswalks`).
The arithmetic is :func:`analysis.stats.crosswalk.carry_to_new_areas`; this module decides
what goes in:

* **counts** (every indicator not named a share, the weight too) are summed. An area whose
  parts are not all known stays empty – a partial sum would pass for the whole – and the
  parts without a value are named. A part linked to several areas is split by the residents
  per link that the crosswalk gives, and refused without them.
* **shares** are averaged weighted by the named population column of the same year, over the
  parts that have a share and residents (> 0); the parts left out are named. Shares without
  a population column are refused.

Rows whose code has no link are named and left out.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from os import PathLike

import pandas as pd

from analysis.readers.errors import N_, InputFileError, Message
from analysis.stats.crosswalk import carry_to_new_areas

__all__ = ["Aggregated", "aggregate", "find_prefix", "prefix_links"]

NO_WEIGHT = N_("shares (%(shares)s) are averaged weighted by residents: name the column that "
               "holds them.")  # fmt: skip
NO_COLUMN = N_("there is no column '%(name)s' among the values.")
WEIGHT_SHARE = N_("the population column '%(name)s' cannot be a share itself.")
NO_SPLIT = N_("'%(code)s' goes to several areas: its count %(indicator)s can only be split with "
              "residents per link in the crosswalk.")  # fmt: skip
NO_LINK = N_("'%(code)s' belongs to no area and is left out.")
COUNT_GAP = N_("%(indicator)s of area '%(area)s' in %(year)s is left empty: no value for "
               "%(parts)s.")  # fmt: skip
SHARE_GAP = N_("%(indicator)s of area '%(area)s' in %(year)s is averaged without %(parts)s (no "
               "value or no residents).")  # fmt: skip
SHARE_EMPTY = N_("%(indicator)s of area '%(area)s' in %(year)s is left empty: no value or no "
                 "residents for %(parts)s.")  # fmt: skip
_UNKNOWN_YEAR = -1  # carry_to_new_areas needs a whole-number year; restored as <NA>


@dataclass
class Aggregated:
    """Values on the coarser areas (``area_code, indicator, year, value, parts``) and notes."""

    values: pd.DataFrame
    problems: list[Message] = field(default_factory=list)


def prefix_links(codes: Sequence[str], n: int) -> dict[str, tuple[str, ...]]:
    """Link each code to its first ``n`` characters.

    Examples
    --------
    >>> prefix_links(["01100101", "01100102", "01200308"], 4)
    {'01100101': ('0110',), '01100102': ('0110',), '01200308': ('0120',)}
    """
    if not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number of at least 1, not {n!r}.")
    return {code: (code[:n],) for code in dict.fromkeys(codes)}


def find_prefix(codes: Sequence[str], areas: Collection[str]) -> tuple[int, int] | None:
    """The prefix length under which most codes fall into an area, and how many do.

    Only lengths shorter than the codes count; ``None`` if no prefix names an area.

    Examples
    --------
    >>> find_prefix(["01100101", "01100102", "01200308"], {"0110", "0120"})
    (4, 3)
    """
    distinct, wanted = list(dict.fromkeys(codes)), set(areas)
    best = None
    for n in range(1, max((len(c) for c in distinct), default=0)):
        covered = sum(len(c) > n and c[:n] in wanted for c in distinct)
        if covered and (best is None or covered > best[1]):
            best = (n, covered)
    return best


def _year_text(year: int) -> str:
    return "–" if year == _UNKNOWN_YEAR else str(year)


def _gaps(rows: pd.DataFrame, template: str, problems: list[Message]) -> None:
    for (area, indicator, year), group in rows.groupby(["new_code", "indicator", "year"]):
        parts = ", ".join(sorted(group["area_code"]))
        params = {"indicator": indicator, "area": area, "year": _year_text(year), "parts": parts}
        problems.append(Message(template, params))


def _split(code: str, links, population) -> dict[str, float] | None:
    """How a part's residents divide between its areas (``None``: not given)."""
    targets = links[code]
    if len(targets) == 1:
        return {targets[0]: 1.0}
    people = [population.get((code, area)) for area in targets]
    if any(p is None for p in people) or sum(people) <= 0:
        return None
    return {area: p / sum(people) for area, p in zip(targets, people, strict=True)}


def _counts(long, links, population, source) -> tuple[pd.DataFrame, pd.DataFrame]:
    if long.empty:
        return long, long
    rows = []
    for code in long["area_code"].unique():
        split = _split(code, links, population)
        if split is None:
            indicator = long.loc[long["area_code"] == code, "indicator"].iloc[0]
            raise InputFileError(source, NO_SPLIT, code=code, indicator=indicator)
        rows.extend((code, area, fraction) for area, fraction in split.items())
    crosswalk = pd.DataFrame(rows, columns=["old_code", "new_code", "population"])
    units = dict.fromkeys(long["indicator"], "count")
    gaps = long[long["value"].isna()].merge(crosswalk, left_on="area_code", right_on="old_code")
    return carry_to_new_areas(long, crosswalk, units), gaps


def _shares(long, weights, links, population) -> tuple[list[pd.DataFrame], pd.DataFrame]:
    merged = long.merge(weights, on=["area_code", "year"], how="left")
    usable = merged["value"].notna() & merged["weight"].gt(0)
    out = []
    for _year, rows in merged[usable].groupby("year"):
        by_code = rows.drop_duplicates("area_code").set_index("area_code")["weight"]
        crosswalk = pd.DataFrame(
            [(code, area, weight * (_split(code, links, population) or {}).get(area, 1.0))
             for code, weight in by_code.items() for area in links[code]],
            columns=["old_code", "new_code", "population"],
        )  # fmt: skip
        units = dict.fromkeys(rows["indicator"], "share")
        out.append(carry_to_new_areas(rows[list(long.columns)], crosswalk, units))
    left_out = merged[~usable].assign(new_code=lambda f: [links[c] for c in f["area_code"]])
    return out, left_out.explode("new_code")


def _check(long, links, shares, weight, source) -> None:
    present = set(long["indicator"])
    for name in [*shares, *([weight] if weight else [])]:
        if name not in present:
            raise InputFileError(source, NO_COLUMN, name=name)
    if shares and not weight:
        raise InputFileError(source, NO_WEIGHT, shares=", ".join(shares))
    if weight in shares:
        raise InputFileError(source, WEIGHT_SHARE, name=weight)


def aggregate(
    long: pd.DataFrame,
    links: Mapping[str, Sequence[str]],
    *,
    source: str | PathLike,
    shares: Sequence[str] = (),
    weight: str | None = None,
    link_population: Mapping[tuple[str, str], float] | None = None,
) -> Aggregated:
    """Aggregate ``long`` (``area_code, indicator, year, value``) along ``links``.

    ``shares`` are averaged weighted by the indicator ``weight``; every other indicator is
    a count. ``link_population`` (residents per (code, area) link, from a crosswalk) splits
    counts of codes linked to several areas. Choices that do not fit raise
    :class:`~analysis.readers.errors.InputFileError` naming ``source``.

    Examples
    --------
    >>> long = pd.DataFrame({"area_code": ["11", "12", "11", "12"], "indicator": ["EW", "EW",
    ...                      "S3", "S3"], "year": 2020, "value": [300.0, 100, 10.0, 30.0]})
    >>> result = aggregate(long, {"11": ["1"], "12": ["1"]}, source="plr.csv", shares=["S3"],
    ...                    weight="EW")
    >>> result.values
      area_code indicator  year  value   parts
    0         1        EW  2020  400.0  11, 12
    1         1        S3  2020   15.0  11, 12
    """
    shares, population = list(shares), dict(link_population or {})
    _check(long, links, shares, weight, source)
    frame = long[["area_code", "indicator", "year", "value"]].copy()
    frame["year"] = frame["year"].astype("Int64").fillna(_UNKNOWN_YEAR).astype("int64")
    keys = ["area_code", "indicator", "year"]
    frame.loc[frame.duplicated(keys, keep=False), "value"] = float("nan")
    frame = frame.drop_duplicates(keys)
    problems = [Message(NO_LINK, {"code": c}) for c in frame["area_code"].unique()
                if not links.get(c)]  # fmt: skip
    frame = frame[frame["area_code"].map(lambda c: bool(links.get(c)))]
    is_share = frame["indicator"].isin(shares)
    counted, count_gaps = _counts(frame[~is_share], links, population, source)
    _gaps(count_gaps, COUNT_GAP, problems)
    parts = [counted]
    if shares:
        weights = frame[frame["indicator"] == weight][["area_code", "year", "value"]]
        shared, left_out = _shares(frame[is_share], weights.rename(columns={"value": "weight"}),
                                   links, population)  # fmt: skip
        parts.extend(shared)
        done = {tuple(k) for p in shared for k in p[["area_code", "indicator", "year"]].values}
        wanted = left_out[["new_code", "indicator", "year"]].values
        partial = pd.Series([tuple(k) in done for k in wanted], index=left_out.index, dtype=bool)
        _gaps(left_out.loc[partial], SHARE_GAP, problems)
        _gaps(left_out.loc[~partial], SHARE_EMPTY, problems)
        empty = left_out.loc[~partial].groupby(["new_code", "indicator", "year"])["area_code"]
        parts.append(empty.agg(lambda c: ", ".join(sorted(c))).rename("carried_from")
                     .reset_index().rename(columns={"new_code": "area_code"})
                     .assign(value=float("nan")))  # fmt: skip
    found = [p for p in parts if not p.empty]
    columns = ["area_code", "indicator", "year", "value", "carried_from"]
    values = pd.concat(found, ignore_index=True) if found else pd.DataFrame(columns=columns)
    values = values.rename(columns={"carried_from": "parts"})
    values["year"] = values["year"].astype("Int64").mask(values["year"] == _UNKNOWN_YEAR)
    values = values.sort_values(["area_code", "indicator", "year"], ignore_index=True)
    return Aggregated(values, problems)
