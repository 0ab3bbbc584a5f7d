"""How a measure's Quartiere changed since the decision, next to the other Quartiere of the
Kommune (:func:`analysis.stats.measure_change.against_the_rest`).

Indicators: the kept baseline value against the latest stored year. Themes: the kept baseline
median (with its 95 % interval) against the newest round's median and interval
(:func:`app.services.measure_baselines.theme_medians`). The rest of the Kommune is compared on
the values stored now for the same two years or rounds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import select

from analysis.stats.measure_change import against_the_rest, intervals_overlap
from app.core.extensions import db
from app.core.i18n import localized
from app.models import Campaign, Indicator, Measure, MeasureBaseline
from app.services.measure_baselines import indicator_values, latest_round, theme_medians
from app.services.queries import indicators_frame

COLUMNS = [
    "kind", "key", "title", "area_code", "start_ref", "end_ref", "start", "end", "change",
    "rest_change", "rest_areas", "difference", "start_low", "start_high", "end_low", "end_high",
    "overlap",
]  # fmt: skip


def _baselines(measure: Measure, kind: str) -> dict[str, list[MeasureBaseline]]:
    grouped: dict[str, list[MeasureBaseline]] = {}
    for b in measure.baselines:
        if b.kind == kind:
            grouped.setdefault(b.key, []).append(b)
    return grouped


def _compare(start: pd.Series, end: pd.Series, kept: list[MeasureBaseline]) -> pd.DataFrame:
    start = start.copy()
    for b in kept:  # the measure's own start is the value kept at the decision
        start.loc[b.area_code] = np.nan if b.value is None else b.value
    return against_the_rest(start, end, [b.area_code for b in kept])


def _indicator_rows(measure: Measure) -> list[dict]:
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
            table = _compare(start, end, kept)
            table["end_ref"] = str(end_year)
        rows += _rows(table, "indicator", key, key, start_year)
    return rows


def _theme_rows(measure: Measure, titles: dict[str, str]) -> list[dict]:
    rows = []
    newest = latest_round(measure.kommune)
    baseline_round: Campaign | None = measure.campaign
    chosen = _baselines(measure, "theme")
    medians: dict[int, pd.DataFrame] = {}  # one aggregation per round, not one per theme
    for slug, kept in chosen.items():
        later = newest is not None and newest.round_label != kept[0].reference
        if later and baseline_round is not None:
            for c in (baseline_round, newest):
                if c.id not in medians:
                    medians[c.id] = theme_medians(c, list(chosen))
            before = _of_theme(medians[baseline_round.id], slug)["median"]
            after = _of_theme(medians[newest.id], slug)
            table = _compare(before, after["median"], kept)
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
    the Kommune's other Quartiere (``rest_change``, over ``rest_areas`` Quartiere) and the
    ``difference``; for themes the 95 % intervals of both medians and whether they ``overlap``.

    Examples
    --------
    With a database session (see the tests)::

        evaluation_frame(measure)[["key", "area_code", "change", "rest_change", "difference"]]
    """
    titles = {}
    campaign = measure.campaign or latest_round(measure.kommune)
    if campaign is not None:
        titles = {t.slug: str(localized(t.title)) for t in campaign.instrument.themes}
    rows = _indicator_rows(measure) + _theme_rows(measure, titles)
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
