"""Validation records of round tables: save, find the previous round's, and export as a frame."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from flask_babel import gettext as _
from sqlalchemy import select

from analysis.texts import RoundTableTexts
from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Campaign, User, ValidationRecord
from app.models.accounts import utcnow
from app.models.roundtable import NEED_VERDICTS, QUESTIONS
from app.services.texts import translated

MAX_TEXT = 5000


class RecordError(ValueError):
    """Bad record input; the message is a translated sentence."""


def record_for(campaign: Campaign, area: Area) -> ValidationRecord | None:
    return db.session.scalar(
        select(ValidationRecord).where(
            ValidationRecord.campaign_id == campaign.id, ValidationRecord.area_id == area.id
        )
    )


def previous_record(campaign: Campaign, area: Area) -> tuple[Campaign, ValidationRecord] | None:
    """The latest record for the same Quartier (by code) from an earlier round of the Kommune."""
    rows = db.session.execute(
        select(Campaign, ValidationRecord)
        .join(ValidationRecord, ValidationRecord.campaign_id == Campaign.id)
        .join(Area, Area.id == ValidationRecord.area_id)
        .where(
            Campaign.kommune_id == campaign.kommune_id,
            Campaign.round_label < campaign.round_label,
            Area.code == area.code,
        )
        .order_by(Campaign.round_label.desc(), ValidationRecord.updated_at.desc())
        .limit(1)
    ).first()
    return (rows[0], rows[1]) if rows else None


def save_record(
    campaign: Campaign,
    area: Area,
    answers: Mapping[str, str],
    theme_needs: Mapping[str, dict],
    saved_by: User | None = None,
) -> ValidationRecord:
    """Store the round table's conclusion for one Quartier (replacing an earlier version).

    ``answers`` holds the five questions plus ``overall_need`` and ``overall_note``;
    ``theme_needs`` maps theme slugs to ``{"need": verdict or "", "note": text}``;
    ``saved_by`` is kept with the time, so the page says who saved it and when.
    """
    slugs = {t.slug for t in campaign.instrument.themes}
    overall = (answers.get("overall_need") or "").strip() or None
    if overall is not None and overall not in NEED_VERDICTS:
        raise RecordError(_("Please choose confirmed, not confirmed or unclear."))
    texts = {q: (answers.get(q) or "").strip() for q in (*QUESTIONS, "overall_note")}
    if any(len(t) > MAX_TEXT for t in texts.values()):
        raise RecordError(_("Each answer can have at most %(n)d characters.", n=MAX_TEXT))
    needs = {}
    for slug, entry in theme_needs.items():
        need, note = (entry.get("need") or "").strip(), (entry.get("note") or "").strip()
        if slug not in slugs or (need and need not in NEED_VERDICTS) or len(note) > MAX_TEXT:
            raise RecordError(_("A theme's verdict could not be read. Please check the form."))
        if need or note:
            needs[slug] = {"need": need or None, "note": note}
    with write_transaction():
        record = record_for(campaign, area)
        if record is None:
            record = ValidationRecord(campaign_id=campaign.id, area_id=area.id)
            db.session.add(record)
        for name, text in texts.items():
            setattr(record, name, text)
        record.overall_need = overall
        record.theme_needs = needs
        record.updated_at = utcnow()
        record.saved_by_id = saved_by.id if saved_by is not None else None
    return record


def records_frame(campaign: Campaign) -> pd.DataFrame:
    """All records of the campaign, one row per Quartier, for exports and the report.

    Columns: area_code, area_name, round, the five questions, overall_need, overall_note,
    then ``need_<theme>`` and ``note_<theme>`` per theme, updated_at.
    """
    slugs = [t.slug for t in campaign.instrument.themes]
    rows = []
    stmt = (
        select(ValidationRecord, Area)
        .join(Area, Area.id == ValidationRecord.area_id)
        .where(ValidationRecord.campaign_id == campaign.id)
        .order_by(Area.code)
    )
    for record, area in db.session.execute(stmt):
        row = {"area_code": area.code, "area_name": area.name, "round": campaign.round_label}
        row.update({q: getattr(record, q) for q in QUESTIONS})
        row["overall_need"] = record.overall_need or ""
        row["overall_note"] = record.overall_note
        for slug in slugs:
            entry = record.theme_needs.get(slug, {})
            row[f"need_{slug}"] = entry.get("need") or ""
            row[f"note_{slug}"] = entry.get("note") or ""
        row["updated_at"] = record.updated_at.strftime("%Y-%m-%d %H:%M")
        rows.append(row)
    columns = ["area_code", "area_name", "round", *QUESTIONS, "overall_need", "overall_note"]
    columns += [f"{p}_{s}" for s in slugs for p in ("need", "note")] + ["updated_at"]
    return pd.DataFrame(rows, columns=columns).astype(str)


def question_titles() -> dict[str, str]:
    """The five round-table questions in the reader's language (the report uses the same)."""
    return translated(RoundTableTexts().questions)


def verdict_titles() -> dict[str, str]:
    """The round table's verdicts on a need in the reader's language."""
    return translated(RoundTableTexts().verdicts)
