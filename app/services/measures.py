"""Measures of a Kommune: create, edit (every change kept: who, when, from what to what),
progress notes, proposals from a round table's record, lists and the public switch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from flask_babel import gettext as _
from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.core.i18n import localized
from app.models import (
    Area,
    Campaign,
    Kommune,
    Measure,
    MeasureChange,
    MeasureNeed,
    MeasureNote,
    MeasurePublication,
    User,
    ValidationRecord,
)
from app.models.accounts import utcnow
from app.services.measure_baselines import capture, latest_round
from app.services.measure_input import MeasureError, MeasureInput

#: The fields of the form whose every change is kept, in the order the history lists them.
TRACKED = (
    "title", "description", "target_group", "lead_organisation", "partners", "budget",
    "funding_source", "start_date", "end_date", "status", "areas", "needs", "indicators",
    "themes",
)  # fmt: skip
MAX_NOTE = 5000


def status_titles() -> dict[str, str]:
    """The states of a measure in the reader's language."""
    return {
        "proposed": _("proposed"),
        "planned": _("planned"),
        "running": _("running"),
        "done": _("done"),
        "stopped": _("stopped"),
    }


def field_titles() -> dict[str, str]:
    """The names of a measure's fields as the history shows them."""
    return {
        "title": _("Title"), "description": _("Description"), "target_group": _("Target group"),
        "lead_organisation": _("Lead organisation"), "partners": _("Partners"),
        "budget": _("Budget (EUR)"), "funding_source": _("Funding source"),
        "start_date": _("Start"), "end_date": _("End"), "status": _("Status"),
        "areas": _("Quartiere"), "needs": _("Confirmed needs"),
        "indicators": _("Indicators"), "themes": _("Themes"),
    }  # fmt: skip


def theme_choices(kommune: Kommune) -> list[tuple[str, str]]:
    """The themes a measure can be judged by: those of the Kommune's newest round."""
    campaign = latest_round(kommune)
    if campaign is None:
        return []
    return [(t.slug, str(localized(t.title))) for t in campaign.instrument.themes]


