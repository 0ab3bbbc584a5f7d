"""Area sets that change: carry earlier years to redrawn areas through a crosswalk file.

A crosswalk file has one row per overlap of an old and a new area with the residents living in
it (``old_code``, ``new_code``, ``population``; e.g. Berlin LOR 2019 → 2021 from address
counts). :func:`analysis.stats.crosswalk.carry_to_new_areas` splits counts by residents and
weights shares by residents; the values are stored on the new areas with ``carried_from``
naming the old areas (provenance), and the pages mark them. A later import of real values for
a new area replaces the carried value and clears the mark.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.readers.indicator_file import read_indicator_file
from analysis.readers.indicators import read_table
from analysis.stats.crosswalk import CROSSWALK_COLUMNS, carry_to_new_areas
from app.core.extensions import db
from app.models import Area, Indicator, IndicatorValue, Kommune
from app.services.areas import ImportSummary, find_kommune
from app.services.indicator_import import store_values
from app.services.indicators import IndicatorError


def _code(column: pd.Series, key_width: int | None) -> pd.Series:
    """Codes as text: a column read as numbers loses no digits ("101", not "101.0")."""
    if pd.api.types.is_numeric_dtype(column):
        column = column.astype("Int64")
    text = column.astype("str").str.strip()
    return text.str.zfill(key_width) if key_width else text


def read_crosswalk(path: str | PathLike, key_width: int | None = None) -> pd.DataFrame:
    """The crosswalk file (CSV or XLSX) with the columns ``old_code``, ``new_code`` and
    ``population``; IndicatorError naming a missing column."""
    table = read_table(path, id_column="old_code", key_width=key_width)
    missing = [c for c in CROSSWALK_COLUMNS if c not in table.columns]
    if missing:
        raise IndicatorError(
            _("The crosswalk file needs the columns %(needed)s; %(missing)s is missing.",
              needed=", ".join(CROSSWALK_COLUMNS), missing=missing[0])
        )  # fmt: skip
    table["new_code"] = _code(table["new_code"], key_width)
    return table


def _units(kommune: Kommune, keys: Sequence[str], counts: Sequence[str]) -> dict[str, str]:
    """Per indicator "count" (split by residents) or "share" (weighted by residents): the
    stored unit decides (% is a share), else ``counts`` names the counts."""
    stored = dict(
        db.session.execute(
            select(Indicator.key, Indicator.unit).where(Indicator.kommune_id == kommune.id)
        ).all()
    )
    units = {}
    for key in keys:
        unit = stored.get(key)
        is_count = key in counts or (unit is not None and unit.strip() != "%")
        units[key] = "count" if is_count else "share"
    return units


def carry(
    values_path: str | PathLike,
    crosswalk_path: str | PathLike,
    kommune_name: str,
    id_column: str,
    *,
    year: int | None = None,
    counts: Sequence[str] = (),
    key_width: int | None = None,
) -> CarrySummary:
    """Carry a table of values on old areas to the Kommune's new areas and store them marked.

    ``values_path`` is an indicator table on the old codes, read as ``flask indicators import``
    reads it (:func:`analysis.readers.indicator_file.read_indicator_file`); ``crosswalk_path``
    the crosswalk; ``counts`` names indicators that are counts when the Kommune does not store
    them yet (others are shares). Raises IndicatorError with a
    sentence for an unusable file, an old area missing in the crosswalk or a new area the
    Kommune does not have (then nothing is stored).

    Examples
    --------
    With a database session (see the tests)::

        carry("lor2019.csv", "lor2019_2021.csv", "Berlin", "PLR_ID", counts=["EW"])
    """
    kommune = find_kommune(kommune_name)
    found = read_indicator_file(values_path, key_column=id_column)
    old = found.values.drop(columns="row")
    if key_width:
        old["area_code"] = old["area_code"].str.zfill(key_width)
    if year is not None:
        old = old.assign(year=old["year"].fillna(year))
    if old["year"].isna().any():
        raise IndicatorError(
            _("The file '%(file)s' does not say which year its values are for; "
              "give the year (--year).", file=Path(values_path).name)
        )  # fmt: skip
    crosswalk = read_crosswalk(crosswalk_path, key_width)
    units = _units(kommune, list(dict.fromkeys(old["indicator"])), counts)
    try:
        carried = carry_to_new_areas(old.astype({"year": "int64"}), crosswalk, units)
    except ValueError as exc:
        raise IndicatorError(_("The crosswalk cannot be used: %(why)s", why=str(exc))) from None
    # A gap stays a gap (storing NaN would delete a value), and a value imported for a new
    # area is never replaced by a carried estimate.
    gaps = carried["value"].isna()
    real = _imported_cells(kommune)
    cells = zip(carried["area_code"], carried["indicator"], carried["year"], strict=True)
    kept = pd.Series([cell in real for cell in cells], index=carried.index)
    stored = carried[~gaps & ~kept]
    summary = store_values(stored, kommune, Path(values_path).name)
    unreadable = sum(line.unreadable for line in found.indicators)
    return CarrySummary(summary, int(gaps.sum()), int((kept & ~gaps).sum()), unreadable)


@dataclass(frozen=True)
class CarrySummary:
    """What :func:`carry` did: the values stored, the new areas' values left empty because an
    old area feeding them had none (``gaps``), those not carried because a value imported
    for the new area exists (``kept``) and the file's cells that are no number (``unreadable``,
    read as missing, as ``flask indicators import`` reads them)."""

    stored: ImportSummary
    gaps: int
    kept: int
    unreadable: int = 0


def _imported_cells(kommune: Kommune) -> set[tuple[str, str, int]]:
    stmt = (
        select(Area.code, Indicator.key, IndicatorValue.year)
        .join(IndicatorValue, IndicatorValue.area_id == Area.id)
        .join(Indicator, IndicatorValue.indicator_id == Indicator.id)
        .where(Indicator.kommune_id == kommune.id, IndicatorValue.carried_from.is_(None))
    )
    return {(code, key, int(year)) for code, key, year in db.session.execute(stmt)}


def carried_cells(kommune: Kommune, key: str) -> dict[tuple[str, int], str]:
    """``{(area code, year): old areas}`` of the indicator's values carried from old areas."""
    stmt = (
        select(Area.code, IndicatorValue.year, IndicatorValue.carried_from)
        .join(IndicatorValue, IndicatorValue.area_id == Area.id)
        .join(Indicator, IndicatorValue.indicator_id == Indicator.id)
        .where(
            Indicator.kommune_id == kommune.id,
            Indicator.key == key,
            IndicatorValue.carried_from.is_not(None),
        )
    )
    return {(code, int(year)): source for code, year, source in db.session.execute(stmt)}
