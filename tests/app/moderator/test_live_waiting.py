"""The live view says how many comments wait for review, counted per group by the database:
groups below k add nothing, reviewed comments leave the count (branch f10-live)."""

from __future__ import annotations

from tests.support.workspace import add_outlines, answer, login, make_user, show_comments

WAITING = "Kommentare, die noch geprüft werden (noch nicht gezeigt): "


def test_the_live_fragment_counts_waiting_comments_of_groups_of_at_least_k(app, client, survey):
    with app.app_context():
        make_user("mod@example.org", "moderator", ["Teststadt"])
        add_outlines()
    assert login(client, "mod@example.org").status_code == 302
    api = app.test_client()
    answer(api, survey, 6, "resident")
    answer(api, survey, 4, "expert")  # fewer than k = 5: their 8 comments are not counted
    url = f"/moderator/surveys/{survey.campaign_id}/areas/{survey.area_codes[0]}/live"
    page = client.get(url.replace(" ", "%20")).get_data(as_text=True)
    assert WAITING + "12" in page
    show_comments(app)
    page = client.get(url.replace(" ", "%20")).get_data(as_text=True)
    assert WAITING not in page
