"""The documented deployment, run: nginx (TLS, compression) → two app processes → the database.

nginx runs docs/nginx/quartierskompass.conf with a self-signed certificate; the app processes are
``serve.py --behind-proxy`` (gunicorn; it sets ``QK_PROXY_FIX=1``) as docs/deployment.md starts
them. An answer and a login go through over HTTPS, and no log (nginx's or the apps') holds the
client's address.
"""

from __future__ import annotations

import gzip
import http.cookiejar
import json
import re
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.core import serverlog
from tests.support.abuse import app_with
from tests.support.app_process import AppProcess
from tests.support.factories import answer_payload, make_survey
from tests.support.nginx import Nginx
from tests.support.postgres import bindir
from tests.support.workspace import PASSWORD, csrf_from, make_user

EMAIL = "plan@example.org"
#: The client's address as the app processes and nginx see it in this test.
CLIENT = "127.0.0.1"


@pytest.fixture
def deployment(database_url, tmp_path):
    """(base URL through nginx, TLS context trusting the test certificate, nginx, survey)."""
    with app_with(database_url, tmp_path) as app:
        with app.app_context():
            info = make_survey()
            make_user(EMAIL, "planner", ["Teststadt"])
        logs = [tmp_path / "app-a.log", tmp_path / "app-b.log"]
        with (
            AppProcess(database_url, logs[0], "--behind-proxy") as a,
            AppProcess(database_url, logs[1], "--behind-proxy") as b,
            Nginx(tmp_path, [a.port, b.port]) as nginx,
        ):
            context = ssl.create_default_context(cafile=str(nginx.cert))
            yield f"https://localhost:{nginx.port}", context, nginx, info
        # Logs are complete once the servers have stopped.
        for log in [nginx.access_log, nginx.error_log, *logs]:
            text = log.read_text() if log.exists() else ""
            # The servers' own listen address is logged once at start; it is not a client's.
            notices = serverlog.LISTEN_NOTICES
            served = [line for line in text.splitlines()
                      if not any(notice in line for notice in notices)]  # fmt: skip
            assert CLIENT not in "\n".join(served), f"{log.name} names the client:\n{text}"


def opener(context: ssl.SSLContext) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=context),
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
    )


def call(browser, url: str, data: bytes | None = None, headers: dict | None = None):
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        reply = browser.open(request, timeout=60)
    except urllib.error.HTTPError as error:
        reply = error
    with reply:
        return reply.status, reply.headers, reply.read()


def test_an_answer_goes_through_nginx_over_tls_once(deployment):
    base, context, nginx, info = deployment
    payload = json.dumps(answer_payload(info, uuid=str(uuid.uuid4()))).encode()
    headers = {"Content-Type": "application/json", "Origin": base}
    browser = opener(context)
    statuses = [call(browser, f"{base}/api/v1/responses", payload, headers)[0] for _ in range(4)]
    assert statuses == [201, 200, 200, 200]  # both processes behind nginx know it is stored
    deadline = time.monotonic() + 10  # nginx writes the line after the reply has gone out
    while nginx.access_log.read_text().count('"POST /api/v1/responses" 20') < 4:
        assert time.monotonic() < deadline, nginx.access_log.read_text()
        time.sleep(0.05)


def test_a_login_goes_through_nginx_and_the_app_knows_it_is_https(deployment):
    base, context, _, _ = deployment
    browser = opener(context)
    status, headers, page = call(browser, f"{base}/login")
    assert status == 200
    # The app saw https through X-Forwarded-Proto: it sends HSTS.
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    form = {"email": EMAIL, "password": PASSWORD, "csrf_token": csrf_from(page.decode())}
    # No Referer, as browsers under the app's own Referrer-Policy: no-referrer send none.
    status, _, page = call(browser, f"{base}/login", urllib.parse.urlencode(form).encode())
    assert status == 200 and b"/logout" in page  # redirected to the workspace, logged in
    for _ in range(4):  # every request, whichever process nginx picks, knows the login
        status, _, page = call(browser, f"{base}/planner/")
        assert status == 200 and "Quartierscheck Teststadt" in page.decode()


def test_nginx_compresses_pages(deployment):
    base, context, _, info = deployment
    status, headers, body = call(
        opener(context), f"{base}/s/{info.resident}/1%20a", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    page = gzip.decompress(body).decode()
    assert re.search(r"<h1[^>]*>", page) and len(body) < len(page) / 2


def backup(database_url: str, target: Path) -> None:
    """The backup docs/deployment.md tells a deployment to make, run as written there."""
    if database_url.startswith("sqlite:///"):
        source = database_url.removeprefix("sqlite:///")
        script = (
            f"import sqlite3; sqlite3.connect({source!r}).backup(sqlite3.connect({str(target)!r}))"
        )
        subprocess.run([sys.executable, "-c", script], check=True)
        return
    url = database_url.replace("+psycopg", "")
    dump = [str(bindir() / "pg_dump"), "--format=custom", f"--file={target}", url]
    subprocess.run(dump, check=True, capture_output=True)


def restored_answers(database_url: str, target: Path, uuid_: str) -> int:
    """Restore the backup next to the live database and count the answer in it."""
    if database_url.startswith("sqlite:///"):
        restored = f"sqlite:///{target}"
        return _count(restored, uuid_)
    server = make_url(database_url)
    name = f"qk_restore_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        restored = server.set(database=name).render_as_string(hide_password=False)
        command = [
            str(bindir() / "pg_restore"),
            "--no-owner",
            "-d",
            restored.replace("+psycopg", ""),
        ]
        subprocess.run([*command, str(target)], check=True, capture_output=True)
        return _count(restored, uuid_)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _count(url: str, uuid_: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            query = text("SELECT count(*) FROM response WHERE uuid = :u")
            return connection.scalar(query, {"u": uuid_})
    finally:
        engine.dispose()


def test_a_backup_made_while_serving_holds_the_answer(deployment, database_url, tmp_path):
    base, context, _, info = deployment
    payload = answer_payload(info, uuid=str(uuid.uuid4()))
    headers = {"Content-Type": "application/json", "Origin": base}
    reply = call(opener(context), f"{base}/api/v1/responses", json.dumps(payload).encode(), headers)
    assert reply[0] == 201
    target = tmp_path / "backup"
    backup(database_url, target)
    assert restored_answers(database_url, target, payload["uuid"]) == 1
