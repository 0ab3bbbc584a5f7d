"""The printable questionnaire: one PDF per survey (or per Quartier), each sheet with its own code.

Every printed sheet carries a random sheet code. Typing a sheet in derives the answer's UUID from
the campaign and that code, so the same sheet typed twice is stored once (the same rule as a
phone that sends its answer twice). The sheet is ``app/templates/paper/questionnaire.html``,
rendered by the one PDF engine (:mod:`app.services.printing`).
"""

from __future__ import annotations

import secrets
import uuid

from flask_babel import force_locale

from app.core.i18n import localized
from app.models import Area, Campaign
from app.services.audience import survey_texts
from app.services.printing import render_pdf

# Sheet codes avoid letters that are easily confused when typed from paper (0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: Sheets per download. WeasyPrint lays out every page (about 0.35 s per 5-page sheet on one
#: idle core), so 100 sheets stay well inside a reverse proxy's 60-second read timeout; a walk
#: with more people downloads twice (codes are random, so two downloads never share one).
MAX_SHEETS = 100


def new_sheet_code() -> str:
    """A random 8-character code like ``K7F2-9QXD`` (40 bits: two print runs never collide)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_sheet_code(code: str) -> str | None:
    """Accept a typed code in any case, with or without the dash; None if it cannot be one."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(cleaned) != 8 or any(ch not in CODE_ALPHABET for ch in cleaned):
        return None
    return f"{cleaned[:4]}-{cleaned[4:]}"


def sheet_uuid(campaign: Campaign, code: str) -> str:
    """The answer UUID of a paper sheet: the same sheet always gives the same UUID."""
    namespace = uuid.uuid5(
        uuid.NAMESPACE_URL, f"quartierskompass:campaign:{campaign.resident_token}"
    )
    return str(uuid.uuid5(namespace, f"paper:{code}"))


def _sheet_context(campaign: Campaign) -> dict:
    """What every sheet of the survey shows, in the current language."""
    instrument = campaign.instrument
    themes = [
        {
            "title": localized(theme.title),
            "question": localized(theme.question),
            "prompts": localized(theme.prompts) or [],
            "scale": list(range(theme.scale_min, theme.scale_max + 1)),
        }
        for theme in instrument.themes
    ]
    texts = survey_texts(campaign)
    about_you = [
        {"text": texts.questions[name], "options": list(texts.options[name].values())}
        for name in texts.questions
    ]
    return {
        "description": localized(instrument.description),
        "scale_ends": localized(instrument.scale_labels) or {},
        "themes": themes,
        "about_you": about_you,
        "privacy": texts.privacy,
        "about_you_heading": texts.about_you,
        "hint": texts.paper_hint,
    }


def questionnaire_pdf(
    campaign: Campaign, *, lang: str, area: Area | None = None, sheets: int = 1
) -> bytes:
    """Render ``sheets`` copies of the questionnaire, each with its own sheet code, as one PDF.

    Every page's footer repeats its sheet's code, so loose pages can be put together again.

    Examples
    --------
    With a database session (see the tests)::

        data = questionnaire_pdf(campaign, lang="ar", sheets=2)
        assert data.startswith(b"%PDF")
    """
    if not 1 <= sheets <= MAX_SHEETS:
        raise ValueError(f"sheets must be between 1 and {MAX_SHEETS}")
    codes = [new_sheet_code() for _ in range(sheets)]
    with force_locale(lang):
        return render_pdf(
            "questionnaire.html",
            lang=lang,
            title=campaign.title,
            codes=codes,
            area_name=area.name if area else "",
            **_sheet_context(campaign),
        )
