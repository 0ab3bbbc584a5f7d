"""How a measure's Quartiere changed since the decision, next to the other Quartiere of the
Kommune (:func:`analysis.stats.measure_change.against_the_rest`).

Indicators: the kept baseline value against the latest stored year. Themes: the kept baseline
median (with its 95 % interval) against the newest round's median and interval
(:func:`app.services.measure_baselines.theme_medians`). The rest of the Kommune is compared on
the values stored now for the same two years or rounds: its mean change is weighted by the
Quartiere's stored population where every one of them has one
(:func:`analysis.stats.measure_change.kommune_mean`), and for themes it carries a 95 %
bootstrap interval (:func:`analysis.stats.measure_change.change_interval`, seeded, so the
page, the report and the file show the same bounds).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import select

from analysis.stats.measure_change import (
    against_the_rest,
    change_interval,
    intervals_overlap,
    rest_areas,
)
from analysis.stats.scores import GroupCounts
from app.core.extensions import db
from app.core.i18n import localized
from app.models import Campaign, Indicator, Kommune, Measure, MeasureBaseline
from app.services.measure_baselines import (
    indicator_values,
    latest_round,
    theme_counts,
    theme_medians,
)
from app.services.queries import areas_frame, indicators_frame

#: The seed of the Kommune's change interval: the same bounds on every page and in every file.
SEED = 20261130

COLUMNS = [
    "kind", "key", "title", "area_code", "start_ref", "end_ref", "start", "end", "change",
    "rest_change", "rest_low", "rest_high", "rest_areas", "rest_weighted", "difference",
    "start_low", "start_high", "end_low", "end_high", "overlap",
]  # fmt: skip


def _baselines(measure: Measure, kind: str) -> dict[str, list[MeasureBaseline]]:
    grouped: dict[str, list[MeasureBaseline]] = {}
    for b in measure.baselines:
        if b.kind == kind:
            grouped.setdefault(b.key, []).append(b)
    return grouped


def _populations(kommune: Kommune) -> pd.Series:
    """The stored population per Quartier (NaN where none is stored)."""
    areas = areas_frame(kommune)
    return pd.Series(areas["population"].to_numpy("float64"), index=areas["code"].astype(str))


def _compare(
    start: pd.Series, end: pd.Series, kept: list[MeasureBaseline], weights: pd.Series
) -> pd.DataFrame:
    start = start.copy()
    for b in kept:  # the measure's own start is the value kept at the decision
        start.loc[b.area_code] = np.nan if b.value is None else b.value
    return against_the_rest(start, end, [b.area_code for b in kept], weights)


def _counts_of(counts: GroupCounts | None, slug: str, codes: pd.Index) -> np.ndarray | None:
    """The score counts of ``codes`` for one theme, in that order; None if one is missing."""
    if counts is None:
        return None
    keys = pd.MultiIndex.from_frame(counts.keys[["area_code", "theme"]].astype(str))
    rows = pd.Series(np.arange(len(keys)), index=keys).reindex(
        pd.MultiIndex.from_arrays([codes.astype(str), [slug] * len(codes)])
    )
    return None if rows.isna().any() else counts.counts[rows.to_numpy("int64")]


def _rest_interval(before, after, kept, slug, counts, weights) -> tuple[float, float]:
    """The 95 % interval of the other Quartiere's mean change of a theme median."""
    codes = rest_areas(before, after, [b.area_code for b in kept])
    start, end = _counts_of(counts[0], slug, codes), _counts_of(counts[1], slug, codes)
    if start is None or end is None:
        return np.nan, np.nan
    found = weights.reindex(codes).to_numpy("float64")
    usable = np.isfinite(found).all() and found.sum() > 0
    values = counts[1].scale.values
    return change_interval(start, end, values, found if usable else None,
                           rng=np.random.default_rng(SEED))  # fmt: skip


def _indicator_rows(measure: Measure, weights: pd.Series) -> list[dict]:
    rows = []
    for key, kept in _baselines(measure, "indicator").items():
        years = sorted(set(indicators_frame(measure.kommune, [key])["year"].astype(int)))
        start_year = kept[0].reference
        end_year = years[-1] if years else None
        if not start_year or end_year is None or end_year <= int(start_year):
            table = pd.DataFrame({"area_code": [b.area_code for b in kept]})
            table["start"] = [b.value for b in kept]
            table["end_ref"] = ""
        else:
            _y, start = indicator_values(measure.kommune, key, int(start_year))
            _y, end = indicator_values(measure.kommune, key, end_year)
            table = _compare(start, end, kept, weights)
            table["end_ref"] = str(end_year)
        rows += _rows(table, "indicator", key, key, start_year)
    return rows


