"""The Kreis over its Kommunen: one table of all areas, per-Kommune aggregates, the Kreis index
next to each Kommune's saved index, within versus between, similar areas and a Kommune's
profile.

The statistics are :mod:`analysis.stats.kreis`, :mod:`analysis.stats.variance` and
:mod:`analysis.stats.similarity`; this module only gathers the stored values of one year. An
area is named ``"<Kommune>: <code>"`` across the Kreis, since codes repeat between Kommunen.
Residents are the stored population of each area (``Area.population``); indicators whose unit
is a count (Personen, Anzahl …) are summed, all others are weighted by residents.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.stats.kreis import KreisIndex, kreis_aggregates, kreis_index
from analysis.stats.similarity import similar_areas
from analysis.stats.variance import VarianceParts, variance_decomposition
from app.core.extensions import db
from app.models import Indicator, IndicatorValue, Kommune, Kreis
from app.services import index_versions
from app.services.queries import areas_frame, index_directions, indicators_frame

#: Units of indicators that count people or things: summed over areas, not averaged.
COUNT_UNITS = {"personen", "anzahl", "einwohner", "einwohner:innen", "haushalte", "persons",
               "people", "count", "households"}  # fmt: skip


@dataclass(frozen=True)
class KreisTable:
    """One row per area of the Kreis (``kommune``, ``area``, ``code``, ``name``,
    ``population`` and the indicators of ``year``); ``counts`` and ``shares`` split them."""

    table: pd.DataFrame
    year: int
    counts: list[str]
    shares: list[str]


def years(kreis: Kreis) -> list[int]:
    """The years with stored values in any Kommune of the Kreis, newest first."""
    ids = [k.id for k in kreis.kommunen]
    stmt = (
        select(IndicatorValue.year)
        .join(Indicator, IndicatorValue.indicator_id == Indicator.id)
        .where(Indicator.kommune_id.in_(ids))
        .distinct()
    )
    return sorted((int(y) for y in db.session.scalars(stmt)), reverse=True)


def _units(kreis: Kreis) -> dict[str, str]:
    ids = [k.id for k in kreis.kommunen]
    rows = db.session.execute(select(Indicator.key, Indicator.unit).where(
        Indicator.kommune_id.in_(ids)))  # fmt: skip
    units: dict[str, str] = {}
    for key, unit in rows:
        units.setdefault(key, unit or "")
    return units


def kreis_table(kreis: Kreis, year: int) -> KreisTable:
    """Every area of every Kommune of the Kreis with its values of ``year``.

    With a database session (see the tests)::

        kreis_table(kreis, 2020).table.columns[:5].tolist()
        # ['kommune', 'area', 'code', 'name', 'population']
    """
    parts = []
    for kommune in kreis.kommunen:
        areas = pd.DataFrame(areas_frame(kommune)[["code", "name", "population"]])
        values = indicators_frame(kommune)
        values = values[values["year"] == year]
        wide = values.pivot(index="area_code", columns="indicator", values="value")
        areas = areas.merge(wide, left_on="code", right_index=True, how="left")
        areas.insert(0, "area", kommune.name + ": " + areas["code"])
        areas.insert(0, "kommune", kommune.name)
        parts.append(areas)
    if not parts:
        raise ValueError(_("The Kreis %(kreis)s has no Kommunen yet.", kreis=kreis.name))
    table = pd.concat(parts, ignore_index=True)
    table["population"] = table["population"].astype("float64")
    keys = [c for c in table.columns[5:] if table[c].notna().any()]
    units = _units(kreis)
    counts = [k for k in keys if units.get(k, "").strip().lower() in COUNT_UNITS]
    shares = [k for k in keys if k not in counts]
    return KreisTable(table[[*table.columns[:5], *keys]], year, counts, shares)


def aggregates(data: KreisTable) -> pd.DataFrame:
    """One row per Kommune, the Kreis first: counts summed, the others weighted by residents."""
    return kreis_aggregates(
        data.table, kommune_column="kommune", population_column="population",
        counts=data.counts, shares=data.shares, kreis_name=_("Kreis"),
    )  # fmt: skip


def _indicator(data: KreisTable, key: str) -> None:
    if key not in data.counts + data.shares:
        raise ValueError(_("There are no values of %(key)s for %(year)s in this Kreis.",
                           key=key, year=data.year))  # fmt: skip


def within_between(data: KreisTable, key: str) -> VarianceParts:
    """The residents-weighted variance of ``key`` split into between and within the Kommunen."""
    _indicator(data, key)
    return variance_decomposition(data.table, group_column="kommune", value_column=key,
                                  weight_column="population")  # fmt: skip


def kommune_indices(
    kreis: Kreis, chosen: Mapping[int, int] | None = None
) -> tuple[pd.DataFrame, dict[str, dict | None]]:
    """Each Kommune's saved index version – the one ``chosen`` names by Kommune id, else its
    newest – as rows ``area``, ``index``, ``class``, ``class_label``, and which version that is
    per Kommune (None: it has none saved). ValueError when a chosen version is not one of that
    Kommune's.

    Read as saved (:func:`app.services.index_versions.versions`), never recomputed.
    """
    rows, used = [], {}
    for kommune in kreis.kommunen:
        version = _kommune_version(kommune, (chosen or {}).get(kommune.id))
        if version is None:
            used[kommune.name] = None
            continue
        used[kommune.name] = {"id": version.id, "name": version.name,
                              "year": version.params.get("year")}  # fmt: skip
        for record in version.result:
            rows.append({"area": f"{kommune.name}: {record['area_code']}",
                         "index": record.get("index"), "class": record.get("class"),
                         "class_label": record.get("class_label")})  # fmt: skip
    columns = ["area", "index", "class", "class_label"]
    table = pd.DataFrame(rows, columns=columns).astype({"index": "float64"})
    table["class"] = pd.to_numeric(table["class"]).astype("Int64")
    return table, used


def _kommune_version(kommune: Kommune, version_id: int | None):
    saved = index_versions.versions(kommune)
    if version_id is None:
        return saved[0] if saved else None
    found = next((version for version in saved if version.id == version_id), None)
    if found is None:
        raise ValueError(_("%(kommune)s has no saved index version with the number %(id)s.",
                           kommune=kommune.name, id=version_id))  # fmt: skip
    return found


def kreis_wide_index(
    kreis: Kreis,
    data: KreisTable,
    indicators: Sequence[str],
    chosen: Mapping[int, int] | None = None,
) -> KreisIndex:
    """The index standardised over all areas of the Kreis next to each Kommune's saved index
    (:func:`kommune_indices` with ``chosen``; ``params["kommune_versions"]`` names the versions).

    Directions are the stored ones (the first Kommune that has the indicator says it).
    """
    for key in indicators:
        _indicator(data, key)
    directions: dict[str, int] = {}
    for kommune in kreis.kommunen:
        for key, sign in index_directions(kommune, indicators).items():
            directions.setdefault(key, sign)
    own, used = kommune_indices(kreis, chosen)
    result = kreis_index(data.table, kommune_column="kommune", id_column="area", own=own,
                         indicators=list(indicators), directions=directions)  # fmt: skip
    result.params["kommune_versions"] = used
    return result


def similar(data: KreisTable, area: str, indicators: Sequence[str], n: int = 5) -> pd.DataFrame:
    """The ``n`` areas of the whole Kreis most like ``area`` on ``indicators``."""
    for key in indicators:
        _indicator(data, key)
    if area not in set(data.table["area"]):
        raise ValueError(_("There is no Quartier %(area)s in this Kreis.", area=area))
    return similar_areas(data.table, id_column="area", area=area, indicators=list(indicators),
                         n=n, keep=["kommune", "name"])  # fmt: skip


def profile(data: KreisTable, kommune: Kommune) -> dict:
    """A Kommune in its Kreis: its row next to the Kreis's and its rank among the Kommunen
    for each indicator (1 = highest value)."""
    table = aggregates(data)
    kommunen = table.iloc[1:].set_index("kommune")
    ranks = kommunen[data.counts + data.shares].rank(ascending=False, method="min")
    return {
        "kreis_row": table.iloc[0].to_dict(),
        "own": kommunen.loc[kommune.name].to_dict(),
        "ranks": ranks.loc[kommune.name].to_dict(),
        "n_kommunen": len(kommunen),
    }


def find_kommune_in(kreis: Kreis, kommune_id: int) -> Kommune:
    """The Kreis's Kommune with this id; LookupError if it is not one of them."""
    for kommune in kreis.kommunen:
        if kommune.id == kommune_id:
            return kommune
    raise LookupError(kommune_id)
