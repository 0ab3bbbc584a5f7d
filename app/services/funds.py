"""Need-based allocation of funds on stored data, and the named versions a planner saves of it.

:func:`compute` is the one place where the app allocates: the Kommune's areas with the newest
values of a population indicator and the classes of a saved index version (or, by need, the round
tables' verdicts of :mod:`app.services.fund_verdicts`) go to
:func:`analysis.stats.allocation.allocate` (exact to the cent). :func:`save` freezes the
parameters and the result; :func:`saved_allocation` hands that stored result to every page,
file and report chapter – nothing recomputes it. The web form and ``flask funds allocate``
both build their settings with :func:`app.services.fund_settings.settings`: the same cents.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.stats.allocation import Allocation, allocate, compare_allocations
from app.core.database import write_transaction
from app.core.extensions import db
from app.models import FundAllocation, IndexVersion, Indicator, Kommune
from app.services import fund_verdicts, index_versions
from app.services.fund_settings import FundsError, FundSettings
from app.services.queries import areas_frame, indicators_frame

#: The reason of a Quartier left out of an allocation by verdict because no round table judged it.
NO_VERDICT = "no verdict"

#: The columns of a saved result, in order.
COLUMNS = ["area_code", "name", "population", "class", "factor", "base_cents", "share_cents",
           "amount_cents", "excluded_reason"]  # fmt: skip


def _version(kommune: Kommune, name: str | None) -> IndexVersion:
    if name is None:
        newest = index_versions.versions(kommune)
        if not newest:
            raise FundsError(_("%(kommune)s has no saved index version yet: save one on the "
                               "social index page first.", kommune=kommune.name))  # fmt: skip
        return newest[0]
    try:
        return index_versions.find_version(kommune, name)
    except LookupError:
        raise FundsError(
            _("%(kommune)s has no index version “%(name)s”.", kommune=kommune.name, name=name)
        ) from None


def _population(kommune: Kommune, key: str) -> tuple[pd.Series, int]:
    known = set(db.session.scalars(select(Indicator.key).where(Indicator.kommune == kommune)))
    if key not in known:
        raise FundsError(_("%(kommune)s has no indicator %(keys)s (stored: %(known)s).",
                           kommune=kommune.name, keys=key,
                           known=", ".join(sorted(known)) or "–"))  # fmt: skip
    values = indicators_frame(kommune, [key]).dropna(subset=["value", "year"])
    if values.empty:
        raise FundsError(_("The indicator %(key)s has no values.", key=key))
    year = int(values["year"].max())
    newest = values[values["year"] == year]
    return newest.set_index("area_code")["value"], year


@dataclass(frozen=True)
class FundResult:
    """An allocation with what it was computed from (for the page, the files and saving)."""

    allocation: Allocation
    params: dict


def _inputs(kommune: Kommune, chosen: FundSettings, classes: pd.Series) -> tuple[pd.DataFrame, int]:
    areas = areas_frame(kommune)[["code", "name"]].rename(columns={"code": "area_code"})
    population, year = _population(kommune, chosen.population_indicator)
    table = areas.assign(area_code=areas["area_code"].astype(str))
    table["class"] = table["area_code"].map(classes)
    table["population"] = table["area_code"].map(population).astype("float64")
    return pd.DataFrame(table), year


def _basis(kommune: Kommune, chosen: FundSettings) -> tuple[pd.Series, dict, IndexVersion | None]:
    """What a Quartier's factor depends on: its class in an index version, or the round
    table's verdict (:mod:`app.services.fund_verdicts`); with the parameters that name it."""
    if chosen.need_factors is not None:
        themes = chosen.need_themes
        if themes:
            found, label = fund_verdicts.theme_verdicts(kommune, chosen.need_round, themes)
        else:
            found, label = fund_verdicts.verdicts(kommune, chosen.need_round)
        params = {"basis": "need", "need_round": label, "index_version": None,
                  "need_themes": list(themes or [])}  # fmt: skip
        return found, params, None
    version = _version(kommune, chosen.index_version)
    classes = pd.DataFrame.from_records(version.result, columns=["area_code", "class"])
    params = {
        "basis": "class",
        "index_version": {"id": version.id, "name": version.name,
                          "year": version.params.get("year")},
        "class_labels": version.params.get("computed", {}).get("labels") or [],
    }  # fmt: skip
    return classes.set_index(classes["area_code"].astype(str))["class"], params, version


def _exclusions(chosen: FundSettings, table: pd.DataFrame) -> dict[str, str]:
    """By hand (with the planner's reason) and by the minimum target population."""
    exclude = {code: reason or _("excluded by hand") for code, reason in chosen.exclude.items()}
    if chosen.need_factors is not None:
        # a Quartier the round tables did not judge is left out by rule, named as such
        unjudged = table["class"].isna() & ~table["area_code"].isin(exclude)
        exclude.update(dict.fromkeys(table.loc[unjudged, "area_code"], NO_VERDICT))
    if chosen.min_population is not None:
        small = table["population"] < chosen.min_population
        small &= table["class"].notna() & ~table["area_code"].isin(exclude)
        reason = _("target population under %(n)d", n=chosen.min_population)
        exclude.update(dict.fromkeys(table.loc[small, "area_code"], reason))
    return exclude


