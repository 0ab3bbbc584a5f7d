"""No user text is ever parsed as markup in what the app serves: the report, posters and the
paper questionnaire, and their file names.

Area names, survey titles, round labels, comments and round-table notes carry mathtext, HTML
and markup tags, entities, ``%`` formatting, Arabic and emoji; every file is built (no 500)
and the text comes out as the text it was (read back with pypdf).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest

from app.core.extensions import db
from app.models import Campaign
from tests.support.factories import answer_payload
from tests.support.hostile_text import (
    HOSTILE,
    HOSTILE_TEXTS,
    assert_all_shown,
    rename_area,
    retitle,
)
from tests.support.output import poppler_text
from tests.support.workspace import add_outlines, csrf_of, login, make_user

# No emoji font ships with matplotlib: an emoji is drawn as an empty box (and warned about),
# while the PDF's text layer keeps it. Only that warning is expected here.
pytestmark = pytest.mark.filterwarnings("ignore:Glyph \\d+ .* missing from font")


def _hostile_survey(app, client, survey) -> None:
    """Hostile area name, survey title and round label; five answers with hostile comments."""
    with app.app_context():
        rename_area("1 a", HOSTILE["math"] + " " + HOSTILE["bold"])
        retitle(survey.campaign_id, title=" ".join(HOSTILE_TEXTS), round_label="2026 – Ü")
        make_user("plan@example.org", "planner", ["Teststadt"])
    for text in HOSTILE_TEXTS[:5]:
        comments = {
            "nature": {"good": text, "improve": HOSTILE_TEXTS[5]},
            "play": {"good": HOSTILE_TEXTS[6]},
        }
        payload = answer_payload(survey, comments=comments)
        assert client.post("/api/v1/responses", json=payload).status_code == 201
    login(client, "plan@example.org")


def test_report_pdf_download_shows_hostile_comments_names_and_titles(app, client, survey):
    _hostile_survey(app, client, survey)
    table = f"/moderator/surveys/{survey.campaign_id}/areas/1%20a"
    record = {"csrf_token": csrf_of(client, table), "missing": HOSTILE["math"]}
    record |= {"overall_note": HOSTILE["para"], "note-nature": HOSTILE["format"]}
    assert client.post(table + "/record", data=record).status_code == 302
    reply = client.get(f"/planner/surveys/{survey.campaign_id}/download/report.pdf")
    assert reply.status_code == 200
    text = poppler_text(reply.data)  # pypdf reads no emoji out of WeasyPrint's fonts
    assert_all_shown(text)
    assert HOSTILE["math"] in text.rsplit("Runder Tisch", 1)[1]  # the record, in German


def test_posters_show_hostile_names_and_titles(app, client, survey):
    _hostile_survey(app, client, survey)
    reply = client.get(f"/planner/surveys/{survey.campaign_id}/posters.pdf")
    assert reply.status_code == 200
    text = poppler_text(reply.data)
    assert HOSTILE["math"] + " " + HOSTILE["bold"] in text
    assert_all_shown(text.replace("\n", " "), [t for t in HOSTILE_TEXTS if t != HOSTILE["rtl"]])


def _filename(reply) -> str:
    """The file name as RFC 6266 tells a browser to read Content-Disposition.

    ``filename*=UTF-8''…`` (RFC 5987, percent-encoded) wins; without it, the quoted or plain
    ``filename=``, which must then be ASCII.
    """
    header = reply.headers["Content-Disposition"]
    extended = re.search(r"filename\*=UTF-8''([^;\s]+)", header)
    if extended:
        fallback = re.search(r'filename="((?:[^"\\]|\\.)*)"|filename=([^;\s]+)', header)
        assert fallback and fallback.group(0).isascii()  # old clients get an ASCII name
        return unquote(extended.group(1), errors="strict")
    quoted = re.search(r'filename="((?:[^"\\]|\\.)*)"', header)
    if quoted:
        return re.sub(r"\\(.)", r"\1", quoted.group(1))
    return re.search(r"filename=([^;\s]+)", header).group(1)


def test_paper_questionnaire_with_hostile_title_and_non_latin_round(app, client, survey):
    _hostile_survey(app, client, survey)
    for path, name in (
        (f"/paper/{survey.resident}.pdf", "fragebogen-2026 – Ü.pdf"),
        (f"/paper/{survey.resident}/1%20a.pdf", "fragebogen-2026_–_Ü-1_a.pdf"),
    ):
        reply = client.get(path)
        assert reply.status_code == 200
        assert reply.headers["Content-Disposition"].startswith("inline; ")
        assert _filename(reply) == name
        text = poppler_text(reply.data).replace("\n", " ")
        assert_all_shown(text)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ('2026 "Frühjahr"', 'fragebogen-2026 "Frühjahr".pdf'),
        ("2026; filename=evil.exe", "fragebogen-2026; filename=evil.exe.pdf"),
        ("2026\nSet-Cookie: x=1", "fragebogen-2026 Set-Cookie: x=1.pdf"),
        ("2026\r\n–\tÜ", "fragebogen-2026 – Ü.pdf"),
        ("../../2026", "fragebogen-.._.._2026.pdf"),
    ],
)
def test_file_names_with_quotes_semicolons_and_line_breaks(app, client, survey, label, expected):
    with app.app_context():
        retitle(survey.campaign_id, round_label=label)
    reply = client.get(f"/paper/{survey.resident}.pdf")
    assert reply.status_code == 200
    header = reply.headers["Content-Disposition"]
    header.encode("latin-1")  # a valid HTTP header: Latin-1, one line
    assert "\n" not in header and "\r" not in header
    assert _filename(reply) == expected
    assert "Set-Cookie" not in [key for key, _ in reply.headers]
    with app.app_context():
        assert db.session.get(Campaign, survey.campaign_id).round_label == label


def test_a_round_label_without_a_year_is_a_clear_409_for_dated_layers(app, client, survey):
    _hostile_survey(app, client, survey)  # round "2026 – Ü": dated 31 Dec 2026
    with app.app_context():
        add_outlines()
    base = f"/planner/surveys/{survey.campaign_id}/download/"
    layer = client.get(base + "kommonitor_resident_median.geojson")
    assert layer.status_code == 200
    assert "2026-12-31" in layer.get_data(as_text=True)
    with app.app_context():
        retitle(survey.campaign_id, round_label="Frühjahr")
    refused = client.get(base + "kommonitor_resident_median.geojson?lang=de")
    assert refused.status_code == 409
    assert "Die Runde „Frühjahr“ nennt kein Jahr" in refused.get_data(as_text=True)
    assert client.get(base + "report.pdf").status_code == 200  # needs no date
