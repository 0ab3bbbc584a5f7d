"""Statistical indicators of a Kommune: create them, list what is stored (imports: see
indicator_import)."""

from __future__ import annotations

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import func, select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Indicator, IndicatorValue, Kommune
from app.services.kommune_catalogue import catalogue as kommune_catalogue
from app.services.queries import indicators_frame


class IndicatorError(ValueError):
    """An indicator table that cannot be stored; the message says what to do instead."""


def new_indicator(kommune: Kommune, key: str, name: str, unit: str | None) -> Indicator:
    """A new indicator of the Kommune: described from its catalogue (the built-in one with
    the Kommune's own entries) when its key is there, else named as in the file, with the
    unit its header or cells state (``None``: unknown) and a direction that is not confirmed
    (it does not enter an index until it is).

    Example: ``new_indicator(kommune, "SGB2", "SGB2", "%")``.
    """
    catalogue = kommune_catalogue(kommune).set_index("key")
    if key in catalogue.index:
        entry = catalogue.loc[key]
        # A catalogue entry whose source defines no direction is described, not confirmed.
        known = isinstance(entry["direction"], str)
        return Indicator(
            kommune_id=kommune.id,
            key=key,
            name={"de": entry["name_de"], "en": entry["name_en"]},
            unit=entry["unit"],
            direction=entry["direction"] if known else "higher_is_more_need",
            direction_confirmed=known,
            domain=entry["domain"],
            definition={"de": entry["definition_de"], "en": entry["definition_en"]},
        )
    return Indicator(kommune_id=kommune.id, key=key, name={"de": name, "en": name}, unit=unit,
                     definition={}, direction_confirmed=False)  # fmt: skip


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


EXPORT_COLUMNS = ["area_code", "area_name", "indicator", "indicator_name", "year", "value", "unit",
                  "source", "imported_at"]  # fmt: skip


def stored_values(kommune: Kommune, indicator: str | None = None, lang: str = "de") -> pd.DataFrame:
    """Every stored value with its provenance, long (:data:`EXPORT_COLUMNS`), sorted by
    indicator, year and area: what went in, for anyone to check against the source files.

    Example: ``stored_values(kommune, "SGB2").to_csv(index=False)``.
    """
    stmt = (
        select(Area.code, Area.name, Indicator.key, Indicator.name, IndicatorValue.year,
               IndicatorValue.value, Indicator.unit, IndicatorValue.source,
               IndicatorValue.imported_at)
        .join(Indicator, IndicatorValue.indicator_id == Indicator.id)
        .join(Area, IndicatorValue.area_id == Area.id)
        .where(Indicator.kommune_id == kommune.id)
        .order_by(Indicator.key, IndicatorValue.year, Area.code)
    )  # fmt: skip
    if indicator is not None:
        stmt = stmt.where(Indicator.key == indicator)
    rows = [
        (code, area, key, names.get(lang) or names.get("de") or key, *rest)
        for code, area, key, names, *rest in db.session.execute(stmt)
    ]
    return pd.DataFrame(rows, columns=EXPORT_COLUMNS)


DIRECTIONS = {"higher": "higher_is_more_need", "lower": "lower_is_more_need"}
DESCRIPTION = ("name", "unit", "definition", "source", "domain")


def _describe(indicator: Indicator, direction: str | None, fields: dict) -> None:
    if direction is not None:
        if direction not in DIRECTIONS:
            raise IndicatorError(_("The direction is 'higher' or 'lower'."))
        indicator.direction, indicator.direction_confirmed = DIRECTIONS[direction], True
    for name, value in fields.items():
        if name not in DESCRIPTION or value is None:
            continue
        text = value.strip()
        if name in ("name", "definition"):
            setattr(indicator, name, {"de": text, "en": text} if text or name != "name" else
                    indicator.name)  # fmt: skip
        else:
            setattr(indicator, name, text or None)


def describe_indicator(kommune: Kommune, key: str, **fields: str | None) -> Indicator:
    """Set what the planner says about an indicator; ``direction`` (``higher``/``lower``:
    higher values mean more or less need) confirms it. ``name`` and ``definition`` are
    stored for German and English alike; an empty unit, source or domain is unknown.

    Example: ``describe_indicator(kommune, "SGB2", direction="higher", unit="%")``.
    """
    direction = fields.pop("direction", None)
    with write_transaction():
        indicator = db.session.scalar(
            select(Indicator).where(Indicator.kommune_id == kommune.id, Indicator.key == key)
        )
        if indicator is None:
            raise IndicatorError(_("%(kommune)s has no indicator %(key)s.",
                                   kommune=kommune.name, key=key))  # fmt: skip
        _describe(indicator, direction, fields)
    return indicator


def unconfirmed_directions(kommune: Kommune, keys) -> list[str]:
    """The keys among ``keys`` whose direction nobody has confirmed yet."""
    return list(
        db.session.scalars(
            select(Indicator.key)
            .where(
                Indicator.kommune_id == kommune.id,
                Indicator.key.in_(list(keys)),
                Indicator.direction_confirmed.is_(False),
            )
            .order_by(Indicator.key)
        )
    )
