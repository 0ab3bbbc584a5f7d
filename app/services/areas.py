"""The areas (Quartiere) of a Kommune: import them from a geodata file, store and edit them."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from os import PathLike

import pandas as pd
import shapely
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from analysis.readers.areas import AREA_COLUMNS, read_areas
from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, IndicatorValue, Kommune, Response, SetAside, ValidationRecord
from app.models.survey import campaign_areas
from app.services.queries import areas_frame

#: Longest texts the schema stores (see app.models).
MAX_CODE, MAX_NAME = 64, 200
SHOWN = 10


class AreaError(ValueError):
    """A planner's request about areas that cannot be carried out; the message says what to do."""


@dataclass
class ImportSummary:
    """What an import changed: counts of new and updated rows, and the keys involved."""

    created: int = 0
    updated: int = 0
    removed: int = 0
    retired: int = 0
    new_indicators: list[str] = field(default_factory=list)


def find_kommune(name: str) -> Kommune:
    """The Kommune with this name, or a AreaError that says how to create it."""
    kommune = db.session.scalar(select(Kommune).where(Kommune.name == name))
    if kommune is None:
        known = ", ".join(db.session.scalars(select(Kommune.name).order_by(Kommune.name)))
        raise AreaError(
            _(
                "There is no Kommune called '%(name)s' (known: %(known)s). "
                "Import its areas first with 'flask areas import'.",
                name=name,
                known=known or "–",
            )
        )
    return kommune


def _check_codes(codes: pd.Series, names: pd.Series) -> None:
    slashed = [c for c in codes if "/" in c]
    if slashed:
        raise AreaError(
            _(
                "Area codes must not contain '/', since they appear in web addresses: %(codes)s.",
                codes=", ".join(slashed),
            )
        )
    long_codes = [c for c in codes if len(c) > MAX_CODE]
    if long_codes:
        raise AreaError(
            _("Area codes may have at most %(n)d characters: %(codes)s.", n=MAX_CODE,
              codes=", ".join(long_codes))
        )  # fmt: skip
    long_names = [c for c, n in zip(codes, names, strict=True) if len(n) > MAX_NAME]
    if long_names:
        raise AreaError(
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
    replace: bool = False,
    dissolve_by: str | None = None,
    parent_field: str | None = None,
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
        dissolve_by=dissolve_by,
        parent_field=parent_field,
    )
    return store_areas(
        frame, kommune_name, population=population_field is not None, replace=replace
    )


def _kommune_name(name: str) -> str:
    if not name.strip():
        raise AreaError(_("Give the name of the Kommune."))
    return name.strip()


