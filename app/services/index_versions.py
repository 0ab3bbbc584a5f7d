"""The social index on stored data, and the named versions a planner saves of it.

:func:`compute_index` is the one place where the app computes an index
(:func:`analysis.stats.index.social_index` on the stored values of one year over all the
Kommune's areas); a saved :class:`~app.models.IndexVersion` keeps its settings and result, and
:func:`saved_index` hands that stored result to every output: nothing recomputes it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from analysis.outputs.data import SavedIndex
from analysis.stats.index import IndexResult, social_index
from app.core.database import write_transaction
from app.core.extensions import db
from app.models import IndexVersion, Indicator, Kommune
from app.services.index_settings import IndexSettingsError
from app.services.indicators import unconfirmed_directions
from app.services.queries import areas_frame, index_directions, indicators_frame


def index_inputs(
    kommune: Kommune, indicators: Sequence[str], year: int, **options: Any
) -> dict[str, Any]:
    """The keyword arguments of ``social_index`` for the stored values of one year.

    The table has one row per area of the Kommune (``area_code``, the indicators, the stored
    ``population``). Directions come from the stored indicators unless ``directions`` is given;
    with ``min_population`` the stored population is used. Raises IndexSettingsError for an
    indicator the Kommune does not have or a year without values.
    """
    indicators = list(dict.fromkeys(indicators))
    known = set(db.session.scalars(select(Indicator.key).where(Indicator.kommune == kommune)))
    unknown = [k for k in indicators if k not in known]
    if unknown:
        raise IndexSettingsError(
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
        raise IndexSettingsError(
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
    return {"table": wide, "id_column": "area_code", "indicators": indicators, **options}


def compute_index(
    kommune: Kommune, indicators: Sequence[str], year: int, **options: Any
) -> IndexResult:
    """The social index of a Kommune's areas from stored values of one year.

    ``options`` go to :func:`analysis.stats.index.social_index` (see :func:`index_inputs`); its
    table's id column is ``area_code``. An indicator whose direction is a guess (not
    confirmed, and not given in ``directions``) is refused.
    """
    guessed = [k for k in unconfirmed_directions(kommune, indicators)
               if k not in (options.get("directions") or {})]  # fmt: skip
    if guessed:
        raise IndexSettingsError(
            _(
                "The direction of %(keys)s is not confirmed: do higher values mean more need or "
                "less? Say it on the indicators page or with 'flask indicators describe KEY "
                "--direction higher|lower'.",
                keys=", ".join(guessed),
            )
        )
    return social_index(**index_inputs(kommune, indicators, year, **options))


def saved_index(version: IndexVersion) -> SavedIndex:
    """The version's stored result, as every output shows it (nothing is recomputed).

    The inputs for the sensitivity table are read from the stored values of the version's year;
    when they are gone, the table is left empty.
    """
    params = version.params
    result = IndexResult.from_records(version.result, params.get("computed", {}))
    try:
        inputs = index_inputs(
            version.kommune, params["indicators"], params["year"], **params.get("options", {})
        )
    except IndexSettingsError:
        inputs = None
    return SavedIndex(result, int(params["year"]), inputs)


def report_index(
    kommune: Kommune, indicators: Sequence[str], min_population: float | None = None
) -> SavedIndex | None:
    """An index for ``flask report build``: the latest year in which every indicator has values.

    None without indicators; IndexSettingsError when the indicators share no year.
    """
    if not indicators:
        return None
    values = indicators_frame(kommune, indicators)
    unknown = sorted(set(indicators) - set(values["indicator"]))
    if unknown:
        raise IndexSettingsError(
            _("%(kommune)s has no values for %(keys)s.", kommune=kommune.name,
              keys=", ".join(unknown))
        )  # fmt: skip
    years = values.dropna(subset=["year"]).groupby("year")["indicator"].nunique()
    shared = sorted(int(y) for y, n in years.items() if n == len(set(indicators)))
    if not shared:
        raise IndexSettingsError(
            _(
                "%(kommune)s has no year with values of all of %(keys)s.",
                kommune=kommune.name,
                keys=", ".join(indicators),
            )
        )
    options = {} if min_population is None else {"min_population": min_population}
    inputs = index_inputs(kommune, indicators, shared[-1], **options)
    return SavedIndex(social_index(**inputs), shared[-1], inputs)


def records(table) -> list[dict]:
    """An index table as JSON records, the way a version stores it."""
    return json.loads(table.to_json(orient="records"))


def save_version(kommune: Kommune, name: str, settings: dict, result: IndexResult) -> IndexVersion:
    """Store ``result`` under ``name`` (replacing a version of that name) with its settings."""
    with write_transaction():
        version = db.session.scalar(
            select(IndexVersion).where(
                IndexVersion.kommune_id == kommune.id, IndexVersion.name == name
            )
        )
        if version is None:
            version = IndexVersion(kommune_id=kommune.id, name=name[:120])
            db.session.add(version)
        version.params = {
            **settings,
            "computed": json.loads(json.dumps(result.params, default=str)),
        }
        version.result = records(result.table)
    return version


def versions(kommune: Kommune) -> list[IndexVersion]:
    """The Kommune's saved versions, newest first."""
    return list(
        db.session.scalars(
            select(IndexVersion)
            .where(IndexVersion.kommune_id == kommune.id)
            .order_by(IndexVersion.created_at.desc())
        )
    )


def latest_version(kommune_id: int) -> IndexVersion | None:
    """The Kommune's most recently saved index version, if any."""
    return db.session.scalar(
        select(IndexVersion)
        .where(IndexVersion.kommune_id == kommune_id)
        .order_by(IndexVersion.created_at.desc(), IndexVersion.id.desc())
        .limit(1)
    )


def area_row(kommune_id: int, area_code: str) -> dict | None:
    """One Quartier's row of the latest version, with the version's name (None without one)."""
    version = latest_version(kommune_id)
    if version is None:
        return None
    for row in version.result:
        if str(row.get("area_code")) == area_code:
            return {**row, "version": version.name}
    return None
