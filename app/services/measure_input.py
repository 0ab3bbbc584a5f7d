"""Reading a measure's form: every field checked, every refusal a sentence for the planner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from app.core.extensions import db
from app.models import Area, Campaign, Indicator, Kommune, ValidationRecord
from app.models.measures import MEASURE_STATUSES
from app.services.money import parse_euros

#: Lengths of the text fields (as in the model; longer text is refused, never cut).
LIMITS = {
    "title": 200,
    "description": 5000,
    "target_group": 300,
    "lead_organisation": 200,
    "partners": 2000,
    "funding_source": 200,
}


class MeasureError(ValueError):
    """A measure could not be saved; the message is a translated sentence."""


@dataclass
class MeasureInput:
    """A measure's checked values: the plain fields and the chosen Quartiere, indicators, themes."""

    fields: dict
    area_codes: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    #: Confirmed needs answered: ``(validation record id, theme slug)``.
    needs: list[tuple[int, str]] = field(default_factory=list)


def confirmed_needs(kommune: Kommune) -> list[dict]:
    """Every need a round table of the Kommune confirmed: ``{"key": "<record id>:<theme>",
    "record_id", "theme", "round", "area_code", "area_name", "campaign_id"}``, newest round first.

    Examples
    --------
    With a database session (see the tests)::

        [n["key"] for n in confirmed_needs(kommune)]
    """
    rows = db.session.execute(
        select(ValidationRecord, Campaign, Area)
        .join(Campaign, Campaign.id == ValidationRecord.campaign_id)
        .join(Area, Area.id == ValidationRecord.area_id)
        .where(Campaign.kommune_id == kommune.id)
        .order_by(Campaign.round_label.desc(), Area.code)
    )
    needs = []
    for record, campaign, area in rows:
        for slug, verdict in (record.theme_needs or {}).items():
            if verdict.get("need") == "confirmed":
                needs.append(
                    {"key": f"{record.id}:{slug}", "record_id": record.id, "theme": slug,
                     "round": campaign.round_label, "area_code": area.code,
                     "area_name": area.name, "campaign_id": campaign.id}
                )  # fmt: skip
    return needs


def _date(text: str, label: str) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise MeasureError(
            _("%(field)s is not a date. Please use the calendar or type 2026-03-31.", field=label)
        ) from None


def _texts(form: Mapping) -> dict:
    values = {name: str(form.get(name) or "").strip() for name in LIMITS}
    if not values["title"]:
        raise MeasureError(_("Please give the measure a title."))
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            raise MeasureError(
                _("A field can have at most %(n)d characters; please shorten it.", n=limit)
            )
    return values


def _choices(chosen: Sequence[str], allowed: Sequence[str], message: str) -> list[str]:
    chosen = list(dict.fromkeys(str(c) for c in chosen if str(c).strip()))
    if any(c not in allowed for c in chosen):
        raise MeasureError(message)
    return chosen


def read_measure(kommune: Kommune, form: Mapping, themes: Sequence[str]) -> MeasureInput:
    """Check a measure's form: texts, budget, dates, status and the chosen Quartiere,
    indicators (stored for the Kommune) and themes (``themes``: the slugs that may be chosen).

    Examples
    --------
    With a database session (see the tests)::

        read_measure(kommune, {"title": "Spielplatz", "budget": "12.000", "areas": ["1 a"]}, [])
    """
    values = _texts(form)
    try:
        values["budget"] = parse_euros(str(form.get("budget") or ""))
    except ValueError:
        raise MeasureError(
            _("The budget must be an amount in euros, e.g. 12.500 or 12.500,50.")
        ) from None
    values["start_date"] = _date(form.get("start_date"), _("The start"))
    values["end_date"] = _date(form.get("end_date"), _("The end"))
    if values["start_date"] and values["end_date"] and values["end_date"] < values["start_date"]:
        raise MeasureError(_("The end must not lie before the start."))
    status = str(form.get("status") or "planned")
    if status not in MEASURE_STATUSES:
        raise MeasureError(_("Please choose one of the offered states."))
    values["status"] = status
    offered = {n["key"]: n for n in confirmed_needs(kommune)}
    needs = _choices(form.get("needs") or [], list(offered), _("Please choose needs of this list."))
    codes = [a.code for a in kommune.areas]
    keys = list(db.session.scalars(select(Indicator.key).where(Indicator.kommune_id == kommune.id)))
    return MeasureInput(
        values,
        _choices(form.get("areas") or [], codes, _("Please choose Quartiere of this Kommune.")),
        _choices(form.get("indicators") or [], keys, _("Please choose indicators of this list.")),
        _choices(form.get("themes") or [], themes, _("Please choose themes of this list.")),
        [(offered[k]["record_id"], offered[k]["theme"]) for k in needs],
    )
