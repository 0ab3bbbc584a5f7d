"""What the measure pages show: the form's choices and values, the measure's page (history,
notes, evaluation) and the public list."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select

from app.core.extensions import db
from app.core.i18n import localized
from app.models import Area, Campaign, Indicator, Kommune, Measure, ValidationRecord
from app.services import measures
from app.services.measure_evaluation import evaluate
from app.services.measure_input import confirmed_needs
from app.services.roundtable import record_for


def record_of(campaign: Campaign, area: Area) -> ValidationRecord | None:
    """The round table's record of the Quartier in this round, if saved."""
    return record_for(campaign, area)


def _indicators(kommune: Kommune) -> list[tuple[str, str]]:
    rows = db.session.scalars(
        select(Indicator).where(Indicator.kommune_id == kommune.id).order_by(Indicator.key)
    )
    return [(i.key, str(localized(i.name) or i.key)) for i in rows]


def form_context(kommune: Kommune, measure: Measure | None, values: Mapping) -> dict:
    """The form's choices (Quartiere, confirmed needs, indicators, themes) and its values."""
    return {
        "kommune": kommune,
        "measure": measure,
        "values": values,
        "areas": [a for a in kommune.areas if not a.retired],
        "needs": confirmed_needs(kommune),
        "indicators": _indicators(kommune),
        "themes": measures.theme_choices(kommune),
        "status_titles": measures.status_titles(),
    }


def prefill(kommune: Kommune, args: Mapping[str, str]) -> dict:
    """A new measure's values; ``?campaign=<id>&area=<code>`` ticks the Quartier and its
    confirmed needs with their themes (a measure decided from the round table's record)."""
    values: dict = {"status": "planned", "areas": [], "needs": [], "themes": []}
    chosen = [
        n for n in confirmed_needs(kommune)
        if str(n["campaign_id"]) == args.get("campaign") and n["area_code"] == args.get("area")
    ]  # fmt: skip
    if chosen:
        values["areas"] = [chosen[0]["area_code"]]
        values["needs"] = [n["key"] for n in chosen]
        values["themes"] = [n["theme"] for n in chosen]
    return values


def current_values(measure: Measure) -> dict:
    """The measure's stored values as the form shows them."""
    values = {
        name: getattr(measure, name) or ""
        for name in ("title", "description", "target_group", "lead_organisation", "partners",
                     "funding_source", "status")
    }  # fmt: skip
    values["budget"] = "" if measure.budget is None else f"{measure.budget:.2f}".replace(".", ",")
    for name in ("start_date", "end_date"):
        day = getattr(measure, name)
        values[name] = day.isoformat() if day else ""
    values["areas"] = [a.code for a in measure.areas]
    values["needs"] = [f"{n.record_id}:{n.theme}" for n in measure.needs]
    values["indicators"] = measures.chosen_keys(measure, "indicator")
    values["themes"] = measures.chosen_keys(measure, "theme")
    return values


def _need_rows(measure: Measure) -> list[dict]:
    titles = dict(measures.theme_choices(measure.kommune))
    return [
        {
            "round": n.record.campaign.round_label,
            "area": n.record.area,
            "theme": titles.get(n.theme, n.theme),
            "note": (n.record.theme_needs or {}).get(n.theme, {}).get("note", ""),
        }
        for n in measure.needs
    ]


def detail_context(measure: Measure) -> dict:
    """The measure's page: its fields, the needs it answers, notes, history and evaluation."""
    return {
        "measure": measure,
        "statuses": measures.status_titles(),
        "fields": measures.field_titles(),
        "needs": _need_rows(measure),
        "evaluation": evaluate(measure),
    }


def public_context(kommune_id: int) -> dict | None:
    """The public list of a Kommune's measures (not proposals; no names of staff), or None
    when the Kommune does not publish it."""
    kommune = db.session.get(Kommune, kommune_id)
    if kommune is None or not measures.is_public(kommune):
        return None
    shown = measures.measures_of(kommune, statuses=("planned", "running", "done", "stopped"))
    return {"kommune": kommune, "measures": shown, "statuses": measures.status_titles()}


def round_table_context(campaign: Campaign, area: Area) -> dict:
    """What the round table's page shows of measures: the Quartier's running measures with
    their evaluation, and whether its record has a confirmed need to propose one for."""
    running = measures.measures_of(campaign.kommune, area_code=area.code, statuses=("running",))
    return {
        "running": [{"measure": m, "evaluation": evaluate(m)} for m in running],
        "can_propose": bool(measures.confirmed_themes(record_for(campaign, area))),
    }