def _theme_rows(measure: Measure, titles: dict[str, str], weights: pd.Series) -> list[dict]:
    rows = []
    newest = latest_round(measure.kommune)
    baseline_round: Campaign | None = measure.campaign
    chosen = _baselines(measure, "theme")
    medians: dict[int, pd.DataFrame] = {}  # one aggregation per round, not one per theme
    counts: dict[int, GroupCounts | None] = {}
    for slug, kept in chosen.items():
        later = newest is not None and newest.round_label != kept[0].reference
        if later and baseline_round is not None:
            for c in (baseline_round, newest):
                if c.id not in medians:
                    medians[c.id] = theme_medians(c, list(chosen))
                    counts[c.id] = theme_counts(c)
            before = _of_theme(medians[baseline_round.id], slug)["median"]
            after = _of_theme(medians[newest.id], slug)
            table = _compare(before, after["median"], kept, weights)
            pair = (counts[baseline_round.id], counts[newest.id])
            bounds = _rest_interval(before, after["median"], kept, slug, pair, weights)
            table["rest_low"], table["rest_high"] = bounds
            table["end_low"] = table["area_code"].map(after["low"])
            table["end_high"] = table["area_code"].map(after["high"])
            table["end_ref"] = newest.round_label
        else:
            table = pd.DataFrame({"area_code": [b.area_code for b in kept]})
            table["start"] = [b.value for b in kept]
            table["end_ref"] = ""
        table["start_low"] = [b.low for b in kept]
        table["start_high"] = [b.high for b in kept]
        rows += _rows(table, "theme", slug, titles.get(slug, slug), kept[0].reference)
    for row in rows:
        row["overlap"] = intervals_overlap(
            np.array([row["start_low"]]), np.array([row["start_high"]]),
            np.array([row["end_low"]]), np.array([row["end_high"]]),
        )[0]  # fmt: skip
    return rows


def _of_theme(medians: pd.DataFrame, slug: str) -> pd.DataFrame:
    return medians[medians["theme"] == slug].set_index("area_code")


def _rows(table: pd.DataFrame, kind: str, key: str, title: str, start_ref: str) -> list[dict]:
    table = table.reindex(columns=COLUMNS)
    table["kind"], table["key"], table["title"], table["start_ref"] = kind, key, title, start_ref
    table = table.astype(object).where(table.notna(), None)
    return table.to_dict("records")


def evaluation_frame(measure: Measure) -> pd.DataFrame:
    """One row per indicator or theme and Quartier of the measure: baseline (``start``, its
    year or round ``start_ref``), latest (``end``, ``end_ref``), ``change``, the mean change of
    the Kommune's other Quartiere (``rest_change``, over ``rest_areas`` Quartiere, weighted by
    population when ``rest_weighted``) and the ``difference``; for themes the 95 % intervals
    of both medians, whether they ``overlap``, and that of the others' change
    (``rest_low``–``rest_high``).

    Examples
    --------
    With a database session (see the tests)::

        evaluation_frame(measure)[["key", "area_code", "change", "rest_change", "difference"]]
    """
    titles = {}
    campaign = measure.campaign or latest_round(measure.kommune)
    if campaign is not None:
        titles = {t.slug: str(localized(t.title)) for t in campaign.instrument.themes}
    weights = _populations(measure.kommune)
    rows = _indicator_rows(measure, weights) + _theme_rows(measure, titles, weights)
    frame = pd.DataFrame(rows, columns=COLUMNS)
    names = _indicator_names(measure)
    indicator = frame["kind"] == "indicator"
    frame.loc[indicator, "title"] = frame.loc[indicator, "key"].map(names)
    return frame


def _indicator_names(measure: Measure) -> dict[str, str]:
    rows = db.session.scalars(select(Indicator).where(Indicator.kommune_id == measure.kommune_id))
    return {i.key: str(localized(i.name) or i.key) for i in rows}


def evaluate(measure: Measure) -> dict:
    """The evaluation as the measure's page shows it: rows per indicator and theme."""
    frame = evaluation_frame(measure)
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    return {
        "indicators": [r for r in rows if r["kind"] == "indicator"],
        "themes": [r for r in rows if r["kind"] == "theme"],
    }
