"""Indicators over time per Quartier, from the stored years: series, change, jumps, chart.

The bridge from the stored values (:func:`app.services.queries.indicators_frame`, a long
frame) to :mod:`analysis.stats.trends`, :mod:`analysis.stats.change`,
:mod:`analysis.stats.jumps` and :func:`analysis.figures.trend.trend_figure`. Values that jump
implausibly are flagged for the planner to check; nothing is dropped or corrected.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.figures.trend import TrendTexts, trend_figure
from analysis.stats.change import change_between
from analysis.stats.jumps import flag_jumps
from analysis.stats.trends import area_series, trend
from app.core.extensions import db
from app.core.i18n import localized
from app.models import Indicator, Kommune
from app.services.carrying import carried_cells
from app.services.index_settings import IndexSettingsError
from app.services.queries import areas_frame, indicators_frame
from app.services.texts import analysis_texts

#: A value is flagged when its change lies this many standard deviations from all areas' …
DEFAULT_JUMP_SD = 3.0
#: … or exceeds this share of the earlier value.
DEFAULT_JUMP_RELATIVE = 0.5


@dataclass(frozen=True)
class Series:
    """One indicator over time: per area and year (``table``), the Kommune's line and the band
    of all areas per year (``trend``), and every value flagged as a jump (``jumps``)."""

    indicator: Indicator
    table: pd.DataFrame
    trend: pd.DataFrame
    jumps: pd.DataFrame


def find_indicator(kommune: Kommune, key: str) -> Indicator:
    """The Kommune's indicator ``key``; IndexSettingsError (a sentence) when it has none."""
    indicator = db.session.scalar(
        select(Indicator).where(Indicator.kommune_id == kommune.id, Indicator.key == key)
    )
    if indicator is None:
        raise IndexSettingsError(
            _("%(kommune)s has no indicator %(keys)s (stored: %(known)s).",
              kommune=kommune.name, keys=key, known=_known(kommune))
        )  # fmt: skip
    return indicator


def _known(kommune: Kommune) -> str:
    keys = db.session.scalars(select(Indicator.key).where(Indicator.kommune_id == kommune.id))
    return ", ".join(sorted(keys)) or "–"


def direction_sign(indicator: Indicator) -> int:
    """+1 when a higher value means more need, else -1."""
    return -1 if indicator.direction == "lower_is_more_need" else 1


def kommune_how(how: str) -> dict:
    """``how`` of the Kommune's line as keyword arguments of ``analysis.stats.trends.trend``."""
    if how.startswith("weighted:"):
        return {"how": "weighted", "weight": how.split(":", 1)[1]}
    if how not in ("mean", "sum"):
        raise IndexSettingsError(_("The Kommune's value is the mean, the sum or a weighted mean."))
    return {"how": how, "weight": None}


def series(
    kommune: Kommune,
    key: str,
    *,
    how: str = "mean",
    jump_sd: float | None = DEFAULT_JUMP_SD,
    jump_relative: float | None = DEFAULT_JUMP_RELATIVE,
) -> Series:
    """An indicator's stored years per area, the Kommune's line, the band and flagged jumps.

    ``how`` is "mean", "sum" or "weighted:<indicator key>" (see :func:`kommune_how`). Jumps:
    a change from the area's previous stored year more than ``jump_sd`` standard deviations
    from all areas' mean change, or more than ``jump_relative`` of the earlier value (see
    :func:`analysis.stats.jumps.flag_jumps`).

    Examples
    --------
    With a database session (see the tests)::

        s = series(koeln, "EW", how="sum")
        s.table.loc["101", 2012], s.trend.loc[2012, "kommune"], len(s.jumps)
    """
    indicator = find_indicator(kommune, key)
    options = kommune_how(how)
    keys = [key] + ([options["weight"]] if options["weight"] else [])
    long = indicators_frame(kommune, keys)
    if options["weight"] and options["weight"] not in set(long["indicator"]):
        find_indicator(kommune, options["weight"])
    try:
        line = trend(long, key, options["how"], options["weight"])
        jumps = flag_jumps(long[long["indicator"] == key], sd=jump_sd, relative=jump_relative)
    except ValueError as exc:
        raise IndexSettingsError(str(exc)) from None
    flagged = jumps[jumps["jump"]].reset_index(drop=True)
    return Series(indicator, area_series(long, key), line, flagged)


