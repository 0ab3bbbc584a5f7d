"""The round table shows how sure the comparison is: the council sentence, the Quartier's
interval, n and category (with the reason when unclear), and each theme's interval."""

from __future__ import annotations

from tests.support.html_tables import table_rows
from tests.support.workspace import demo_with_index, login, make_user


def _page(app, client, area: str) -> str:
    with app.app_context():
        campaign_id = demo_with_index()
    login(client, "moderation@musterstadt.example", "Musterstadt-Moderation")
    reply = client.get(f"/moderator/surveys/{campaign_id}/areas/{area}")
    assert reply.status_code == 200
    return reply.get_data(as_text=True)


def test_the_round_table_shows_the_interval_and_why_a_quartier_is_unclear(app, client):
    html = _page(app, client, "2")
    section = html[html.index('<section id="validation">') : html.index('<section id="record">')]
    assert "Mit 12 Quartieren lässt sich nur ein sehr starker Zusammenhang" in section
    # Bahnhofsviertel: index class 3, residents' median 3 with the interval 3–4 reaching over
    # the threshold 3.5: no verdict, and the page says why.
    assert "Sozialindex (Sozialindex 2024): 1,39, Klasse 3." in section
    assert '3,0 <span class="muted">[3,0–4,0]</span> (n = 33)' in section
    assert "unklar (Intervall reicht über die Schwelle)" in section
    assert "Fachleute: 3,0 (n = 5)" in section and "unklar (zu wenige Antworten)" in section
    header, *rows = table_rows(section, "validation-themes")
    assert header[1:4] == ["Bewohner:innen n", "Median [Intervall]", "Kategorie"]
    assert len(rows) == 14
    assert all(row[1].isdigit() and "[" in row[2] for row in rows)  # n and interval per theme


def test_a_confirmed_quartier_says_so(app, client):
    section = _page(app, client, "3%20a")
    assert 'Bewohner:innen: 3,0 <span class="muted">[3,0–3,0]</span> (n = 48)' in section
    assert '<span class="verdict-confirmed">bestätigt</span>' in section


def test_without_an_index_version_the_round_table_says_what_is_missing(app, client, survey):
    with app.app_context():
        make_user("mod@example.org", "moderator", ["Teststadt"])
    login(client, "mod@example.org")
    html = client.get(f"/moderator/surveys/{survey.campaign_id}/areas/1%20a").get_data(as_text=True)
    assert "Noch kein Vergleich: Dafür braucht es eine gespeicherte Index-Version" in html