def _shown(value: object) -> str:
    """A value as the history keeps it (dates ISO, amounts with two decimals, lists joined)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def chosen_keys(measure: Measure, kind: str) -> list[str]:
    """The indicators (``kind="indicator"``) or themes the measure is judged by, in order."""
    return list(dict.fromkeys(b.key for b in measure.baselines if b.kind == kind))


def _state(measure: Measure) -> dict[str, str]:
    state = {name: _shown(getattr(measure, name)) for name in TRACKED[:10]}
    state["areas"] = _shown([a.code for a in measure.areas])
    state["needs"] = _shown(sorted(f"{n.record_id}:{n.theme}" for n in measure.needs))
    state["indicators"] = _shown(chosen_keys(measure, "indicator"))
    state["themes"] = _shown(chosen_keys(measure, "theme"))
    return state


def _apply(measure: Measure, values: MeasureInput) -> None:
    for name, value in values.fields.items():
        setattr(measure, name, value)
    by_code = {a.code: a for a in measure.kommune.areas}
    measure.areas = [by_code[c] for c in values.area_codes]
    kept = {(n.record_id, n.theme): n for n in measure.needs}
    measure.needs = [kept.get(k) or MeasureNeed(record_id=k[0], theme=k[1]) for k in values.needs]
    keep = [
        b for b in measure.baselines
        if b.area_code in values.area_codes
        and b.key in (values.indicators if b.kind == "indicator" else values.themes)
    ]  # fmt: skip
    measure.baselines = keep
    capture(measure, values.indicators, values.themes)


def _record(measure: Measure, before: dict[str, str], user: User | None) -> int:
    after, now = _state(measure), utcnow()
    changed = [name for name in TRACKED if before.get(name, "") != after[name]]
    for name in changed:
        measure.changes.append(
            MeasureChange(
                field=name,
                old=before.get(name, ""),
                new=after[name],
                changed_at=now,
                user_id=user.id if user is not None else None,
            )  # fmt: skip
        )
    return len(changed)


def create_measure(
    kommune: Kommune,
    values: MeasureInput,
    user: User | None,
    campaign: Campaign | None = None,
) -> Measure:
    """Store a new measure and its baseline (the values at this moment); the history's first
    entries say who created it with which values.

    Examples
    --------
    With a database session (see the tests)::

        create_measure(kommune, read_measure(kommune, form, slugs), planner, campaign)
    """
    if campaign is None and values.needs:
        campaign = db.session.get(ValidationRecord, values.needs[0][0]).campaign
    campaign = campaign or latest_round(kommune)
    with write_transaction():
        measure = Measure(kommune=kommune, campaign=campaign, status="planned")
        db.session.add(measure)
        _apply(measure, values)
        _record(measure, {}, user)
    return measure


def update_measure(measure: Measure, values: MeasureInput, user: User | None) -> int:
    """Save the edited measure; every changed field is kept in the history. Returns how many
    fields changed (0: nothing to keep, nothing written)."""
    before = _state(measure)
    with write_transaction():
        _apply(measure, values)
        changed = _record(measure, before, user)
        if changed:
            measure.updated_at = utcnow()
    return changed


def add_note(measure: Measure, noted_on: str, text: str, user: User | None) -> MeasureNote:
    """Add a dated progress note (the date the planner chose, today when empty)."""
    text = (text or "").strip()
    if not text:
        raise MeasureError(_("Please write the progress note."))
    if len(text) > MAX_NOTE:
        raise MeasureError(_("A note can have at most %(n)d characters.", n=MAX_NOTE))
    try:
        day = dt.date.fromisoformat(noted_on.strip()) if noted_on.strip() else dt.date.today()
    except ValueError:
        raise MeasureError(
            _("The note's date is not a date. Please type e.g. 2026-03-31.")
        ) from None
    with write_transaction():
        note = MeasureNote(noted_on=day, text=text, author_id=user.id if user else None)
        measure.notes.append(note)
    return note


def confirmed_themes(record: ValidationRecord | None) -> list[str]:
    """The themes whose need the round table confirmed, in the record."""
    if record is None:
        return []
    return [slug for slug, v in (record.theme_needs or {}).items() if v.get("need") == "confirmed"]


def propose(
    campaign: Campaign, area: Area, record: ValidationRecord | None, title: str, user: User
) -> Measure:
    """A moderator's proposal from the round table: the Quartier, its confirmed needs and
    their themes (baseline: this round) are filled in; a planner decides on it."""
    themes = confirmed_themes(record)
    if not themes:
        raise MeasureError(_("Save the record with at least one confirmed need first."))
    needs = [(record.id, slug) for slug in themes]
    values = MeasureInput(
        {"title": title.strip(), "status": "proposed"}, [area.code], [], themes, needs
    )
    if not values.fields["title"] or len(values.fields["title"]) > 200:
        raise MeasureError(_("Please give the proposal a title of at most 200 characters."))
    with write_transaction():
        measure = Measure(kommune=campaign.kommune, campaign=campaign)
        db.session.add(measure)
        _apply(measure, values)
        _record(measure, {}, user)
    return measure


def measures_of(
    kommune: Kommune, status: str = "", area_code: str = "", statuses: Sequence[str] = ()
) -> list[Measure]:
    """The Kommune's measures, newest first; only of ``status`` / ``statuses`` / one Quartier
    if given."""
    stmt = select(Measure).where(Measure.kommune_id == kommune.id)
    if status:
        stmt = stmt.where(Measure.status == status)
    if statuses:
        stmt = stmt.where(Measure.status.in_(list(statuses)))
    if area_code:
        stmt = stmt.where(Measure.areas.any(Area.code == area_code))
    return list(db.session.scalars(stmt.order_by(Measure.created_at.desc(), Measure.id.desc())))


def is_public(kommune: Kommune) -> bool:
    """Whether the Kommune publishes its list of measures."""
    return db.session.get(MeasurePublication, kommune.id) is not None


def set_public(kommune: Kommune, public: bool) -> None:
    """Publish the Kommune's list of measures, or take it back."""
    with write_transaction():
        row = db.session.get(MeasurePublication, kommune.id)
        if public and row is None:
            db.session.add(MeasurePublication(kommune_id=kommune.id))
        elif not public and row is not None:
            db.session.delete(row)