def store_areas(
    frame: pd.DataFrame, kommune_name: str, *, population: bool, replace: bool = False
) -> ImportSummary:
    """Store checked areas (``analysis.readers.areas.AREA_COLUMNS``) of a Kommune (created if new).

    Re-importing updates by code. Geometry is kept as GeoJSON in WGS84 with the size in km²
    from an equal-area projection; ``population=False`` leaves the stored population alone.
    Areas missing from the frame stay as they are, unless ``replace``: then those that
    something refers to are retired, the others deleted. A frame that adds areas beside
    areas it lacks is refused without ``replace`` (:func:`check_area_set`).
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
        parents = set(frame["parent"].dropna()) if "parent" in frame else set()
        in_use = {c for c, a in existing.items() if not a.retired} - parents
        check_area_set(in_use, set(frame["code"]), replace)
        if replace:
            summary.retired, summary.removed = retire_missing(kommune, set(frame["code"]))
        for row, geometry in zip(frame.itertuples(index=False), geojson, strict=True):
            area = existing.get(row.code)
            if area is None:
                area = Area(kommune_id=kommune.id, code=row.code)
                db.session.add(area)
                summary.created += 1
            else:
                summary.updated += 1
            area.name, area.retired = row.name, False
            area.geometry = geometry
            area.area_km2 = float(row.area_km2)
            if population:
                area.population = None if pd.isna(row.population) else int(row.population)
            existing[row.code] = area
        if "parent" in frame:
            _set_parents(existing, frame)
    return summary


def _set_parents(areas: dict[str, Area], frame: pd.DataFrame) -> None:
    unknown = sorted({p for p in frame["parent"].dropna() if p not in areas})
    if unknown:
        raise AreaError(
            _(
                "These parent areas are not areas of this Kommune: %(codes)s. Import them "
                "first (for example with --dissolve-by on the same file).",
                codes=_listed(unknown),
            )
        )
    for code, parent in zip(frame["code"], frame["parent"], strict=True):
        areas[code].parent = None if pd.isna(parent) else areas[parent]


def referred(area_ids: Collection[int]) -> set[int]:
    """The ids among ``area_ids`` that answers, values, surveys or records refer to."""
    ids = list(area_ids)
    found: set[int] = set()
    for column in (Response.area_id, IndicatorValue.area_id, campaign_areas.c.area_id,
                   ValidationRecord.area_id, SetAside.area_id):  # fmt: skip
        found |= set(db.session.scalars(select(column).where(column.in_(ids)).distinct()))
    return found


def _listed(codes: list[str]) -> str:
    return ", ".join(codes[:SHOWN]) + (" …" if len(codes) > SHOWN else "")


def check_area_set(existing: Collection[str], incoming: Collection[str], replace: bool) -> None:
    """Refuse a file that adds areas beside areas it lacks, unless it replaces the set.

    Example: ``check_area_set({"101"}, {"Altstadt"}, replace=False)`` raises AreaError.
    """
    new = sorted(set(incoming) - set(existing))
    absent = sorted(set(existing) - set(incoming))
    if replace or not new or not absent:
        return
    raise AreaError(
        ngettext(
            "The file has %(num)d area this Kommune does not have (%(new_codes)s) and lacks "
            "%(absent)d of its areas (%(absent_codes)s) – was it read with another id field? "
            "Nothing was stored. Choose the id field of the areas, or replace the Kommune's "
            "areas by the file's (--replace).",
            "The file has %(num)d areas this Kommune does not have (%(new_codes)s) and lacks "
            "%(absent)d of its areas (%(absent_codes)s) – was it read with another id field? "
            "Nothing was stored. Choose the id field of the areas, or replace the Kommune's "
            "areas by the file's (--replace).",
            len(new),
            new_codes=_listed(new),
            absent=len(absent),
            absent_codes=_listed(absent),
        )  # fmt: skip
    )


def retire_missing(kommune: Kommune, keep: Collection[str]) -> tuple[int, int]:
    """(Inside a write transaction) retire referred areas not in ``keep``, delete the others.

    Returns (retired, deleted).
    """
    gone = [a for a in db.session.scalars(select(Area).where(Area.kommune_id == kommune.id))
            if a.code not in keep]  # fmt: skip
    kept = referred([a.id for a in gone])
    for area in gone:
        if area.id in kept:
            area.retired = True
        else:
            db.session.delete(area)
    return len(kept), len(gone) - len(kept)


def update_areas(kommune: Kommune, form: Mapping[str, str]) -> None:
    """Save names and populations typed in on the areas page (``name-<id>``, ``population-<id>``).

    A population may carry thousands dots (``4.200``); an empty one is unknown. Nothing is saved
    when a name is empty or a population is not a whole number.
    """
    changes = {}
    for area in kommune.areas:
        name = form.get(f"name-{area.id}", area.name).strip()
        raw = form.get(f"population-{area.id}", "").strip().replace(".", "")
        if not name or (raw and not raw.isdigit()):
            raise AreaError(_("Names must not be empty and populations must be whole numbers."))
        changes[area.id] = (name[:MAX_NAME], int(raw) if raw else None)
    with write_transaction():
        for area in db.session.scalars(select(Area).where(Area.kommune_id == kommune.id)):
            area.name, area.population = changes.get(area.id, (area.name, area.population))


def area_table(kommune: Kommune) -> pd.DataFrame:
    """The Kommune's areas as a plain table: code, name, area_km2 (4 decimals), population,
    retired (replaced, kept for what refers to it)."""
    areas = areas_frame(kommune)
    table = areas[[c for c in AREA_COLUMNS if c not in ("geometry", "population")]]
    retired = set(db.session.scalars(
        select(Area.code).where(Area.kommune_id == kommune.id, Area.retired)
    ))  # fmt: skip
    return table.assign(area_km2=table["area_km2"].round(4), population=areas["population"],
                        retired=table["code"].isin(retired))  # fmt: skip
