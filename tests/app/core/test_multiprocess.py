"""Two app processes on one database, as a deployment runs them behind a reverse proxy.

Each process is a real server (``serve.py``, as `make run` and docs/deployment.md start it) with
the same secret key; nothing is shared between them but the database. A login, a form's CSRF
token, the login throttle's count per account and an answer's UUID must mean the same in both.
"""

from __future__ import annotations

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

import pytest
from sqlalchemy import func, select

from app.core.extensions import db
from app.models import Response
from tests.support.abuse import app_with, post_json, run_together
from tests.support.app_process import AppProcess
from tests.support.factories import answer_payload, make_survey
from tests.support.workspace import PASSWORD, csrf_from, make_user

EMAIL = "plan@example.org"
WRONG = "E-Mail-Adresse oder Passwort ist falsch"
TOO_MANY = "Zu viele Fehlversuche"
SETTINGS = {
    # The account's counter (in the database) decides; each process's own counter stays out.
    "QK_LOGIN_FAILURES_PER_ACCOUNT": 4,
    "QK_LOGIN_FAILURES_PER_CLIENT": 100,
}


@pytest.fixture
def pair(database_url, tmp_path):
    """(app in this process for looking at the database, process A, process B, survey)."""
    with app_with(database_url, tmp_path) as app:
        with app.app_context():
            info = make_survey()
            make_user(EMAIL, "planner", ["Teststadt"])
        with (
            AppProcess(database_url, tmp_path / "a.log", **SETTINGS) as a,
            AppProcess(database_url, tmp_path / "b.log", **SETTINGS) as b,
        ):
            yield app, a.base, b.base, info


class Browser:
    """One person's browser: cookies kept, redirects not followed."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect
        )

    def open(self, url: str, form: dict | None = None) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(url, data=data, timeout=60) as reply:
                return reply.status, reply.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                if error.code in (302, 303):
                    return error.code, error.headers["Location"]
                return error.code, error.read().decode()

    def login(self, form_from: str, post_to: str, password: str = PASSWORD) -> tuple[int, str]:
        token = csrf_from(self.open(f"{form_from}/login")[1])
        form = {"email": EMAIL, "password": password, "csrf_token": token}
        return self.open(f"{post_to}/login", form)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_a_login_in_one_process_is_valid_in_the_other(pair):
    _, a, b, _ = pair
    person = Browser()
    assert person.open(f"{b}/planner/")[0] == 302  # not logged in: sent to the login page
    status, target = person.login(a, a)
    assert status == 302 and "/login" not in target
    status, page = person.open(f"{b}/planner/")
    assert status == 200
    assert "Quartierscheck Teststadt" in page


def test_a_form_token_from_one_process_is_accepted_by_the_other(pair):
    _, a, b, _ = pair
    status, target = Browser().login(form_from=a, post_to=b)
    assert status == 302 and "/login" not in target
    # The token belongs to the session it was issued in: another browser cannot use it.
    stranger, token = Browser(), csrf_from(Browser().open(f"{a}/login")[1])
    status, _ = stranger.open(
        f"{b}/login", {"email": EMAIL, "password": PASSWORD, "csrf_token": token}
    )
    assert status != 302


def test_the_login_throttle_counts_the_failures_of_both_processes(pair):
    _, a, b, _ = pair
    for server in (a, b, a, b):  # four failures, two in each process
        status, page = Browser().login(server, server, password="wrong")
        assert status == 401 and WRONG in page
    # Each process saw two; together they are more than four: the right password must wait.
    status, page = Browser().login(a, a)
    assert status == 401 and TOO_MANY in page
    status, page = Browser().login(b, b)
    assert status == 401 and TOO_MANY in page


def test_parallel_repeats_of_one_answer_to_both_processes_store_it_once(pair):
    app, a, b, info = pair
    payload = answer_payload(info)
    replies = run_together(lambda i: post_json(f"{(a, b)[i % 2]}/api/v1/responses", payload)[0], 20)
    assert Counter(replies) == {201: 1, 200: 19}
    with app.app_context():
        stored = db.session.scalar(
            select(func.count()).select_from(Response).where(Response.uuid == payload["uuid"])
        )
    assert stored == 1
