"""The public report speaks the residents' languages: in Turkish, Arabic and Ukrainian no
sentence or heading of the report (core and chapters) is left in English, and the Arabic
report runs right to left."""

from __future__ import annotations

import html
import re

from babel.messages.pofile import read_po

from app.core.extensions import db
from app.models import Campaign
from tests.app.reports.test_report_page import _demo, demo_campaign_id
from tests.support.app import ROOT

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}|%[sd]")
DIRECTIONS = {"tr": "ltr", "ar": "rtl", "uk": "ltr"}


def _visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _chunks(msgid: str) -> list[str]:
    """The fixed words of a message between its placeholders (the long enough ones)."""
    parts = (" ".join(part.split()) for part in PLACEHOLDER.split(msgid))
    return [part for part in parts if len(part) >= 8]


def _shown_sentences(english: str) -> list[str]:
    """Every message of the catalogue of several words that the English report shows."""
    with (ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        msgids = [m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id]
    shown = []
    for msgid in msgids:
        chunks = _chunks(msgid)
        if any(" " in c for c in chunks) and all(c in english for c in chunks):
            shown.append(msgid)
    return shown


def test_the_public_report_leaves_no_english_sentence_in_tr_ar_uk(app, client):
    _demo(app, client)
    client = app.test_client()  # the public, nobody logged in
    with app.app_context():
        campaign_id = demo_campaign_id()
        db.session.get(Campaign, campaign_id).public_results = True
        db.session.commit()
    url = f"/results/{campaign_id}/report"
    english = _visible_text(client.get(f"{url}?lang=en").get_data(as_text=True))
    sentences = _shown_sentences(english)
    # The core report and its chapters: headings, the summary, the method, the validation.
    assert len(sentences) > 40
    assert {"All Quartiere at a glance", "How the comparison works"} <= set(sentences)
    for lang, direction in DIRECTIONS.items():
        reply = client.get(f"{url}?lang={lang}")
        assert reply.status_code == 200
        page = reply.get_data(as_text=True)
        assert f'<html lang="{lang}" dir="{direction}">' in page
        text = _visible_text(page)
        english_left = [s for s in sentences if all(c in text for c in _chunks(s))]
        assert english_left == [], lang
