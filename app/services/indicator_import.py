"""Import an indicator table: plan what it would store (shown first), then store exactly that.

:func:`plan_import` takes a file already read (:func:`analysis.readers.indicator_file.
read_indicator_file`, in this process for the CLI, in the confined worker for the web) and
the planner's choices, matches its codes to the Kommune's areas (:func:`analysis.readers.
onto_areas.onto_areas`) and says, before anything is stored, why it cannot be stored
(``blockers``) and what it would overwrite (``changes``). :func:`store_plan` stores a plan
without blockers: values by indicator, area and year, each with its file and time of import.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from analysis.readers.codes import match_codes
from analysis.readers.crosswalks import Crosswalk
from analysis.readers.errors import InputFileError
from analysis.readers.indicator_file import IndicatorFile
from analysis.readers.onto_areas import OnAreas, onto_areas
from app.core.database import write_transaction
from app.core.extensions import db
from app.core.file_messages import plural_text
from app.models import Area, Indicator, IndicatorValue, Kommune
from app.services.areas import ImportSummary
from app.services.indicators import IndicatorError, new_indicator

#: The CLI's names of the matching rules (``--match``) and the rules they try.
MATCH_RULES = {"code": ("exact", "padding", "affix"), "number": ("digits",), "name": ("name",)}
SHOWN_CODES = 20


@dataclass
class ImportChoice:
    """What the planner chose beside the file (the CLI's options, the preview's form)."""

    year: int | None = None
    match: str | None = None
    crosswalk: Crosswalk | None = None
    prefix_length: int | None = None
    weight: str | None = None
    shares: list[str] = field(default_factory=list)
    skip_unknown: bool = False
    overwrite: bool = False


@dataclass
class ImportPlan:
    """What a file would store on the Kommune's areas, and every reason it cannot (yet)."""

    found: IndicatorFile
    placed: OnAreas
    values: pd.DataFrame
    blockers: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    left_out: list[tuple[str, str, str]] = field(default_factory=list)


def _codes(codes: list[str]) -> str:
    shown = ", ".join(f"'{c}'" for c in codes[:SHOWN_CODES])
    return shown + (" …" if len(codes) > SHOWN_CODES else "")


def _rule(found: IndicatorFile, areas: dict[str, str], choice: ImportChoice) -> str | None:
    """The rule to apply: of the chosen family, the strictest that matches most codes."""
    if choice.match is None:
        return None
    rules = MATCH_RULES.get(choice.match, (choice.match,))
    codes = list(dict.fromkeys(found.values["area_code"]))
    names = [found.names.get(c, c) for c in codes]
    counts = [match_codes(codes, areas, rule=r, names=names).matched for r in rules]
    return rules[counts.index(max(counts))]


def _place(found: IndicatorFile, areas: dict[str, str], choice: ImportChoice) -> OnAreas:
    key = {line.column: line.key for line in found.indicators}
    shares = [key.get(s, s) for s in choice.shares]
    weight = key.get(choice.weight, choice.weight) if choice.weight else None
    try:
        return onto_areas(found.values, found.names, areas, source=found.source,
                          rule=_rule(found, areas, choice), crosswalk=choice.crosswalk,
                          prefix_length=choice.prefix_length, shares=shares,
                          weight=weight)  # fmt: skip
    except InputFileError as exc:
        raise IndicatorError(exc.describe(_, str, found.source, plural_text)) from None


def _unknown_blocker(placed: OnAreas, kommune: Kommune, choice: ImportChoice) -> list[str]:
    listed = [*placed.unknown, *(n.code for n in placed.match.not_areas)]
    if not listed or choice.skip_unknown:
        return []
    return [
        _(
            "%(summary)s These codes are not areas of %(kommune)s: %(codes)s. Nothing was "
            "imported: leave these rows out (--skip-unknown), choose another way to match the "
            "codes (--match code|number|name, --crosswalk FILE) or import the areas first.",
            summary=str(placed.summary().render(_, str, plural_text)),
            kommune=kommune.name,
            codes=_codes(listed),
        )
    ]


