"""What the report's templates show, computed once from a campaign's suppressed results.

:func:`report_context` turns :class:`~analysis.outputs.results.Results` (already suppressed:
nothing here sees a small group's value) into plain values for the templates: the cover, the
summary, the overview table, the map and quadrant as SVG, one profile per Quartier and the
method. Numbers and dates are written for the Texts' locale here, so templates never format.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import pandas as pd

from analysis.figures.map_paths import has_geometry, missing_note
from analysis.outputs.results import Results
from analysis.report.charts import index_map_svg, median_map_svg, quadrant_svg
from analysis.report.dynamics import report_dynamics
from analysis.report.profile import (
    comment_groups,
    comments_by_area,
    compass_figure,
    indicator_rows,
    record_view,
)
from analysis.report.sections import ReportSection, ordered
from analysis.texts import Texts

__all__ = ["report_context"]


def _median(value: Any, low: Any, high: Any, texts: Texts) -> str:
    if pd.isna(value):
        return "–"
    text = texts.number(float(value))
    if pd.notna(low) and pd.notna(high):
        text += f" [{texts.number(float(low))}–{texts.number(float(high))}]"
    return text


def _category(row: pd.Series, texts: Texts) -> str:
    words = texts.quadrant
    category = words.categories.get(row["category"], str(row["category"]))
    if row["category"] == "unclear" and row.get("reason"):
        category += f" ({words.reasons.get(row['reason'], row['reason'])})"
    return category


def _overview(res: Results, records: dict[str, dict], dynamics) -> list[dict[str, str]]:
    """One row per Quartier: index, class, dynamics, medians with intervals, n, category,
    verdict."""
    texts, verdicts = res.texts, res.texts.round_table.verdicts
    table = res.validation.areas.set_index("area_code")
    rows = []
    for number, (code, name) in enumerate(
        zip(res.areas["code"], res.areas["name"], strict=True), 1
    ):
        row = table.loc[code] if code in table.index else None
        get = lambda key, r=row: None if r is None else r.get(key)  # noqa: E731
        klass = get("class_label")
        verdict = str((records.get(code) or {}).get("overall_need") or "")
        rows.append({
            "number": str(number), "code": str(code), "name": str(name),
            "index": texts.number(get("index"), 2) or "–",
            "class": str(klass) if isinstance(klass, str) and klass else "–",
            "dynamics": dynamics.cells.get(str(code), "–"),
            "resident": _median(get("resident_median"), get("resident_low"),
                                get("resident_high"), texts),
            "expert": _median(get("expert_median"), get("expert_low"), get("expert_high"), texts),
            "n": "–" if pd.isna(get("resident_n")) else str(int(get("resident_n"))),
            "category": "–" if row is None else _category(row, texts),
            "verdict": verdicts.get(verdict, verdict) or "–",
        })  # fmt: skip
    return rows


def _summary(res: Results, overview: list[dict[str, str]]) -> list[str]:
    """Plain sentences: how many answered, where residents and the index see most need."""
    words, texts = res.texts.report, res.texts
    now = res.overall[(res.overall["round"] == res.current) & (res.overall["role"] == "resident")]
    answered = int(res.data.ratings.loc[res.data.ratings["round"] == res.current,
                                        "response_id"].nunique())  # fmt: skip
    lines = [words.summary_answers.format(n=texts.number(answered, 0), areas=len(res.areas))]
    names = dict(zip(res.areas["code"], res.areas["name"], strict=True))
    low = now.dropna(subset=["median"]).nsmallest(3, "median")
    if not low.empty:
        lines.append(words.summary_low.format(
            areas=", ".join(str(names.get(c, c)) for c in low["area_code"])))  # fmt: skip
    need = res.index_table.dropna(subset=["index"]).nlargest(3, "index")
    if not need.empty:
        lines.append(words.summary_need.format(
            areas=", ".join(str(names.get(c, c)) for c in need["area_code"])))  # fmt: skip
    lines.append(words.summary_scale.format(low=res.scale.low, high=res.scale.high))
    return lines


def _records(res: Results) -> dict[str, dict]:
    records = res.data.validation_records
    if records is None or records.empty or "area_code" not in records:
        return {}
    return {str(row["area_code"]): dict(row) for _, row in records.iterrows()}


def _profiles(res: Results, compasses, records, overview, codes) -> list[dict[str, Any]]:
    """One profile per area of ``codes`` (in the areas' order)."""
    texts, titles = res.texts, res.titles
    comments = res.comments[res.comments["round"] == res.current]
    if not res.data.include_comments:
        comments = comments[:0]
    said = comments_by_area(comments)
    status = {row["code"]: row for row in overview}
    chosen = [(c, n) for c, n in zip(res.areas["code"], res.areas["name"], strict=True)
              if c in codes]  # fmt: skip
    indicators = indicator_rows(res.data.indicators, res.data.indicator_info, codes, texts)
    profiles = []
    for code, name in chosen:
        title = f"{name} ({code})"
        row = status[code]
        line = texts.report.not_computed
        if row["index"] != "–":
            line = texts.report.status.format(value=row["index"])
            if row["class"] != "–":
                line = texts.report.status_class.format(status=line, label=row["class"])
        profiles.append({
            "code": str(code), "number": row["number"], "title": title, "status": line,
            "compass": compass_figure(compasses.get(code), title, texts, res.scale),
            "indicators": indicators.get(str(code), []),
            "comments": comment_groups(said.get(str(code), {}), titles, texts),
            "record": record_view(records.get(code), titles, texts),
        })  # fmt: skip
    return profiles


def _profiles_note(res: Results, chosen: set[str]) -> str:
    """Says which Quartiere have a profile when not all have one; "" when all do."""
    shown = chosen & set(res.areas["code"].astype(str))
    if len(shown) == len(res.areas):
        return ""
    return res.texts.report.profiles_chosen.format(n=len(shown), total=len(res.areas))


def _method(res: Results) -> tuple[str, str]:
    data, texts = res.data, res.texts
    source = texts.report.sources.format(sources=data.source_note or texts.maps.own_survey)
    if data.index is None:
        note = data.index_note.strip() if data.index_note else "–"
        return texts.report.method_no_index.format(note=note, k=data.k), source
    method = texts.report.method.format(
        method=res.index_params.get("method", "–"),
        indicators=", ".join(data.index.indicators) or "–",
        year=res.index_year or "–", k=data.k, validation=res.validation.summary,
    )  # fmt: skip
    if data.index_note:
        method = f"{method} {data.index_note}"
    return method, source


def _index_name(saved, res: Results) -> str | None:
    """The saved version's name (its year when the name lacks it), else method and year."""
    if saved is None:
        return None
    year = str(res.index_year or saved.year or "")
    if saved.name:
        return saved.name if not year or year in saved.name else f"{saved.name} ({year})"
    return f"{res.index_params.get('method', '–')} {year}".strip()


def _charts(res: Results, overview) -> dict[str, str]:
    """The map of the index (with its year) and the numbered quadrant when there is an index;
    the note on missing outlines always."""
    texts, words = res.texts, res.texts.report
    present = has_geometry(res.layer)
    note = missing_note(res.layer, present, texts=texts) if present.any() else None
    charts = {"map_note": texts.maps.no_outlines if note is None else note}
    if present.any() and res.layer["resident_median"].notna().any():
        charts["median_map"] = median_map_svg(
            res.layer, res.scale.as_tuple(), texts=texts,
            title=texts.maps.median_title.format(round=res.current),
            legend_title=texts.maps.median_legend.format(low=res.scale.low, high=res.scale.high),
            source=res.data.source_note or texts.maps.own_survey,
        )  # fmt: skip
    if res.index_year is None:
        return charts
    if present.any():
        charts["map"] = index_map_svg(res.layer, labels=res.index_params.get("labels"),
                                      title=words.map_title.format(year=res.index_year),
                                      legend_title=words.map_legend,
                                      source=res.data.source_note or texts.maps.own_survey,
                                      texts=texts)  # fmt: skip
    numbers = {row["code"]: int(row["number"]) for row in overview}
    areas = res.validation.areas.assign(number=res.validation.areas["area_code"].map(numbers))
    charts["quadrant"] = quadrant_svg(areas.dropna(subset=["number"]), res.validation.params,
                                      texts)  # fmt: skip
    return charts


def report_context(
    res: Results,
    compasses,
    sections: Sequence[ReportSection] = (),
    profiles: Collection[str] | None = None,
) -> dict[str, Any]:
    """Everything the report's templates show, for :func:`analysis.report.document.report_html`.

    ``compasses`` maps area codes to their :class:`~analysis.figures.compass.Compass`;
    ``sections`` are the chapters the app adds (:mod:`analysis.report.sections`);
    ``profiles`` the area codes that get a profile (default all). Summary, overview table,
    map and quadrant always cover every Quartier.

    Examples
    --------
    >>> from tests.support.synthetic import synthetic_campaign
    >>> from analysis.outputs.results import compute_results
    >>> context = report_context(compute_results(synthetic_campaign(4, 200, seed=1)), {})
    >>> len(context["overview"]), context["lang"]
    (4, 'en')
    """
    data, texts = res.data, res.texts
    records = _records(res)
    dynamics = report_dynamics(res)
    overview = _overview(res, records, dynamics)
    method, source = _method(res)
    params = res.validation.params
    rule = texts.report.validation_rule.format(
        level=texts.number(100 * params["level"], 0), low=texts.number(params["thresholds"][0], 2),
        high=texts.number(params["thresholds"][1], 2), min=params["scale"][0],
        max=params["scale"][1],
    )  # fmt: skip
    ratings = res.data.ratings
    answered = ratings.loc[ratings["round"] == res.current, "response_id"].nunique()
    index = _index_name(data.index, res)
    everyone = [str(code) for code in res.areas["code"]]
    chosen = set(everyone if profiles is None else (str(code) for code in profiles))
    return {
        "lang": texts.locale.split("_")[0], "dir": texts.direction, "w": texts.report,
        "title": data.title,
        "subtitle": texts.report.subtitle.format(kommune=data.kommune, round=res.current),
        "as_of": texts.report.as_of.format(date=texts.date(res.generated)),
        "status": texts.report.data_status.format(
            answers=texts.number(answered, 0), areas=len(res.areas),
            index=index or texts.report.no_index, k=data.k),
        "summary": _summary(res, overview), "overview": overview,
        "dynamics_note": dynamics.note,
        "columns": texts.report.overview_columns, "charts": _charts(res, overview),
        "validation_summary": res.validation.summary, "validation_rule": rule,
        "profiles": _profiles(res, compasses, records, overview, chosen),
        "profiles_note": _profiles_note(res, chosen),
        "indicator_columns": texts.report.indicator_columns,
        "method": method, "source": source, "sections": ordered(sections),
        "index_year": res.index_year, "scale_low": res.scale.low, "scale_high": res.scale.high,
        "round_table": texts.round_table,
    }  # fmt: skip