def change(
    kommune: Kommune, key: str, start: int, end: int, *, tolerance: float = 0.0
) -> pd.DataFrame:
    """Per area the values of ``start`` and ``end``, the change (absolute; in percentage points
    for an indicator in %, else in percent of the start) and its direction (better, unchanged,
    worse) after the indicator's stored direction.

    Examples
    --------
    With a database session (see the tests)::

        change(koeln, "Anteil_unter_6", 2005, 2012)[["area_code", "change_pp", "direction"]]
    """
    indicator = find_indicator(kommune, key)
    long = indicators_frame(kommune, [key])
    _check_years(indicator, sorted(set(long["year"].astype(int))), start, end)
    unit = "share" if (indicator.unit or "").strip() == "%" else "count"
    sign = direction_sign(indicator)
    table = change_between(long, key, start, end, unit=unit, direction=sign, tolerance=tolerance)
    names = areas_frame(kommune).set_index("code")["name"]
    table.insert(1, "name", table["area_code"].map(names))
    return table


def _check_years(indicator: Indicator, years: list[int], start: int, end: int) -> None:
    if start == end:
        raise IndexSettingsError(_("Please choose two different years."))
    if start > end:
        raise IndexSettingsError(_("The first year must come before the second."))
    for year in (start, end):
        if year not in years:
            raise IndexSettingsError(
                _("%(key)s has no values for %(year)s; years with values: %(years)s.",
                  key=indicator.key, year=year, years=", ".join(map(str, years)) or "–")
            )  # fmt: skip


def chart_url(kommune: Kommune, data: Series, area_code: str) -> str:
    """The chart of one Quartier (its line, the Kommune's, the band of all) as an SVG data URL.

    An ``<img>``, not inline SVG: matplotlib's SVG styles itself with a ``<style>`` element,
    which the pages' Content-Security-Policy refuses inline.
    """
    texts = analysis_texts()
    names = areas_frame(kommune).set_index("code")["name"]
    words = TrendTexts(
        title=localized(data.indicator.name) or data.indicator.key,
        area=f"{area_code} {names.get(area_code, '')}".strip(),
        kommune=kommune.name,
        band=_("all Quartiere (min–max)"),
        quartiles=_("middle half of the Quartiere"),
        value_axis=data.indicator.unit,
    )
    values = data.table.loc[area_code] if area_code in data.table.index else pd.Series(dtype=float)
    figure = trend_figure(values, data.trend, texts=words,
                          number_format=lambda v: texts.number(v, 1))  # fmt: skip
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _year(text: str | None, years: list[int], default: int) -> int:
    return int(text) if text and text.isdigit() and int(text) in years else default


def trend_page(kommune: Kommune, args: Mapping[str, str]) -> dict:
    """What the time-series page shows for its query values (``indicator``, ``area``, ``how``,
    ``start``, ``end``): the series, the chart of one Quartier, the change between two years
    and the flagged jumps; ``error`` is a sentence when the choice cannot be shown.

    Examples
    --------
    With a request context (see the tests)::

        trend_page(koeln, {"indicator": "EW", "how": "sum", "start": "2005", "end": "2012"})
    """
    keys = list(db.session.scalars(
        select(Indicator.key).where(Indicator.kommune_id == kommune.id).order_by(Indicator.key)
    ))  # fmt: skip
    context: dict = {"keys": keys, "error": None, "data": None}
    key = args.get("indicator") or (keys[0] if keys else "")
    if not key:
        return context
    context.update(key=key, how=args.get("how", "mean"))
    try:
        data = series(kommune, key, how=context["how"])
        years = [int(y) for y in data.table.columns]
        start = _year(args.get("start"), years, years[0])
        end = _year(args.get("end"), years, years[-1])
        area = args.get("area") or str(data.table.index[0])
        context.update(data=data, years=years, start=start, end=end, area=area)
        context["flagged"] = {(r.area_code, int(r.year)) for r in data.jumps.itertuples()}
        context["carried"] = carried_cells(kommune, key)
        context["chart"] = chart_url(kommune, data, area)
        if start != end:
            context["change"] = change(kommune, key, min(start, end), max(start, end))
    except IndexSettingsError as exc:
        context["error"] = str(exc)
    return context
