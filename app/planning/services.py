"""Planning services: import areas and indicator tables, compute the index on stored data."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import shapely
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.readers.areas import read_areas
from analysis.readers.catalogue import load_catalogue
from analysis.readers.indicators import DEFAULT_NA_VALUES, read_indicator_table
from analysis.stats.index import IndexResult, social_index
from app.database import write_transaction
from app.extensions import db
from app.models import Area, Campaign, Indicator, IndicatorValue, Kommune
from app.planning.queries import areas_frame, index_directions, indicators_frame
from app.survey.services import campaign_for_token

#: Longest texts the schema stores (see app.models).
MAX_CODE, MAX_NAME, MAX_KEY = 64, 200, 80


class PlanningError(ValueError):
    """A planner's request that cannot be carried out; the message says what to do instead."""


@dataclass
class ImportSummary:
    """What an import changed: counts of new and updated rows, and the keys involved."""

    created: int = 0
    updated: int = 0
    removed: int = 0
    new_indicators: list[str] = field(default_factory=list)


def find_kommune(name: str) -> Kommune:
    """The Kommune with this name, or a PlanningError that says how to create it."""
    kommune = db.session.scalar(select(Kommune).where(Kommune.name == name))
    if kommune is None:
        known = ", ".join(db.session.scalars(select(Kommune.name).order_by(Kommune.name)))
        raise PlanningError(
            _(
                "There is no Kommune called '%(name)s' (known: %(known)s). "
                "Import its areas first with 'flask areas import'.",
                name=name,
                known=known or "–",
            )
        )
    return kommune


def find_campaign(token: str) -> Campaign:
    """The campaign one of whose links (resident, expert or group) uses this token."""
    found = campaign_for_token(token.strip())
    if found is None:
        raise PlanningError(_("No survey uses the link token '%(token)s'.", token=token))
    return found[0]


def _check_codes(codes: pd.Series, names: pd.Series) -> None:
    slashed = [c for c in codes if "/" in c]
    if slashed:
        raise PlanningError(
            _(
                "Area codes must not contain '/', since they appear in web addresses: %(codes)s.",
                codes=", ".join(slashed),
            )
        )
    long_codes = [c for c in codes if len(c) > MAX_CODE]
    if long_codes:
        raise PlanningError(
            _("Area codes may have at most %(n)d characters: %(codes)s.", n=MAX_CODE,
              codes=", ".join(long_codes))
        )  # fmt: skip
    long_names = [c for c, n in zip(codes, names, strict=True) if len(n) > MAX_NAME]
    if long_names:
        raise PlanningError(
            _("Area names may have at most %(n)d characters (areas %(codes)s).", n=MAX_NAME,
              codes=", ".join(long_names))
        )  # fmt: skip


def import_areas(
    path: str | PathLike,
    kommune_name: str,
    id_field: str,
    name_field: str,
    population_field: str | None = None,
    crs: str | None = None,
    key_width: int | None = None,
) -> ImportSummary:
    """Read area polygons from a file and store them for a Kommune (see :func:`store_areas`).

    The file is read in this process, after the content checks of ``analysis.readers``; the
    web upload reads it in the confined worker instead and calls :func:`store_areas`.
    """
    kommune_name = _kommune_name(kommune_name)
    frame = read_areas(
        path,
        id_field=id_field,
        name_field=name_field,
        population_field=population_field,
        crs=crs,
        key_width=key_width,
    )
    return store_areas(frame, kommune_name, population=population_field is not None)


def _kommune_name(name: str) -> str:
    if not name.strip():
        raise PlanningError(_("Give the name of the Kommune."))
    return name.strip()


