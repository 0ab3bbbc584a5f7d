"""Helpers for the abuse tests: an app with extra settings, and real HTTP from several "clients"."""

from __future__ import annotations

import http.cookiejar
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import text

from app.core import ratelimit
from app.core.extensions import db
from tests.support.app import make_app
from tests.support.workspace import csrf_from


@contextmanager
def app_with(database_url: str, instance: Path, **config) -> Iterator:
    """An app with ``config`` on top of the test defaults, tables created, emptied afterwards."""
    app = make_app(database_url, instance, **config)
    with app.app_context():
        db.create_all()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            if db.engine.dialect.name == "postgresql":
                tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
                with db.engine.begin() as connection:
                    connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.engine.dispose()


def run_together(work: Callable[[int], object], count: int) -> list:
    """Run ``work(i)`` in ``count`` threads released at the same moment; return the results."""
    start = threading.Barrier(count)
    results: list = [None] * count
    failures: list[BaseException] = []

    def runner(index: int) -> None:
        start.wait()
        try:
            results[index] = work(index)
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    return results


def http_login(base: str, email: str, password: str, forwarded_for: str | None = None):
    """Log in through the real form over HTTP; return (status, page text or redirect target)."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    with opener.open(urllib.request.Request(f"{base}/login", headers=headers), timeout=60) as page:
        token = csrf_from(page.read().decode())
    body = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
    request = urllib.request.Request(
        f"{base}/login", data=body.encode(), headers=headers, method="POST"
    )
    try:
        with opener.open(request, timeout=60) as reply:
            return reply.status, reply.read().decode()
    except urllib.error.HTTPError as error:
        with error:
            if error.code in (302, 303):
                return error.code, error.headers["Location"]
            return error.code, error.read().decode()


def post_json(url: str, payload: dict, forwarded_for: str | None = None) -> tuple[int, dict]:
    """POST JSON over HTTP; return the status and the decoded body."""
    headers = {"Content-Type": "application/json"}
    if forwarded_for:
        headers["X-Forwarded-For"] = forwarded_for
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, json.load(reply)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.load(error)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def advance_clock(app, seconds: float) -> None:
    """Move the app's in-memory windows ``seconds`` into the future."""
    limits = app.extensions[ratelimit.EXTENSION]
    for window in (limits.answers, limits.logins):
        now = window.clock()
        window.clock = lambda now=now: now + seconds
