"""Builders for the index-version tests: versions of the demo's Musterstadt and a small survey."""

from __future__ import annotations

from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.core.links import campaign_for_token
from app.models import Area, Campaign, IndexVersion, Kommune
from app.services import index_versions
from app.services.instruments import load_place_standard
from app.services.submissions import submit
from tests.support.factories import SurveyInfo, answer_payload

INDICATORS = ["sgb2_quote", "nef_u15"]


def musterstadt() -> Kommune:
    return db.session.scalar(select(Kommune).where(Kommune.name == "Musterstadt"))


def save(name: str, year: int, indicators=INDICATORS, **options) -> IndexVersion:
    """Compute and save a version of Musterstadt's index as the index page does."""
    kommune = musterstadt()
    settings = {"indicators": list(indicators), "year": year, "options": options}
    result = index_versions.compute_index(kommune, settings["indicators"], year, **options)
    return index_versions.save_version(kommune, name, settings, result)


def small_survey(codes: list[str], answers_per_area: int = 5) -> SurveyInfo:
    """A survey of Musterstadt over ``codes`` with residents' answers in each Quartier."""
    kommune = musterstadt()
    instrument = load_place_standard()
    with write_transaction():
        campaign = Campaign(
            kommune=kommune, instrument=instrument, title="Nordcheck", round_label="2026"
        )
        campaign.areas = list(
            db.session.scalars(
                select(Area).where(Area.kommune_id == kommune.id, Area.code.in_(codes))
            )
        )
        db.session.add(campaign)
    info = SurveyInfo(
        campaign.id,
        campaign.resident_token,
        campaign.expert_token,
        campaign.group_token,
        tuple(codes),
        tuple(t.slug for t in instrument.themes),
    )
    for code in codes:
        for _ in range(answers_per_area):
            submit(*campaign_for_token(info.resident), answer_payload(info, area=code))
    return info
