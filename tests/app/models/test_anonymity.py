"""Nothing that identifies a person is stored with an answer, or written to the server's log."""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
import urllib.request

import flask_migrate
from sqlalchemy import Date, DateTime, inspect, select
from werkzeug.serving import make_server

from app.core.extensions import db
from app.models import Response
from app.services.submissions import today
from tests.support.app import make_app, served
from tests.support.factories import answer_payload

ANSWER_TABLES = ("response", "rating", "comment")
# Substrings that must not appear in a column name of the answer tables ("ip" as a whole word).
IDENTIFYING = ("address", "agent", "email", "mail", "name", "cookie", "session", "browser", "phone")
IDENTIFYING_WORDS = {"ip", "ua", "user", "device", "fingerprint", "token"}


def identifying(column: str) -> bool:
    words = set(re.split(r"[_\W]+", column.lower()))
    return any(part in column.lower() for part in IDENTIFYING) or bool(words & IDENTIFYING_WORDS)


def test_the_check_recognises_identifying_names():
    for bad in ("ip", "client_ip", "ip_address", "user_agent", "email", "name", "session_id"):
        assert identifying(bad), bad
    for fine in ("uuid", "group_code", "age_band", "submitted_on", "text", "score", "role"):
        assert not identifying(fine), fine


def test_migrated_schema_has_no_identifying_column_and_no_timestamp(empty_database_url, tmp_path):
    app = make_app(empty_database_url, tmp_path)
    try:
        with app.app_context():
            flask_migrate.upgrade()
            inspector = inspect(db.engine)
            for table in ANSWER_TABLES:
                columns = inspector.get_columns(table)
                assert columns, table
                for column in columns:
                    name, kind = column["name"], column["type"]
                    assert not identifying(name), f"{table}.{name} looks identifying"
                    assert not isinstance(kind, DateTime), f"{table}.{name} is a timestamp"
                    assert "TIME" not in str(kind).upper(), f"{table}.{name} is {kind}"
            submitted = next(
                c for c in inspector.get_columns("response") if c["name"] == "submitted_on"
            )
            assert isinstance(submitted["type"], Date)
    finally:
        with app.app_context():
            db.engine.dispose()


def test_stored_day_is_today_and_nothing_else(app, client, survey):
    payload = answer_payload(survey)
    reply = client.post(
        "/api/v1/responses",
        json=payload,
        headers={"User-Agent": "Probe/1.0 (unique-agent-string)", "X-Forwarded-For": "203.0.113.9"},
        environ_base={"REMOTE_ADDR": "198.51.100.7"},
    )
    assert reply.status_code == 201
    assert "Set-Cookie" not in reply.headers  # the API gives the phone nothing to recognise it by
    with app.app_context():
        response = db.session.scalar(select(Response))
        assert response.submitted_on == today()
        assert type(response.submitted_on) is dt.date
        stored = {
            column.key: getattr(response, column.key) for column in Response.__table__.columns
        }
    flat = repr(stored)
    for secret in ("198.51.100.7", "203.0.113.9", "unique-agent-string"):
        assert secret not in flat


def logged_text(caplog) -> str:
    return "\n".join(record.getMessage() for record in caplog.records)


def test_waitress_writes_no_client_address_to_the_log(app, survey, all_logs):
    with served(app) as base:
        all_logs.clear()
        with urllib.request.urlopen(f"{base}/s/{survey.resident}/1%20a") as reply:
            assert reply.status == 200
        with urllib.request.urlopen(f"{base}/healthz") as reply:
            assert reply.status == 200
    # The log works (a probe gets through), and holds no client address.
    logging.getLogger("waitress").debug("probe")
    text = logged_text(all_logs)
    assert "probe" in text
    assert "127.0.0.1" not in text


def test_the_log_check_would_catch_an_access_log(app, all_logs):
    """Werkzeug's development server logs every client address: the check above would see it."""
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/healthz").close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    assert "127.0.0.1" in logged_text(all_logs)