def _blockers(found: IndicatorFile, plan: ImportPlan, kommune, choice) -> list[str]:
    blockers = []
    if not found.indicators:
        blockers.append(
            _(
                "The file '%(file)s' has no columns with numbers to import; the column report "
                "says what each column became (--dry-run).",
                file=found.source,
            )
        )
    rule = plan.placed.match.rule
    if choice.match is None and rule not in ("exact", "crosswalk", "prefix"):
        family = next(name for name, rules in MATCH_RULES.items() if rule in rules)
        blockers.append(
            _(
                "The codes of the file are not written like the area codes. %(summary)s "
                "Nothing was imported: check this and run again with --match %(family)s.",
                summary=plan.placed.summary().render(_, str, plural_text),
                family=family,
            )
        )
    blockers += _unknown_blocker(plan.placed, kommune, choice)
    if found.indicators and plan.values["year"].isna().any():
        blockers.append(
            _(
                "The file '%(file)s' does not say which year its values are for; "
                "give the year (--year).",
                file=found.source,
            )
        )
    return blockers


def _stored(kommune: Kommune, keys) -> pd.DataFrame:
    """Stored values of ``keys`` with their source; carried estimates are left out, because a
    file's own value for the new area is meant to replace them (``app.services.carrying``)."""
    rows = db.session.execute(
        select(Indicator.key, Area.code, IndicatorValue.year, IndicatorValue.source)
        .join(IndicatorValue, IndicatorValue.indicator_id == Indicator.id)
        .join(Area, Area.id == IndicatorValue.area_id)
        .where(Indicator.kommune_id == kommune.id, Indicator.key.in_(list(keys)))
        .where(IndicatorValue.carried_from.is_(None))
    ).all()
    return pd.DataFrame(rows, columns=["indicator", "area_code", "year", "source"])


def _changes(values: pd.DataFrame, kommune: Kommune, source: str) -> list[str]:
    """One sentence per indicator and file whose stored values this import would change."""
    stored = _stored(kommune, set(values["indicator"])).fillna({"source": "–"})
    other = stored[stored["source"] != source]
    if other.empty:
        return []
    new = values.dropna(subset=["year"]).astype({"year": "int64"})
    hit = other.merge(new, on=["indicator", "area_code", "year"])
    return [
        ngettext(
            "Would change %(num)d value of %(key)s (from source %(source)s).",
            "Would change %(num)d values of %(key)s (from source %(source)s).",
            len(rows),
            key=key,
            source=old,
        )  # fmt: skip
        for (key, old), rows in hit.groupby(["indicator", "source"])
    ]


def plan_import(found: IndicatorFile, kommune: Kommune, choice: ImportChoice) -> ImportPlan:
    """What ``found`` would store on the Kommune's areas with ``choice``; nothing is stored.

    Example: ``plan_import(read_indicator_file(path), kommune, ImportChoice(year=2023))``;
    ``plan.blockers`` empty means :func:`store_plan` may store it.
    """
    areas = dict(db.session.execute(
        select(Area.code, Area.name).where(Area.kommune_id == kommune.id)
    ).all())  # fmt: skip
    placed = _place(found, areas, choice)
    values = placed.values
    if choice.year is not None:
        values = values.assign(year=values["year"].fillna(choice.year))
    plan = ImportPlan(found, placed, values)
    plan.left_out = [
        (n.code, n.name, n.why.render(_, str, plural_text)) for n in placed.match.not_areas
    ]
    plan.blockers = _blockers(found, plan, kommune, choice)
    if not plan.blockers:
        plan.changes = _changes(values, kommune, found.source)
        if plan.changes and not choice.overwrite:
            plan.blockers.append(
                _("Nothing was imported: this file would overwrite values from another file. "
                  "Give its indicators a prefix (--prefix P_) or confirm (--overwrite).")
            )  # fmt: skip
    return plan