def store_areas(frame: pd.DataFrame, kommune_name: str, *, population: bool) -> ImportSummary:
    """Store checked areas (``analysis.readers.areas.AREA_COLUMNS``) of a Kommune (created if new).

    Re-importing updates by code. Geometry is kept as GeoJSON in WGS84 with the size in km²
    from an equal-area projection. Areas missing from the frame stay as they are (answers may
    refer to them); ``population=False`` leaves the stored population alone.
    """
    kommune_name = _kommune_name(kommune_name)
    _check_codes(frame["code"], frame["name"])
    geojson = shapely.to_geojson(frame.geometry.to_numpy())
    summary = ImportSummary()
    with write_transaction():
        kommune = db.session.scalar(select(Kommune).where(Kommune.name == kommune_name))
        if kommune is None:
            kommune = Kommune(name=kommune_name)
            db.session.add(kommune)
            db.session.flush()
        existing = {
            a.code: a for a in db.session.scalars(select(Area).where(Area.kommune_id == kommune.id))
        }
        for row, geometry in zip(frame.itertuples(index=False), geojson, strict=True):
            area = existing.get(row.code)
            if area is None:
                area = Area(kommune_id=kommune.id, code=row.code)
                db.session.add(area)
                summary.created += 1
            else:
                summary.updated += 1
            area.name = row.name
            area.geometry = geometry
            area.area_km2 = float(row.area_km2)
            if population:
                area.population = None if pd.isna(row.population) else int(row.population)
    return summary


def _fill_years(tidy: pd.DataFrame, year: int | None, file_name: str) -> pd.DataFrame:
    if year is not None:
        tidy = tidy.assign(year=tidy["year"].fillna(year))
    if tidy["year"].isna().any():
        raise PlanningError(
            _(
                "The file '%(file)s' does not say which year its values are for; "
                "give the year (--year).",
                file=file_name,
            )
        )
    return tidy


def _indicator_for(key: str, kommune: Kommune, catalogue: pd.DataFrame) -> Indicator:
    if key in catalogue.index:
        entry = catalogue.loc[key]
        return Indicator(
            kommune_id=kommune.id,
            key=key,
            name={"de": entry["name_de"], "en": entry["name_en"]},
            unit=entry["unit"],
            direction=entry["direction"],
            domain=entry["domain"],
            definition={"de": entry["definition_de"], "en": entry["definition_en"]},
        )
    return Indicator(kommune_id=kommune.id, key=key, name={"de": key, "en": key}, definition={})


def import_indicators(
    path: str | PathLike,
    kommune_name: str,
    id_column: str,
    key_width: int | None = None,
    layout: Literal["auto", "wide", "long"] = "auto",
    value_columns: Sequence[str] | None = None,
    year: int | None = None,
    na_values: Sequence[str] | None = None,
) -> ImportSummary:
    """Read an indicator table from a file and store its values (see :func:`store_indicators`).

    The file is read in this process, after the content checks of ``analysis.readers``; the
    web upload reads it in the confined worker instead and calls :func:`store_indicators`.
    """
    path = Path(path)
    kommune = find_kommune(kommune_name)
    tidy = read_indicator_table(
        path,
        id_column=id_column,
        key_width=key_width,
        na_values=DEFAULT_NA_VALUES if na_values is None else na_values,
        layout=layout,
        value_columns=value_columns,
    )
    return store_indicators(tidy, kommune, year=year, file_name=path.name)


