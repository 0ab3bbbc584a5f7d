"""Helpers for the measure tests: the demo with a round table that confirmed needs."""

from __future__ import annotations

from sqlalchemy import select

from app.core.extensions import db
from app.models import Area, Campaign, Kommune, User, ValidationRecord
from app.services.demo import create_demo_accounts, load_demo
from app.services.roundtable import save_record

PLANNER = "planung@musterstadt.example"
MODERATOR = "moderation@musterstadt.example"
DEMO_PASSWORDS = {PLANNER: "Musterstadt-Planung", MODERATOR: "Musterstadt-Moderation"}


def demo_with_verdict(area_code: str = "2", themes: tuple[str, ...] = ("play", "housing")):
    """Musterstadt (rounds 2024 and 2025) whose round table of 2024 confirmed ``themes`` in
    the Quartier ``area_code`` (and judged "nature" not confirmed). Returns the 2024 record."""
    load_demo()
    create_demo_accounts()
    campaign = db.session.scalar(select(Campaign).where(Campaign.round_label == "2024"))
    area = db.session.scalar(
        select(Area).where(Area.kommune_id == campaign.kommune_id, Area.code == area_code)
    )
    needs = {slug: {"need": "confirmed", "note": f"Runder Tisch: {slug}"} for slug in themes}
    needs["nature"] = {"need": "not_confirmed", "note": ""}
    moderator = db.session.scalar(select(User).where(User.email == MODERATOR))
    save_record(campaign, area, {"overall_need": "confirmed"}, needs, moderator)
    return db.session.scalar(select(ValidationRecord).where(ValidationRecord.area_id == area.id))


def musterstadt() -> Kommune:
    return db.session.scalar(select(Kommune).where(Kommune.name == "Musterstadt"))


def user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))