def store_plan(plan: ImportPlan, kommune: Kommune) -> ImportSummary:
    """Store a plan without blockers: insert or update values, a missing value removes one.

    New indicators are described from the catalogue when their key is in it, else named by
    the file's header. Example: ``store_plan(plan_import(found, kommune, choice), kommune)``.
    """
    if plan.blockers:
        raise IndicatorError(" ".join(plan.blockers))
    names = {line.key: (line.name, line.unit) for line in plan.found.indicators}
    return store_values(plan.values, kommune, plan.found.source, names)


def store_values(
    values: pd.DataFrame,
    kommune: Kommune,
    source: str,
    names: dict[str, tuple[str, str | None]] | None = None,
) -> ImportSummary:
    """Store tidy ``values`` (indicator, area_code, year, value[, carried_from]) of ``source``.

    Insert or update by indicator, area and year; a missing value removes a stored one. A
    ``carried_from`` column marks values carried from earlier areas (``app.services.carrying``);
    without it a stored mark is cleared, because the value is now the file's own. ``names``
    gives new indicators their name and unit. Codes of no area refuse everything.
    """
    unknown = sorted(set(values["area_code"]) - _area_ids(kommune).keys())
    if unknown:
        raise IndicatorError(
            _(
                "%(kommune)s has no areas with these codes: %(codes)s. Nothing was imported.",
                kommune=kommune.name,
                codes=_codes(unknown),
            )
        )
    summary = ImportSummary()
    now = datetime.now(UTC).replace(tzinfo=None)
    with write_transaction():
        areas = _area_ids(kommune)
        indicators = _indicators(kommune, values["indicator"], names or {}, summary)
        ids = [i.id for i in indicators.values()]
        stored = {(v.indicator_id, v.area_id, v.year): v for v in db.session.scalars(
            select(IndicatorValue).where(IndicatorValue.indicator_id.in_(ids)))}  # fmt: skip
        carried = values["carried_from"] if "carried_from" in values else [None] * len(values)
        for row, origin in zip(values.itertuples(index=False), carried, strict=True):
            cell = (indicators[row.indicator].id, areas[row.area_code], int(row.year))
            _store(stored.get(cell), cell, row.value, (source, now, origin or None), summary)
    return summary


def _area_ids(kommune: Kommune) -> dict[str, int]:
    return dict(db.session.execute(
        select(Area.code, Area.id).where(Area.kommune_id == kommune.id)
    ).all())  # fmt: skip


def _indicators(kommune: Kommune, keys, names, summary: ImportSummary) -> dict[str, Indicator]:
    """The Kommune's indicators of ``keys``, new ones created (and flushed for their ids)."""
    indicators = {i.key: i for i in db.session.scalars(
        select(Indicator).where(Indicator.kommune_id == kommune.id))}  # fmt: skip
    wanted = list(dict.fromkeys(keys))
    for key in wanted:
        if key not in indicators:
            name, unit = names.get(key, (key, None))
            indicators[key] = new_indicator(kommune, key, name, unit)
            db.session.add(indicators[key])
            summary.new_indicators.append(key)
    db.session.flush()
    return {key: indicators[key] for key in wanted}


def _store(value, cell, number: float, origin: tuple, summary) -> None:
    """Insert, update or remove one cell; ``origin`` is (source, time, carried_from)."""
    source, now, carried = origin
    if math.isnan(number):
        if value is not None:
            db.session.delete(value)
            summary.removed += 1
        return
    if value is None:
        db.session.add(
            IndicatorValue(
                indicator_id=cell[0],
                area_id=cell[1],
                year=cell[2],
                value=float(number),
                source=source,
                imported_at=now,
                carried_from=carried,
            )
        )
        summary.created += 1
        return
    value.value, value.source, value.imported_at = float(number), source, now
    value.carried_from = carried
    summary.updated += 1
