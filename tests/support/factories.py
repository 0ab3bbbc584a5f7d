"""Small builders for test data, so tests say only what matters to them."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from urllib.parse import quote

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Campaign, Kommune
from app.services.instruments import load_place_standard


@dataclass(frozen=True)
class SurveyInfo:
    """Plain values (not ORM objects) that tests use to address a campaign."""

    campaign_id: int
    resident: str
    expert: str
    group: str
    area_codes: tuple[str, ...]
    themes: tuple[str, ...]


def make_survey(
    *,
    kommune: str = "Teststadt",
    opens: dt.date | None = None,
    closes: dt.date | None = None,
    k: int = 5,
    suffix: str = "",
) -> SurveyInfo:
    instrument = load_place_standard()
    with write_transaction():
        town = Kommune(name=kommune + suffix)
        areas = [
            Area(kommune=town, code="1 a", name="Altstadt", population=4200),
            Area(kommune=town, code="01100101", name="Stülerstraße", population=3419),
            Area(kommune=town, code="15 b", name="Nordstadt", population=8800),
        ]
        other = Area(kommune=town, code="99", name="Außerhalb", population=100)
        campaign = Campaign(
            kommune=town,
            instrument=instrument,
            title="Quartierscheck Teststadt",
            round_label="2026",
            opens_on=opens,
            closes_on=closes,
            min_group_size=k,
        )
        campaign.areas = areas
        db.session.add_all([town, other, campaign])
    return SurveyInfo(
        campaign.id,
        campaign.resident_token,
        campaign.expert_token,
        campaign.group_token,
        tuple(a.code for a in areas),
        tuple(t.slug for t in instrument.themes),
    )


def answer_payload(info: SurveyInfo, **overrides) -> dict:
    """A valid JSON submission for the first area; override any key."""
    payload = {
        "token": info.resident,
        "area": info.area_codes[0],
        "uuid": str(uuid.uuid4()),
        "ratings": {slug: (index % 7) + 1 for index, slug in enumerate(info.themes)},
        "comments": {"nature": {"good": "Der Park ist schön.", "improve": "Mehr Bänke."}},
        "demographics": {"age_band": "30_44", "gender": "", "years_in_area": "5_9"},
    }
    payload["ratings"]["safety"] = None  # "can't say"
    payload.update(overrides)
    return payload


def count_rows() -> tuple[int, int, int]:
    """Rows in response, rating and comment: tests compare these before and after bad input."""
    from sqlalchemy import func, select

    from app.models import Comment, Rating, Response

    return tuple(
        db.session.scalar(select(func.count()).select_from(model))
        for model in (Response, Rating, Comment)
    )


def hidden_fields(html: str) -> dict[str, str]:
    """The hidden inputs (csrf_token, uuid) of a rendered survey form."""
    import re

    found = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
    return dict(found)


def form_url(token: str, code: str) -> str:
    return f"/s/{token}/{quote(code)}"


def open_form(client, token: str, code: str) -> tuple[str, dict[str, str]]:
    page = client.get(form_url(token, code))
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    return html, hidden_fields(html)


def answers(themes, hidden: dict[str, str], **extra: str) -> dict[str, str]:
    """Scores 1..7 round the themes, "can't say" for safety, two comments on nature."""
    data = dict(hidden)
    for index, slug in enumerate(themes):
        data[f"score-{slug}"] = str(index % 7 + 1)
    data["score-safety"] = "na"
    data["good-nature"] = "Der Park ist schön."
    data["improve-nature"] = "Mehr Bänke, bitte."
    data.update(extra)
    return data