def store_indicators(
    tidy: pd.DataFrame, kommune: Kommune, *, year: int | None, file_name: str
) -> ImportSummary:
    """Store a tidy indicator table's values by indicator, area and year (insert or update).

    Unknown indicators are created, described from the catalogue when their key is known.
    A missing value removes a stored one. If any area code is unknown, nothing is stored and
    the error names every unknown code. ``file_name`` is the name the user knows the file by.
    """
    if tidy.empty:
        raise PlanningError(
            _(
                "The file '%(file)s' has no columns with numbers to import; name them with "
                "--columns (a column with a few texts among its numbers is not taken as one).",
                file=file_name,
            )
        )
    tidy = _fill_years(tidy, year, file_name)
    areas = {a.code: a.id for a in db.session.scalars(select(Area).where(Area.kommune == kommune))}
    unknown = sorted(set(tidy["area_code"]) - set(areas))
    if unknown:
        raise PlanningError(
            _(
                "%(kommune)s has no areas with these codes: %(codes)s. Nothing was imported. "
                "Check the codes (leading zeros: --key-width) or import the areas first.",
                kommune=kommune.name,
                codes=", ".join(f"'{c}'" for c in unknown),
            )
        )
    long_keys = [k for k in tidy["indicator"].unique() if len(k) > MAX_KEY]
    if long_keys:
        raise PlanningError(
            _("Indicator names may have at most %(n)d characters: %(keys)s.", n=MAX_KEY,
              keys=", ".join(long_keys))
        )  # fmt: skip
    catalogue = load_catalogue().set_index("key")
    summary = ImportSummary()
    with write_transaction():
        indicators = {
            i.key: i
            for i in db.session.scalars(select(Indicator).where(Indicator.kommune == kommune))
        }
        for key in dict.fromkeys(tidy["indicator"]):
            if key not in indicators:
                indicators[key] = _indicator_for(key, kommune, catalogue)
                db.session.add(indicators[key])
                summary.new_indicators.append(key)
        db.session.flush()
        ids = [indicators[k].id for k in dict.fromkeys(tidy["indicator"])]
        stored = {
            (v.indicator_id, v.area_id, v.year): v
            for v in db.session.scalars(
                select(IndicatorValue).where(IndicatorValue.indicator_id.in_(ids))
            )
        }
        for row in tidy.itertuples(index=False):
            cell = (indicators[row.indicator].id, areas[row.area_code], int(row.year))
            value = stored.get(cell)
            if math.isnan(row.value):
                if value is not None:
                    db.session.delete(value)
                    summary.removed += 1
            elif value is None:
                db.session.add(
                    IndicatorValue(
                        indicator_id=cell[0], area_id=cell[1], year=cell[2], value=row.value
                    )
                )
                summary.created += 1
            else:
                value.value = float(row.value)
                summary.updated += 1
    return summary


def compute_index(
    kommune: Kommune, indicators: Sequence[str], year: int, **options: Any
) -> IndexResult:
    """The social index of a Kommune's areas from stored values of one year.

    Directions come from the stored indicators unless ``directions`` is given; with
    ``min_population`` the areas' stored population is used. ``options`` go to
    :func:`analysis.stats.index.social_index`; its table's id column is ``area_code``.
    """
    indicators = list(dict.fromkeys(indicators))
    known = set(db.session.scalars(select(Indicator.key).where(Indicator.kommune == kommune)))
    unknown = [k for k in indicators if k not in known]
    if unknown:
        raise PlanningError(
            _(
                "%(kommune)s has no indicator %(keys)s (stored: %(known)s).",
                kommune=kommune.name,
                keys=", ".join(unknown),
                known=", ".join(sorted(known)) or "–",
            )
        )
    values = indicators_frame(kommune, indicators)
    years = sorted(int(y) for y in values["year"].dropna().unique())
    values = values[values["year"] == year]
    if values.empty:
        raise PlanningError(
            _(
                "There are no values for %(year)s; years with values: %(years)s.",
                year=year,
                years=", ".join(map(str, years)) or "–",
            )
        )
    areas = areas_frame(kommune)
    wide = values.pivot(index="area_code", columns="indicator", values="value")
    wide = wide.reindex(index=areas["code"], columns=indicators).rename_axis("area_code")
    wide = wide.rename_axis(columns=None).reset_index()
    wide["population"] = areas["population"].to_numpy()
    options.setdefault("directions", index_directions(kommune, indicators))
    if options.get("min_population") is not None:
        options["population_column"] = "population"
    return social_index(wide, id_column="area_code", indicators=indicators, **options)
