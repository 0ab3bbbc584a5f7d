"""One Quartier's profile in the report: its compass, indicators, comments and round table.

Everything here is plain data for the templates (strings already written in the reader's
numbers and dates); the compass is the one compass's SVG (:mod:`analysis.figures.compass_svg`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import quoteattr

import pandas as pd

from analysis.figures.compass import Compass
from analysis.figures.compass_svg import compass_svg
from analysis.stats.comments import group_comments
from analysis.texts import Texts

__all__ = ["comment_groups", "compass_figure", "indicator_rows", "record_view", "sparkline_svg"]


def sparkline_svg(values: list[float], label: str) -> str:
    """A small line of a time series (oldest left) as SVG with ``role="img"`` and a label.

    Examples
    --------
    >>> svg = sparkline_svg([1.0, 3.0, 2.0], "Trend")
    >>> svg.startswith('<svg role="img" aria-label="Trend"'), "polyline" in svg
    (True, True)
    """
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = 56 / max(len(values) - 1, 1)
    points = " ".join(
        f"{2 + i * step:.1f},{14 - 12 * (v - low) / span:.1f}" for i, v in enumerate(values)
    )
    return (
        f'<svg role="img" aria-label={quoteattr(label)} class="sparkline" width="60" '
        f'height="16" viewBox="0 0 60 16"><polyline points="{points}" fill="none" '
        f'stroke="#0072B2" stroke-width="1.5"/></svg>'
    )


def _rank(year_values: pd.Series, code: str) -> tuple[int, int] | None:
    """The area's rank among the Kommune's areas that year (1 = highest value)."""
    if code not in year_values.index or pd.isna(year_values[code]):
        return None
    ranks = year_values.rank(ascending=False, method="min")
    return int(ranks[code]), int(year_values.notna().sum())


def _trend(series: pd.Series, texts: Texts) -> str:
    """The sparkline of one area's indicator over the years, "" with fewer than two years."""
    series = series.dropna().sort_index()
    if len(series) < 2:
        return ""
    label = texts.report.trend_alt.format(
        first=int(series.index[0]), last=int(series.index[-1]),
        start=texts.number(float(series.iloc[0])), end=texts.number(float(series.iloc[-1])),
    )  # fmt: skip
    return sparkline_svg([float(v) for v in series], label)


def indicator_rows(
    indicators: pd.DataFrame, info: pd.DataFrame | None, code: str, texts: Texts
) -> list[dict[str, str]]:
    """The area's indicators at their latest year: name, unit, year, value, the Kommune's
    median, rank and trend sparkline (where the indicator has several years).

    ``indicators`` is long (area_code, indicator, year, value) over all the Kommune's areas;
    ``info`` has ``indicator``, ``name``, ``unit`` (missing: the key is the name).
    """
    names = {} if info is None else info.set_index("indicator")[["name", "unit"]].to_dict("index")
    rows = []
    for key, own in indicators[indicators["area_code"] == code].groupby("indicator", sort=True):
        year = int(own["year"].max())
        same = indicators[(indicators["indicator"] == key) & (indicators["year"] == year)]
        by_area = same.set_index("area_code")["value"].astype(float)
        value = by_area.get(code)
        rank = _rank(by_area, code)
        meta = names.get(key, {})
        rows.append({
            "indicator": str(meta.get("name") or key), "unit": str(meta.get("unit") or ""),
            "year": str(year), "value": texts.number(value),
            "kommune": texts.number(float(by_area.median())),
            "rank": texts.report.rank_of.format(rank=rank[0], n=rank[1]) if rank else "",
            "trend": _trend(own.set_index("year")["value"].astype(float), texts),
        })  # fmt: skip
    return rows


def comment_groups(
    comments: pd.DataFrame, titles: Mapping[str, str], texts: Texts
) -> list[dict[str, Any]]:
    """Per theme (instrument order) and kind, the comments grouped: each wording once with
    how often it was given (:func:`analysis.stats.comments.group_comments`)."""
    groups = []
    for slug, title in titles.items():
        said = comments[comments["theme"] == slug]
        kinds = []
        for kind, label in texts.report.comment_kinds.items():
            text = said.loc[said["kind"] == kind, "text"].dropna().astype(str)
            if not text.empty:
                kinds.append({"label": label, "comments": group_comments(text)})
        if kinds:
            groups.append({"theme": title, "kinds": kinds})
    return groups


def _text(record: Mapping[str, Any], key: str) -> str:
    value = record.get(key)
    text = "" if value is None else str(value).strip()
    return "" if text in ("None", "nan", "<NA>") else text


def record_view(
    record: Mapping[str, Any] | None, titles: Mapping[str, str], texts: Texts
) -> dict[str, Any] | None:
    """The round table's record in the moderator form's words, its date written for the
    reader; None when the record holds nothing."""
    if not record:
        return None
    words = texts.round_table
    answers = [(words.questions[key], _text(record, key)) for key in words.questions]
    verdict = _text(record, "overall_need")
    themes = [
        (title, words.verdicts.get(n, n), _text(record, f"note_{slug}"))
        for slug, title in titles.items()
        if (n := _text(record, f"need_{slug}")) or _text(record, f"note_{slug}")
    ]
    if not (any(a for _, a in answers) or verdict or _text(record, "overall_note") or themes):
        return None
    saved = _text(record, "updated_at")
    when = pd.Timestamp(saved) if saved else None
    return {
        "answers": answers, "verdict": words.verdicts.get(verdict, verdict),
        "note": _text(record, "overall_note"), "themes": themes,
        "saved": f"{texts.date(when.date())}, {when:%H:%M}" if when is not None else "",
    }  # fmt: skip


def compass_figure(chart: Compass | None, area: str, texts: Texts, scale) -> dict[str, Any]:
    """The area's compass as a standalone SVG (rings numbered) and its legend (each line's
    name and CSS class, drawn as a stretch of its line by :func:`report_css`); empty without
    a line."""
    if chart is None or not chart.series:
        return {}
    alt = texts.report.compass_alt.format(area=area, low=scale.low, high=scale.high)
    return {
        "svg": compass_svg(
            chart, title=alt, direction=texts.direction, standalone=True, number=texts.number
        ),
        "legend": [(s.name, s.css_class) for s in chart.series],
    }
