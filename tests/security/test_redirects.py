"""After login, ``next=`` leads only to a path on this site; hostile values never give a 500."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from tests.support.workspace import csrf_from, make_user

#: Each of these led off-site (or to a 500) before: browsers drop tabs and line breaks from an
#: address and read a backslash as a slash.
HOSTILE_NEXT = [
    "/\t/evil.example",
    "//evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\r\nSet-Cookie: owned=1",
    " //evil.example",
    "///evil.example",
    "evil.example",
    "/\x00/evil.example",
    "/\x7f/evil.example",
]


def _log_in(client, next_value: str):
    url = "/login?next=" + quote(next_value, safe="")
    page = client.get(url)
    assert page.status_code == 200  # the login page itself shows, whatever next= holds
    data = {
        "csrf_token": csrf_from(page.get_data(as_text=True)),
        "email": "plan@example.org",
        "password": "correct horse battery",
    }
    return client.post(url, data=data)


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_login_never_redirects_off_site(app, client, planner_account, target):
    reply = _log_in(client, target)
    assert reply.status_code == 302
    location = urlsplit(reply.headers["Location"])
    assert location.netloc in ("", "localhost")
    assert location.path == "/planner/"
    assert "\n" not in reply.headers["Location"] and "\r" not in reply.headers["Location"]
    assert "owned" not in " ".join(reply.headers.getlist("Set-Cookie"))


@pytest.mark.parametrize(
    "target",
    [
        "/planner/surveys/1",
        "/moderator/?lang=en",
        "/planner/kommune/1/map?layer=moving#karte",
        "/%2F/evil.example",  # an encoded slash stays a path on this site
    ],
)
def test_login_returns_to_a_page_of_this_site(app, client, planner_account, target):
    reply = _log_in(client, target)
    assert reply.status_code == 302
    assert reply.headers["Location"] == target


def test_a_moderator_without_next_lands_on_the_moderator_page(app, client):
    with app.app_context():
        make_user("mod@example.org", "moderator", ["Teststadt"])
    page = client.get("/login?next=//evil.example")
    data = {
        "csrf_token": csrf_from(page.get_data(as_text=True)),
        "email": "mod@example.org",
        "password": "correct horse battery",
    }
    reply = client.post("/login?next=//evil.example", data=data)
    assert reply.headers["Location"] == "/moderator/"
