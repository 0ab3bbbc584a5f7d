"""The Sozialatlas: a map per indicator and year, or of the change between two years.

Classes come from :func:`analysis.figures.classes.classify` (mapclassify: quantiles, equal
intervals, natural breaks, or the planner's own upper limits), once, on the server: the web
map colours each Quartier with the class it computed, and the legend, the table beside the map
and the PNG/SVG (:func:`analysis.figures.maps.choropleth`) show the same classes. A value equal
to an upper limit belongs to that limit's class.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd
from flask_babel import gettext as _

from analysis.figures.classes import INDEX_CMAP, class_colours, classify
from analysis.figures.maps import choropleth
from analysis.figures.style import save_figure
from app.core.i18n import localized
from app.models import Kommune
from app.services.index_settings import IndexSettingsError, parse_numbers
from app.services.maps import NO_DATA
from app.services.queries import areas_frame, indicators_frame
from app.services.texts import analysis_texts
from app.services.time_series import change, find_indicator

SCHEMES = ("quantiles", "equal_interval", "natural_breaks", "manual")
#: The query values of the Sozialatlas page (and of its PNG/SVG links).
QUERY_KEYS = ("indicator", "mode", "start", "year", "scheme", "k", "limits")
#: The change map: purple where the value fell, orange where it rose.
CHANGE_CMAP = "PuOr_r"


@dataclass(frozen=True)
class Choice:
    """What the planner asked to map: an indicator in ``year``, or its change from ``start``."""

    indicator: str
    year: int
    start: int | None = None
    scheme: str = "quantiles"
    k: int = 5
    limits: list[float] = field(default_factory=list)


def _int(text: str | None, default: int | None) -> int | None:
    return int(text) if text and str(text).isdigit() else default


def choice_from(args: Mapping[str, str], keys: list[str], years: list[int]) -> Choice:
    """The map the query values ask for; IndexSettingsError (a sentence) for unusable ones.

    Examples
    --------
    >>> choice_from({"indicator": "EW", "year": "2012", "scheme": "manual",
    ...              "limits": "100; 1000,5"}, ["EW"], [2011, 2012]).limits
    [100.0, 1000.5]
    """
    key = args.get("indicator") or (keys[0] if keys else "")
    scheme = args.get("scheme") or "quantiles"
    if scheme not in SCHEMES:
        raise IndexSettingsError(_("Please choose how the classes are formed."))
    text = (args.get("limits") or "").replace(";", " ").split()
    try:
        limits = parse_numbers(text)
    except ValueError:
        raise IndexSettingsError(
            _("Class limits must be numbers separated by spaces, e.g. 5 10 15,5.")
        ) from None
    if scheme == "manual" and not limits:
        raise IndexSettingsError(_("Please give the upper limit of each class, e.g. 5 10 15,5."))
    k = min(max(_int(args.get("k"), 5), 2), 9)
    year = _int(args.get("year"), years[-1] if years else None)
    start = _int(args.get("start"), None) if args.get("mode") == "change" else None
    if args.get("mode") == "change" and start is None:
        raise IndexSettingsError(_("Please choose the first year of the change."))
    return Choice(key, year, start, scheme, k, limits)


@dataclass
class Atlas:
    """A classified map: per area ``table`` (code, name, value, class, label, colour) and the
    ``legend`` as (label, colour) per class; ``title`` and ``unit`` say what is mapped."""

    table: pd.DataFrame
    legend: list[tuple[str, str]]
    title: str
    unit: str
    areas: object = None


def _values(kommune: Kommune, choice: Choice) -> tuple[pd.Series, str, str]:
    indicator = find_indicator(kommune, choice.indicator)
    name = localized(indicator.name) or indicator.key
    if choice.start is not None:
        table = change(kommune, choice.indicator, choice.start, choice.year)
        column = "change_pp" if "change_pp" in table else "change_pct"
        unit = _("percentage points") if column == "change_pp" else "%"
        title = _("%(name)s: change %(start)s–%(end)s", name=name, start=choice.start,
                  end=choice.year)  # fmt: skip
        return table.set_index("area_code")[column], title, unit
    long = indicators_frame(kommune, [choice.indicator])
    rows = long[long["year"] == choice.year]
    if rows.empty:
        years = ", ".join(str(int(y)) for y in sorted(long["year"].unique())) or "–"
        raise IndexSettingsError(
            _("%(key)s has no values for %(year)s; years with values: %(years)s.",
              key=choice.indicator, year=choice.year, years=years)
        )  # fmt: skip
    return rows.set_index("area_code")["value"], f"{name} {choice.year}", indicator.unit


def atlas(kommune: Kommune, choice: Choice) -> Atlas:
    """The classified map of ``choice`` over the Kommune's areas.

    Examples
    --------
    With a request context (see the tests)::

        atlas(koeln, Choice("EW", 2012, scheme="natural_breaks", k=5)).legend
    """
    values, title, unit = _values(kommune, choice)
    areas = areas_frame(kommune)
    areas["value"] = areas["code"].map(values).astype("float64")
    known = areas["value"].dropna()
    if choice.scheme == "manual" and len(known) and known.max() > choice.limits[-1]:
        raise IndexSettingsError(
            _("The last class limit must be at least the largest value (%(max)s).",
              max=analysis_texts().number(known.max(), 2))
        )  # fmt: skip
    bins = choice.limits if choice.scheme == "manual" else None
    try:
        classes, labels, _bins = classify(
            areas["value"], choice.scheme, k=choice.k, bins=bins, texts=analysis_texts()
        )
    except ValueError:
        raise IndexSettingsError(_("Class limits must increase from class to class.")) from None
    colours = class_colours(CHANGE_CMAP if choice.start is not None else INDEX_CMAP, len(labels))
    areas["class"] = classes
    areas["label"] = [labels[c - 1] if pd.notna(c) else "" for c in classes]
    areas["colour"] = [colours[c - 1] if pd.notna(c) else NO_DATA for c in classes]
    legend = list(zip(labels, colours, strict=True))
    return Atlas(areas.drop(columns="geometry"), legend, title, unit, areas)


def features(data: Atlas) -> dict:
    """The map as GeoJSON for the web map: each Quartier with its value, class and colour."""
    areas = data.areas
    shown = areas[areas.geometry.notna() & ~areas.geometry.is_empty]
    frame = shown[["code", "name", "value", "label", "colour", "geometry"]]
    frame = frame.assign(value=frame["value"].round(2).astype(object).where(frame["value"].notna()))
    return frame.__geo_interface__


def figure(kommune: Kommune, data: Atlas, fmt: str) -> bytes:
    """The same map as PNG or SVG (:func:`analysis.figures.maps.choropleth`), with its legend.

    A Sozialatlas section of the report can draw it the same way (the report's extension point
    has not landed yet).
    """
    colours = [colour for _label, colour in data.legend]
    classes = data.areas.assign(atlas_class=data.areas["class"].astype("float64"))
    labels = {i + 1: label for i, (label, _c) in enumerate(data.legend)}
    ax = choropleth(classes, "atlas_class", scheme="index_classes", k=max(len(labels), 1),
                    labels=labels or None, title=data.title, source_note=kommune.name,
                    cmap=colours or INDEX_CMAP, legend_title=data.unit, annotate="name",
                    texts=analysis_texts())  # fmt: skip
    buffer = io.BytesIO()
    save_figure(ax.figure, buffer, format=fmt, dpi=150)
    return buffer.getvalue()


def _choices(kommune: Kommune) -> tuple[list[str], dict[str, list[int]]]:
    long = indicators_frame(kommune)
    years = {
        key: sorted(int(y) for y in rows["year"].unique())
        for key, rows in long.groupby("indicator")
    }
    return sorted(years), years


def atlas_page(kommune: Kommune, args: Mapping[str, str]) -> dict:
    """What the Sozialatlas page shows for its query values: the choices, the classified map
    (``atlas``, ``geojson``) or ``error``, a sentence that says why it cannot be drawn.

    Examples
    --------
    With a request context (see the tests)::

        atlas_page(koeln, {"indicator": "EW", "year": "2012"})["atlas"].legend
    """
    keys, years = _choices(kommune)
    query = {key: str(args[key]) for key in QUERY_KEYS if args.get(key)}
    context: dict = {"keys": keys, "years": [], "error": None, "atlas": None, "args": query}
    context["no_data"] = NO_DATA
    if not keys:
        return context
    key = args.get("indicator") if args.get("indicator") in years else keys[0]
    context["years"] = years[key]
    try:
        choice = choice_from({**args, "indicator": key}, keys, years[key])
        data = atlas(kommune, choice)
    except IndexSettingsError as exc:
        context["error"] = str(exc)
        return context
    context.update(choice=choice, atlas=data, geojson=json.dumps(features(data)))
    return context
