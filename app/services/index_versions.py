"""The social index on stored data, and the named versions a planner saves of it.

:func:`compute_index` is the one place where the app computes an index
(:func:`analysis.stats.index.social_index` on the stored values of one year over the reference
areas, by default all the Kommune's areas). A saved :class:`~app.models.IndexVersion` freezes
its inputs (the value table, indicators with year, direction and weight, the reference areas,
method, thresholds, labels, minimum population) and its result per area; :func:`saved_index`
hands that stored result to every output: nothing recomputes it. Which version a survey uses is
:mod:`app.services.survey_index`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pandas as pd
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


def _check_known(kommune: Kommune, indicators: Sequence[str]) -> None:
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


def _reference(areas: pd.DataFrame, reference_areas: Sequence[str] | None) -> pd.DataFrame:
    if not reference_areas:
        return areas
    wanted = [str(code) for code in reference_areas]
    unknown = sorted(set(wanted) - set(areas["code"]))
    if unknown:
        raise IndexSettingsError(
            _("These reference areas do not exist: %(codes)s.", codes=", ".join(unknown))
        )
    return areas[areas["code"].isin(wanted)]


def index_inputs(
    kommune: Kommune,
    indicators: Sequence[str],
    year: int,
    reference_areas: Sequence[str] | None = None,
    **options: Any,
) -> dict[str, Any]:
    """The keyword arguments of ``social_index`` for the stored values of one year.

    The table has one row per reference area (default: every area of the Kommune) with
    ``area_code``, the indicators and the stored ``population``. Directions come from the
    stored indicators unless ``directions`` is given; with ``min_population`` the stored
    population is used. Raises IndexSettingsError for an indicator the Kommune does not have,
    an unknown reference area or a year without values.

    Examples
    --------
    With a database session (see the tests)::

        inputs = index_inputs(kommune, ["sgb2_quote"], 2023)
        inputs["id_column"], inputs["indicators"]
        # ('area_code', ['sgb2_quote'])
    """
    indicators = list(dict.fromkeys(indicators))
    _check_known(kommune, indicators)
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
    areas = _reference(areas_frame(kommune), reference_areas)
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

    ``options`` go to :func:`index_inputs` (``reference_areas``) and to
    :func:`analysis.stats.index.social_index`; its table's id column is ``area_code``. An
    indicator whose direction is a guess (not confirmed, and not given in ``directions``) is
    refused.

    Examples
    --------
    With a database session (see the tests)::

        compute_index(kommune, ["sgb2_quote"], 2023).table.columns[0]
        # 'area_code'
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


def records(table: pd.DataFrame) -> list[dict]:
    """An index table as JSON records, the way a version stores it."""
    return json.loads(table.to_json(orient="records"))


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def save_version(kommune: Kommune, name: str, settings: dict, result: IndexResult) -> IndexVersion:
    """Store ``result`` as a new version called ``name`` with its settings.

    A saved version never changes (surveys show it): a name already taken is refused.

    ``settings`` are ``{"indicators", "year", "options"}`` as :func:`compute_index` got them;
    the input table of that year is frozen with the version, so later imports (new years,
    corrected values) change neither its result nor its sensitivity table.

    Examples
    --------
    >>> settings = {"indicators": ["sgb2_quote"], "year": 2023, "options": {}}
    >>> result = compute_index(kommune, ["sgb2_quote"], 2023)  # doctest: +SKIP
    >>> save_version(kommune, "Sozialindex 2023", settings, result).name  # doctest: +SKIP
    'Sozialindex 2023'
    """
    name = name.strip()[:120]
    if not name:
        raise IndexSettingsError(_("Please give the version a name."))
    inputs = index_inputs(kommune, settings["indicators"], settings["year"], **settings["options"])
    frozen = {key: value for key, value in inputs.items() if key != "table"}
    _check_free(kommune.id, name)
    with write_transaction():
        version = IndexVersion(kommune_id=kommune.id, name=name)
        db.session.add(version)
        version.params = {
            **_plain(settings),
            "reference_areas": inputs["table"]["area_code"].astype(str).tolist(),
            "computed": _plain(result.params),
            "frozen": {"table": records(inputs["table"]), "options": _plain(frozen)},
        }
        version.result = records(result.table)
    return version


def _check_free(kommune_id: int, name: str, own_id: int | None = None) -> None:
    taken = db.session.scalar(
        select(IndexVersion.id).where(
            IndexVersion.kommune_id == kommune_id,
            IndexVersion.name == name,
            IndexVersion.id != (own_id or 0),
        )
    )
    if taken is not None:
        raise IndexSettingsError(_("There is already a version called “%(name)s”.", name=name))


def _frozen_inputs(version: IndexVersion) -> dict[str, Any] | None:
    params = version.params
    frozen = params.get("frozen")
    if frozen is not None:
        table = pd.DataFrame.from_records(frozen["table"])
        table["area_code"] = table["area_code"].astype(str)
        return {"table": table, **frozen["options"]}
    try:  # versions saved before inputs were frozen: the stored values of their year
        return index_inputs(
            version.kommune, params["indicators"], params["year"], **params.get("options", {})
        )
    except IndexSettingsError:
        return None


def saved_index(version: IndexVersion) -> SavedIndex:
    """The version's stored result, as every output shows it (nothing is recomputed).

    The inputs for the sensitivity table are the version's frozen inputs (for versions saved
    before inputs were frozen: the stored values of its year, or none when they are gone).

    Examples
    --------
    With a database session (see the tests)::

        saved_index(version).year
        # 2023
    """
    params = version.params
    result = IndexResult.from_records(version.result, params.get("computed", {}))
    return SavedIndex(result, int(params["year"]), _frozen_inputs(version), version.name)


def versions(kommune: Kommune) -> list[IndexVersion]:
    """The Kommune's saved versions, newest first."""
    return list(
        db.session.scalars(
            select(IndexVersion)
            .where(IndexVersion.kommune_id == kommune.id)
            .order_by(IndexVersion.created_at.desc(), IndexVersion.id.desc())
        )
    )