def _check_classes(chosen: FundSettings, version: IndexVersion, table) -> None:
    labels = version.params.get("computed", {}).get("labels") or []
    n_classes = len(labels) or int(pd.to_numeric(table["class"]).max())
    if len(chosen.class_factors) != n_classes:
        raise FundsError(_("The index version “%(name)s” has %(n)d classes: give %(n)d factors, "
                           "from the least to the most need.", name=version.name,
                           n=n_classes))  # fmt: skip


def _check(kommune: Kommune, chosen: FundSettings, table) -> None:
    unknown = sorted(set(chosen.exclude) - set(table["area_code"]))
    if unknown:
        raise FundsError(_("%(kommune)s has no Quartier %(codes)s to exclude.",
                           kommune=kommune.name, codes=", ".join(unknown)))  # fmt: skip
    usable = ~table["area_code"].isin(_exclusions(chosen, table)) & table["class"].notna()
    usable &= table["population"].notna()
    if chosen.base_cents * int(usable.sum()) > chosen.budget_cents:
        raise FundsError(_("The budget is smaller than the base amounts of the %(n)d Quartiere "
                           "that take part.", n=int(usable.sum())))  # fmt: skip
    if not (table.loc[usable, "population"] > 0).any():
        raise FundsError(_("No Quartier that takes part has a target population to share by."))


def compute(kommune: Kommune, chosen: FundSettings) -> FundResult:
    """Allocate the budget across the Kommune's Quartiere; FundsError with a sentence.

    Examples
    --------
    With a database session (see the tests)::

        chosen = settings(budget="1000000", population_indicator="EW",
                          class_factors=["1", "1,5", "2", "3"])
        compute(kommune, chosen).allocation.table["amount_cents"].sum()
        # 100000000
    """
    classes, basis, version = _basis(kommune, chosen)
    table, year = _inputs(kommune, chosen, classes)
    if version is not None:
        _check_classes(chosen, version, table)
    _check(kommune, chosen, table)
    exclude = _exclusions(chosen, table)
    factors = chosen.class_factors if version is not None else chosen.need_factors
    allocation = allocate(
        table, budget=Decimal(chosen.budget_cents) / 100, base=Decimal(chosen.base_cents) / 100,
        population_column="population", class_column="class",
        class_factors=factors, exclude=exclude,
    )  # fmt: skip
    allocation.table.insert(1, "name", table["name"].to_numpy())
    params = {
        **allocation.params,
        **basis,
        "population_indicator": chosen.population_indicator,
        "population_year": year,
        "min_population": chosen.min_population,
    }
    return FundResult(allocation=allocation, params=params)


def save(kommune: Kommune, name: str, result: FundResult) -> FundAllocation:
    """Store ``result`` as a new version called ``name``; a name already taken is refused."""
    name = name.strip()[:120]
    if not name:
        raise FundsError(_("Please give the allocation a name."))
    taken = db.session.scalar(select(FundAllocation.id).where(
        FundAllocation.kommune_id == kommune.id, FundAllocation.name == name))  # fmt: skip
    if taken is not None:
        raise FundsError(_("There is already an allocation called “%(name)s”.", name=name))
    records = index_versions.records(result.allocation.table.drop(columns=["amount"]))
    with write_transaction():
        saved = FundAllocation(kommune_id=kommune.id, name=name, params=result.params,
                               result=records)  # fmt: skip
        db.session.add(saved)
    return saved


def saved_allocation(saved: FundAllocation) -> FundResult:
    """The stored result as every page, file and chapter shows it (nothing is recomputed)."""
    table = pd.DataFrame.from_records(saved.result, columns=None if saved.result else COLUMNS)
    table["area_code"] = table["area_code"].astype(str)
    table["amount"] = table["amount_cents"] / 100
    table["excluded_reason"] = table["excluded_reason"].fillna("")
    return FundResult(allocation=Allocation(table=table, params=saved.params), params=saved.params)


def allocations(kommune: Kommune) -> list[FundAllocation]:
    """The Kommune's saved allocations, newest first."""
    return list(db.session.scalars(
        select(FundAllocation).where(FundAllocation.kommune_id == kommune.id)
        .order_by(FundAllocation.created_at.desc(), FundAllocation.id.desc())
    ))  # fmt: skip


def find(kommune: Kommune, key: int | str) -> FundAllocation:
    """The Kommune's allocation with this id (an int) or name (a str); LookupError if none."""
    column = FundAllocation.id if isinstance(key, int) else FundAllocation.name
    found = db.session.scalar(
        select(FundAllocation).where(FundAllocation.kommune_id == kommune.id, column == key)
    )
    if found is None:
        raise LookupError(key)
    return found


def compare(first: FundAllocation, second: FundAllocation) -> pd.DataFrame:
    """Two saved allocations side by side: who gains and who loses, largest loss first."""
    a, b = (saved_allocation(s).allocation for s in (first, second))
    return compare_allocations(a, b)


def delete(saved: FundAllocation) -> None:
    """Remove a saved allocation (the committee's copy is the exported file)."""
    with write_transaction():
        db.session.delete(saved)
