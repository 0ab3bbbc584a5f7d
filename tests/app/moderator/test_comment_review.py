"""Comment review: unreviewed comments reach no reader; the reviewed ones as decided."""

from __future__ import annotations

import io
import re

import openpyxl
from sqlalchemy import select

from app.core.extensions import db
from app.models import Campaign, Comment, CommentReview, Response
from tests.support.factories import make_survey
from tests.support.output import pages_text
from tests.support.workspace import add_outlines, answer, csrf_of, login, make_user

DOWNLOADS = (
    "results.xlsx",
    "aggregated_ratings.csv",
    "aggregated_ratings_excel.csv",
    "validation.csv",
    "report.pdf",
)


def _setup(app, client, survey, n=6):
    with app.app_context():
        make_user("plan@example.org", "planner", ["Teststadt"])
        add_outlines()
        db.session.get(Campaign, survey.campaign_id).public_results = True
        db.session.commit()
    answer(app.test_client(), survey, n)
    assert login(client, "plan@example.org").status_code == 302


def _what_readers_get(client, survey) -> dict[str, str]:
    """The round table, the public results and every download, as text by source."""
    base = f"/moderator/surveys/{survey.campaign_id}/areas/1%20a"
    parts = {"table": client.get(base).get_data(as_text=True)}
    parts["live"] = client.get(f"{base}/live").get_data(as_text=True)
    parts["public"] = client.get(f"/results/{survey.campaign_id}").get_data(as_text=True)
    for name in DOWNLOADS:
        reply = client.get(f"/planner/surveys/{survey.campaign_id}/download/{name}")
        assert reply.status_code == 200, name
        if name.endswith(".xlsx"):
            book = openpyxl.load_workbook(io.BytesIO(reply.data))
            cells = [str(cell) for sheet in book for row in sheet.values for cell in row]
            parts[name] = "\n".join(cells)
        elif name.endswith(".pdf"):
            parts[name] = pages_text(reply.data)
        else:
            parts[name] = reply.data.decode("utf-8-sig")
    return parts


def _everything_a_reader_gets(client, survey) -> str:
    return "\n".join(_what_readers_get(client, survey).values())


def _review(client, survey, comment_id, **form):
    url = f"/moderator/surveys/{survey.campaign_id}/comments"
    data = {"csrf_token": csrf_of(client, url), **form}
    return client.post(f"{url}/{comment_id}", data=data, follow_redirects=True)


def _comment_ids(app, *texts):
    with app.app_context():
        rows = db.session.execute(select(Comment.text, Comment.id)).all()
    ids = dict(rows)
    return [ids[t] for t in texts]


def test_unreviewed_comments_reach_no_reader_and_are_counted(app, client, survey):
    _setup(app, client, survey)
    everything = _everything_a_reader_gets(client, survey)
    assert "Park resident" not in everything and "Mehr Bänke" not in everything
    assert "Kommentare, die noch geprüft werden (noch nicht gezeigt): 12" in everything
    queue = client.get(f"/moderator/surveys/{survey.campaign_id}/comments").get_data(as_text=True)
    assert 'data-count="new">12<' in queue and "Park resident 0" in queue


