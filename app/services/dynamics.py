"""The dynamics index from the stored years of chosen indicators, and the status/dynamics class.

A bridge to :func:`analysis.stats.dynamics.dynamics_from_years` (Berlin's MSS method: the change
of each indicator between two stored years, z-transformed, summed, z-transformed again, three
classes) and :func:`analysis.stats.dynamics.status_dynamics` (the 4 × 3 class with a saved
index version's status class). Nothing here is stored: the planner computes and downloads.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from flask_babel import gettext as _

from analysis.stats.dynamics import dynamics_from_years, status_dynamics
from analysis.stats.index import IndexResult
from analysis.stats.index_inputs import IndexInputError
from app.models import IndexVersion, Kommune
from app.services.index_settings import IndexSettingsError
from app.services.index_versions import find_version, versions
from app.services.indicators import indicators_of
from app.services.queries import areas_frame, index_directions, indicators_frame
from app.services.time_series import find_indicator


def _years_of(long: pd.DataFrame, key: str) -> list[int]:
    return sorted(int(y) for y in long.loc[long["indicator"] == key, "year"].unique())


def _check(kommune: Kommune, long: pd.DataFrame, keys: Sequence[str], start: int, end: int):
    if not keys:
        raise IndexSettingsError(_("Please choose at least one indicator."))
    if start >= end:
        raise IndexSettingsError(_("The first year must come before the second."))
    for key in keys:
        find_indicator(kommune, key)
        years = _years_of(long, key)
        for year in (start, end):
            if year not in years:
                raise IndexSettingsError(
                    _("%(key)s has no values for %(year)s; years with values: %(years)s.",
                      key=key, year=year, years=", ".join(map(str, years)) or "–")
                )  # fmt: skip


def dynamics(
    kommune: Kommune,
    indicators: Sequence[str],
    start: int,
    end: int,
    *,
    population: str | None = None,
    min_population: float | None = None,
) -> IndexResult:
    """The dynamics index of the Kommune's areas from the stored values of ``start`` and
    ``end``; directions are the stored indicators'. ``population`` is the key of a stored
    indicator with the residents (its value in ``end`` is compared with ``min_population``).

    Examples
    --------
    With a database session (see the tests)::

        dynamics(berlin, ["S1", "S3", "S4"], 2018, 2020, population="EW",
                 min_population=300).table["class_label"].value_counts()
    """
    keys = list(dict.fromkeys(indicators))
    extra = [population] if population else []
    long = indicators_frame(kommune, keys + extra)
    _check(kommune, long, keys, start, end)
    if population:
        find_indicator(kommune, population)
    try:
        result = dynamics_from_years(
            long, indicators=keys, start=start, end=end, population=population,
            min_population=min_population, directions=index_directions(kommune, keys),
        )  # fmt: skip
    except IndexInputError as exc:
        raise IndexSettingsError(
            _("The dynamics index cannot be computed: %(why)s", why=str(exc))
        ) from None
    return _every_area(kommune, result)


def _every_area(kommune: Kommune, result: IndexResult) -> IndexResult:
    """The result with a row for each of the Kommune's areas: one without any stored value
    of the indicators is listed as left out, not dropped."""
    codes = areas_frame(kommune)["code"]
    table = pd.DataFrame({"area_code": codes}).merge(result.table, on="area_code", how="left")
    absent = ~table["area_code"].isin(result.table["area_code"])
    table.loc[absent, "excluded_reason"] = _("no values stored")
    table["class"] = table["class"].astype("Int64")
    return IndexResult(table, result.params)


def combined(result: IndexResult, version: IndexVersion) -> pd.DataFrame:
    """The dynamics table with the status class of a saved index version and the combined
    4 × 3 class (``status_dynamics_class``, Berlin's ``code`` such as "2+/-" and the label).

    Examples
    --------
    With a database session (see the tests)::

        combined(dynamics(berlin, ["S1", "S3", "S4"], 2018, 2020), version)["code"]
    """
    table = result.table.copy()
    status = IndexResult.from_records(version.result).table.set_index("area_code")["class"]
    if not status.dropna().isin(range(1, 5)).all():
        raise IndexSettingsError(
            _("The status/dynamics class needs an index version with the four status classes.")
        )
    table["status_class"] = table["area_code"].map(status).astype("Int64")
    both = status_dynamics(table["status_class"], table["class"])
    table["status_dynamics_class"] = both["class"].to_numpy()
    table["status_dynamics_code"] = both["code"].to_numpy()
    table["status_dynamics_label"] = both["class_label"].to_numpy()
    return table


def dynamics_page(kommune: Kommune, args: Mapping[str, str], chosen: Sequence[str]) -> dict:
    """What the dynamics page shows for its query values (``start``, ``end``, ``population``,
    ``min_population``, ``version``) and the ticked indicators ``chosen``: the result table,
    the class counts, or ``error``, a sentence that says why it cannot be computed."""
    keys = [i.key for i in indicators_of(kommune)]
    context: dict = {"keys": keys, "rows": None, "error": None, "chosen": list(chosen)}
    context["versions"] = versions(kommune)
    if not chosen:
        return context
    try:
        start, end = (int(args.get(name, "")) for name in ("start", "end"))
    except ValueError:
        context["error"] = _("Please give the two years as numbers, e.g. 2018 and 2020.")
        return context
    minimum = args.get("min_population", "").strip()
    try:
        result = dynamics(kommune, chosen, start, end, population=args.get("population") or None,
                          min_population=float(minimum) if minimum.isdigit() else None)  # fmt: skip
        table = result.table
        if args.get("version"):
            table = combined(result, find_version(kommune, int(args["version"])))
    except IndexSettingsError as exc:
        context["error"] = str(exc)
        return context
    except (LookupError, ValueError):
        context["error"] = _("Please choose a saved index version.")
        return context
    included = table[table["excluded_reason"] == ""]
    rows = table.astype(object).where(table.notna(), None).to_dict("records")
    context.update(rows=rows, counts=included["class_label"].value_counts().to_dict())
    context["combined"] = "status_dynamics_code" in table
    return context
