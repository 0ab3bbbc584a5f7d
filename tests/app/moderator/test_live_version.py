"""The round table's live fragment costs nothing while nothing changed (issue 10 §3).

Its ETag follows the campaign's change counters: an unchanged fragment is a 304 without
aggregation; an answer, a set-aside burst, a new indicator value, a changed comment, a changed k
or another language give a new version.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from app.core.extensions import db
from app.models import Area, Campaign, Comment, Indicator, IndicatorValue, User
from app.services import bursts
from tests.support.sql import statements
from tests.support.workspace import add_outlines, answer, login, make_user


def _url(survey, area="1 a"):
    return f"/moderator/surveys/{survey.campaign_id}/areas/{area.replace(' ', '%20')}/live"


def fetch(client, survey, etag: str | None = None, **query):
    headers = {"If-None-Match": etag} if etag else {}
    return client.get(_url(survey), headers=headers, query_string=query)


def moderator(app, client):
    with app.app_context():
        make_user("mod@example.org", "moderator", ["Teststadt"])
        make_user("plan@example.org", "planner", ["Teststadt"])
        add_outlines()
    assert login(client, "mod@example.org").status_code == 302


def test_an_unchanged_fragment_is_a_304_that_reads_no_answers(app, client, survey):
    moderator(app, client)
    answer(app.test_client(), survey, 5)
    first = fetch(client, survey)
    assert first.status_code == 200 and "(n=5)" in first.get_data(as_text=True)
    etag = first.headers["ETag"]
    with statements(app) as seen:
        again = fetch(client, survey, etag)
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag and again.headers["Cache-Control"] == "no-store"
    assert not [s for s in seen if "rating" in s.lower() or "comment" in s.lower()], seen
    assert fetch(client, survey, '"something else"').status_code == 200


def test_every_change_the_fragment_shows_gives_a_new_version(app, client, survey):
    moderator(app, client)
    api = app.test_client()
    answer(api, survey, 5)
    versions = [fetch(client, survey).headers["ETag"]]

    def changed() -> None:
        reply = fetch(client, survey, versions[-1])
        assert reply.status_code == 200, "a change was answered 304"
        versions.append(reply.headers["ETag"])

    answer(api, survey, 1)  # an answer
    changed()
    with app.app_context():  # a burst set aside
        campaign = db.session.get(Campaign, survey.campaign_id)
        burst = bursts.find_bursts(campaign)[0]
        planner = db.session.scalar(select(User).where(User.email == "plan@example.org"))
        bursts.set_aside(campaign, burst.first_id, burst.last_id, "Stapel an einem Tag", planner)
    changed()
    with app.app_context():  # the Kommune's indicators
        campaign = db.session.get(Campaign, survey.campaign_id)
        area = db.session.scalar(select(Area).where(Area.code == "1 a"))
        indicator = Indicator(kommune_id=campaign.kommune_id, key="sgb2", name={"de": "SGB II"})
        db.session.add(indicator)
        db.session.flush()
        db.session.add(
            IndicatorValue(indicator_id=indicator.id, area_id=area.id, year=2025, value=9)
        )
        db.session.commit()
    changed()
    with app.app_context():  # a comment changed through the ORM (a review, say)
        comment = db.session.scalars(select(Comment)).first()
        comment.text = "Park (geprüft)"
        db.session.commit()
    changed()
    with app.app_context():  # the campaign's k
        db.session.get(Campaign, survey.campaign_id).min_group_size = 3
        db.session.commit()
    changed()
    english = fetch(client, survey, versions[-1], lang="en")
    assert english.status_code == 200 and english.headers["ETag"] != versions[-1]
    assert len(set(versions)) == len(versions)


def test_a_changed_fragment_reads_only_the_answers_of_its_quartier(app, client, survey):
    moderator(app, client)
    api = app.test_client()
    answer(api, survey, 5)
    answer(api, survey, 6, area="15 b")
    with statements(app) as seen:
        reply = fetch(client, survey)
    assert reply.status_code == 200 and "(n=5)" in reply.get_data(as_text=True)
    reads = [s for s in seen if "FROM rating" in s or "FROM comment" in s]
    assert reads and all("area.code IN" in " ".join(s.split()) for s in reads), reads
    # the ratings only as counts, and each count once: scores per theme, people per group
    on_ratings = [s for s in seen if "FROM rating" in s]
    assert len(on_ratings) == 2 and all("GROUP BY" in s for s in on_ratings), on_ratings
    # no Quartier's outline either (a city of 542 large ones would read megabytes per refresh)
    assert not [s for s in seen if "geometry" in s.lower()], seen
    compared = fetch(client, survey, compare="area:15 b").get_data(as_text=True)
    assert "Bewohner:innen von Nordstadt" in compared and 'class="series compare"' in compared


def test_the_pages_give_their_fragments_etag_so_the_first_refresh_is_a_304(app, client, survey):
    moderator(app, client)
    answer(app.test_client(), survey, 5)
    base = _url(survey).removesuffix("/live")
    for page_url, query in ((base, {}), (f"{base}/present", {"view": "present"})):
        page = client.get(page_url).get_data(as_text=True)
        etag = re.search(r'data-etag="([^"]*)"', page).group(1).replace("&#34;", '"')
        etag = etag.replace("&quot;", '"')
        assert fetch(client, survey, etag, **query).status_code == 304
        answer(app.test_client(), survey, 1)
        assert fetch(client, survey, etag, **query).status_code == 200
