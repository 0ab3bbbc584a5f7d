"""Statistical indicators of a Kommune: import tables, store their values, list what is stored."""

from __future__ import annotations

import math
from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import Literal

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import func, select

from analysis.readers.catalogue import load_catalogue
from analysis.readers.indicators import DEFAULT_NA_VALUES, read_indicator_table
from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Indicator, IndicatorValue, Kommune
from app.services.areas import ImportSummary, find_kommune
from app.services.queries import indicators_frame

#: Longest indicator key the schema stores (see app.models).
MAX_KEY = 80


class IndicatorError(ValueError):
    """An indicator table that cannot be stored; the message says what to do instead."""


def _fill_years(tidy: pd.DataFrame, year: int | None, file_name: str) -> pd.DataFrame:
    if year is not None:
        tidy = tidy.assign(year=tidy["year"].fillna(year))
    if tidy["year"].isna().any():
        raise IndicatorError(
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
    An optional ``carried_from`` column marks values carried from earlier areas.
    A missing value removes a stored one. If any area code is unknown, nothing is stored and
    the error names every unknown code. ``file_name`` is the name the user knows the file by.
    """
    if tidy.empty:
        raise IndicatorError(
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
        raise IndicatorError(
            _(
                "%(kommune)s has no areas with these codes: %(codes)s. Nothing was imported. "
                "Check the codes (leading zeros: --key-width) or import the areas first.",
                kommune=kommune.name,
                codes=", ".join(f"'{c}'" for c in unknown),
            )
        )
    long_keys = [k for k in tidy["indicator"].unique() if len(k) > MAX_KEY]
    if long_keys:
        raise IndicatorError(
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
            # A value carried through a crosswalk says from where; an imported one clears it.
            carried = getattr(row, "carried_from", None) or None
            if math.isnan(row.value):
                if value is not None:
                    db.session.delete(value)
                    summary.removed += 1
            elif value is None:
                db.session.add(
                    IndicatorValue(indicator_id=cell[0], area_id=cell[1], year=cell[2],
                                   value=row.value, carried_from=carried)
                )  # fmt: skip
                summary.created += 1
            else:
                value.value, value.carried_from = float(row.value), carried
                summary.updated += 1
    return summary


def indicators_of(kommune: Kommune) -> list[Indicator]:
    """The Kommune's indicators by key."""
    return list(
        db.session.scalars(
            select(Indicator).where(Indicator.kommune_id == kommune.id).order_by(Indicator.key)
        )
    )


def years_with_values(kommune: Kommune) -> list[int]:
    """Every year for which the Kommune has a stored value, newest first."""
    stmt = (
        select(IndicatorValue.year)
        .join(Indicator)
        .where(Indicator.kommune_id == kommune.id)
        .distinct()
    )
    return sorted((year for (year,) in db.session.execute(stmt)), reverse=True)


def stored_by_year(kommune: Kommune) -> dict[int, list[tuple[Indicator, int]]]:
    """``{year: [(indicator, number of values), …]}``, newest year first."""
    rows = db.session.execute(
        select(Indicator, IndicatorValue.year, func.count(IndicatorValue.id))
        .join(IndicatorValue, IndicatorValue.indicator_id == Indicator.id)
        .where(Indicator.kommune_id == kommune.id)
        .group_by(Indicator.id, IndicatorValue.year)
        .order_by(IndicatorValue.year.desc(), Indicator.key)
    ).all()
    by_year: dict[int, list[tuple[Indicator, int]]] = {}
    for indicator, year, count in rows:
        by_year.setdefault(year, []).append((indicator, count))
    return by_year


def value_counts(kommune: Kommune) -> pd.DataFrame:
    """How many areas have a value, per indicator and year (columns indicator, year, areas)."""
    values = indicators_frame(kommune)
    return values.groupby(["indicator", "year"]).size().rename("areas").reset_index()
