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

__all__ = [
    "comment_groups",
    "comments_by_area",
    "compass_figure",
    "indicator_rows",
    "record_view",
    "sparkline_svg",
]


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


def _years(indicators: pd.DataFrame, texts: Texts) -> dict[tuple, tuple]:
    """Per (indicator, year): the areas' values, their ranks (1 = highest), how many have a
    value and the Kommune's median as text – computed once, not once per area."""
    found = {}
    for key, same in indicators.groupby(["indicator", "year"], sort=False):
        by_area = same.set_index("area_code")["value"].astype(float)
        ranks = by_area.rank(ascending=False, method="min")
        found[key] = (by_area.to_dict(), ranks.to_dict(), int(by_area.notna().sum()),
                      texts.number(float(by_area.median())))  # fmt: skip
    return found


def _series(indicators: pd.DataFrame, wanted: set[str]) -> dict[tuple, dict]:
    """Per (area, indicator) of the ``wanted`` areas: value by year (plain dicts: a pandas
    filter per area and indicator cost seconds at 542 Quartiere)."""
    own = indicators[indicators["area_code"].astype(str).isin(wanted)]
    series: dict[tuple, dict] = {}
    columns = (own[c].tolist() for c in ("area_code", "indicator", "year", "value"))
    for code, key, year, value in zip(*columns, strict=True):
        series.setdefault((str(code), key), {})[year] = float(value)
    return series


def indicator_rows(
    indicators: pd.DataFrame, info: pd.DataFrame | None, codes, texts: Texts
) -> dict[str, list[dict[str, str]]]:
    """Per area of ``codes``, its indicators at their latest year: name, unit, year, value,
    the Kommune's median, rank and trend sparkline (where the indicator has several years).

    ``indicators`` is long (area_code, indicator, year, value) over all the Kommune's areas;
    ``info`` has ``indicator``, ``name``, ``unit`` (missing: the key is the name).

    Examples
    --------
    >>> from analysis.texts import Texts
    >>> long = pd.DataFrame({"area_code": ["a", "b", "a", "b"], "indicator": "S1",
    ...                      "year": [2022, 2022, 2023, 2023], "value": [1.0, 2.0, 3.0, 1.0]})
    >>> row = indicator_rows(long, None, ["a"], Texts(locale="de"))["a"][0]
    >>> row["year"], row["value"], row["kommune"], row["rank"]
    ('2023', '3,0', '2,0', '1 of 2')
    """
    names = {} if info is None else info.set_index("indicator")[["name", "unit"]].to_dict("index")
    years = _years(indicators, texts)
    wanted = {str(code) for code in codes}
    rows: dict[str, list[dict[str, str]]] = {code: [] for code in wanted}
    for (code, key), by_year in sorted(_series(indicators, wanted).items()):
        year = max(by_year)
        by_area, ranks, n, median = years[(key, year)]
        value = by_year[year]
        meta = names.get(key, {})
        rows[code].append({
            "indicator": str(meta.get("name") or key), "unit": str(meta.get("unit") or ""),
            "year": str(int(year)), "value": texts.number(value), "kommune": median,
            "rank": "" if pd.isna(value) else texts.report.rank_of.format(
                rank=int(ranks[code]), n=n),
            "trend": _trend(pd.Series(by_year, dtype=float), texts),
        })  # fmt: skip
    return rows


def comments_by_area(comments: pd.DataFrame) -> dict[str, dict[tuple[str, str], list[str]]]:
    """The comments' texts per area and (theme, kind), in the order given.

    >>> said = pd.DataFrame({"area_code": ["1", "1"], "theme": "play", "kind": "good",
    ...                      "text": ["Schön", None]})
    >>> comments_by_area(said)
    {'1': {('play', 'good'): ['Schön']}}
    """
    found: dict[str, dict[tuple[str, str], list[str]]] = {}
    columns = (comments[c].tolist() for c in ("area_code", "theme", "kind", "text"))
    for code, theme, kind, text in zip(*columns, strict=True):
        if text is not None and not pd.isna(text):
            found.setdefault(str(code), {}).setdefault((theme, kind), []).append(str(text))
    return found


def comment_groups(
    said: Mapping[tuple[str, str], list[str]], titles: Mapping[str, str], texts: Texts
) -> list[dict[str, Any]]:
    """Per theme (instrument order) and kind, an area's comments (:func:`comments_by_area`)
    grouped: each wording once with how often it was given
    (:func:`analysis.stats.comments.group_comments`)."""
    groups = []
    for slug, title in titles.items():
        kinds = [
            {"label": label, "comments": group_comments(said[(slug, kind)])}
            for kind, label in texts.report.comment_kinds.items()
            if said.get((slug, kind))
        ]
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