def test_shown_hidden_and_redacted_comments_reach_readers_as_decided(app, client, survey):
    _setup(app, client, survey)
    shown, hidden, redacted = _comment_ids(
        app, "Park resident 0", "Park resident 1", "Park resident 2"
    )
    _review(client, survey, shown, decision="shown")
    _review(client, survey, hidden, decision="hidden", reason="insult")
    _review(client, survey, redacted, decision="redacted", redacted="Park bei [Adresse]")
    parts = _what_readers_get(client, survey)
    for source in ("table", "results.xlsx", "report.pdf"):
        assert "Park resident 0" in parts[source], source
        assert "Park bei [Adresse]" in parts[source], source
    everything = "\n".join(parts.values())
    assert "Park resident 1" not in everything  # hidden
    assert "Park resident 2" not in everything  # the original of the redacted one
    assert "Kommentare, die noch geprüft werden (noch nicht gezeigt): 9" in everything
    with app.app_context():
        comment = db.session.get(Comment, redacted)
        assert comment.text == "Park resident 2"  # kept with the raw answers, for the review
        log = db.session.scalars(select(CommentReview).order_by(CommentReview.id)).all()
        assert [(r.decision, r.reason, r.reviewer.email) for r in log] == [
            ("shown", None, "plan@example.org"),
            ("hidden", "insult", "plan@example.org"),
            ("redacted", None, "plan@example.org"),
        ]
        assert all(r.at is not None for r in log)
    hidden_list = client.get(
        f"/moderator/surveys/{survey.campaign_id}/comments?state=hidden"
    ).get_data(as_text=True)
    assert "Park resident 1" in hidden_list and "beleidigt jemanden" in hidden_list
    assert re.search(r"von plan@example\.org am \d\d\.\d\d\.\d{4}, \d\d:\d\d", hidden_list)


def test_a_review_the_reviewer_can_correct_says_what_to_do(app, client, survey):
    _setup(app, client, survey)
    (comment_id,) = _comment_ids(app, "Park resident 0")
    page = _review(client, survey, comment_id, decision="hidden").get_data(as_text=True)
    assert "Bitte wählen Sie, warum der Kommentar ausgeblendet wird." in page
    page = _review(client, survey, comment_id, decision="redacted", redacted="  ")
    assert "Bitte geben Sie den Text ein" in page.get_data(as_text=True)
    page = _review(client, survey, comment_id, decision="delete-everything")
    assert "Bitte wählen Sie: zeigen, ausblenden oder schwärzen." in page.get_data(as_text=True)
    reply = _review(client, survey, comment_id, decision="redacted", redacted="x" * 2001)
    assert reply.status_code == 200 and "höchstens 2000 Zeichen" in reply.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Comment, comment_id).review == "new"
        assert db.session.scalar(select(CommentReview)) is None


def test_comments_of_another_kommune_cannot_be_reviewed(app, client, survey):
    with app.app_context():
        other = make_survey(kommune="Anderstadt")
    answer(app.test_client(), other, 1)
    _setup(app, client, survey)
    with app.app_context():
        foreign = db.session.scalar(
            select(Comment.id)
            .join(Response, Comment.response_id == Response.id)
            .where(Response.campaign_id == other.campaign_id)
        )
    # Through this survey's URL: the comment is not part of it.
    page = _review(client, survey, foreign, decision="shown").get_data(as_text=True)
    assert "Diesen Kommentar gibt es in dieser Umfrage nicht mehr." in page
    # Through the other Kommune's survey: not even its existence is revealed.
    url = f"/moderator/surveys/{other.campaign_id}/comments"
    assert client.get(url).status_code == 404
    with app.app_context():
        assert db.session.get(Comment, foreign).review == "new"


def test_the_original_of_a_redacted_comment_goes_with_the_raw_answers(app, client, survey):
    _setup(app, client, survey)
    (comment_id,) = _comment_ids(app, "Park resident 0")
    _review(client, survey, comment_id, decision="redacted", redacted="Park bei [Adresse]")
    campaign_page = client.get(f"/planner/surveys/{survey.campaign_id}").get_data(as_text=True)
    assert "Kommentare prüfen (nicht geprüft: 11)" in campaign_page
    url = f"/planner/surveys/{survey.campaign_id}/purge"
    data = {"csrf_token": csrf_of(client, url), "confirm": "y"}
    assert client.post(url, data=data).status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Comment)) is None
        assert db.session.scalar(select(CommentReview)) is None  # the log goes with them
    table = f"/moderator/surveys/{survey.campaign_id}/areas/1%20a"
    for page in (table, f"{table}/live"):
        html = client.get(page).get_data(as_text=True)
        assert "Park bei [Adresse]" not in html and "Park resident" not in html