def find_version(kommune: Kommune, key: int | str) -> IndexVersion:
    """The Kommune's version with this id (an int) or name (a str); LookupError if none."""
    column = IndexVersion.id if isinstance(key, int) else IndexVersion.name
    version = db.session.scalar(
        select(IndexVersion).where(IndexVersion.kommune_id == kommune.id, column == key)
    )
    if version is None:
        raise LookupError(key)
    return version


def rename_version(version: IndexVersion, name: str) -> None:
    """Give ``version`` a new name; IndexSettingsError when it is empty or taken."""
    name = name.strip()[:120]
    if not name:
        raise IndexSettingsError(_("Please give the version a name."))
    _check_free(version.kommune_id, name, version.id)
    with write_transaction():
        version.name = name


def compare_versions(first: IndexVersion, second: IndexVersion) -> pd.DataFrame:
    """Per area the index and class of two versions, and whether the class changes.

    Columns ``area_code``, ``index_first``, ``class_first``, ``class_label_first``, the same
    with ``_second`` and ``changed`` (True where the classes differ, also where only one
    version has a class); sorted with the changed areas first.

    Examples
    --------
    With a database session (see the tests)::

        compare_versions(v2023, v2024).query("changed")["area_code"].tolist()
        # ['4']
    """
    columns = ["area_code", "index", "class", "class_label"]
    tables = [
        IndexResult.from_records(v.result).table.reindex(columns=columns) for v in (first, second)
    ]
    both = tables[0].merge(tables[1], on="area_code", how="outer", suffixes=("_first", "_second"))
    a, b = both["class_first"], both["class_second"]
    both["changed"] = ((a != b) & a.notna() & b.notna()).fillna(False) | (a.isna() != b.isna())
    both["changed"] = both["changed"].astype(bool)
    return both.sort_values(["changed", "area_code"], ascending=[False, True], ignore_index=True)
