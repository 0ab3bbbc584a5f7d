"""The baseline: a bare Flask app that stores each answer as one row, nothing else.

``bench/answers.py`` serves it on the same server as Quartierskompass and compares the two.
The database comes from ``BARE_DATABASE_URL`` (``sqlite:///path`` or ``postgresql://…``); each
server thread keeps one connection, SQLite runs in WAL like the app.
"""

from __future__ import annotations

import os
import sqlite3
import threading

from flask import Flask, jsonify, request

URL = os.environ.get("BARE_DATABASE_URL", "sqlite:///bare.sqlite3")
SYNCHRONOUS = os.environ.get("BARE_SQLITE_SYNCHRONOUS", "FULL")  # like ours
CREATE = "CREATE TABLE IF NOT EXISTS answer (uuid VARCHAR(36) PRIMARY KEY, body TEXT NOT NULL)"
INSERT = "INSERT INTO answer (uuid, body) VALUES ({0}, {0}) ON CONFLICT (uuid) DO NOTHING"

app = Flask(__name__)
_local = threading.local()


def _connect():
    if URL.startswith("sqlite:///"):
        connection = sqlite3.connect(URL[len("sqlite:///") :], isolation_level=None, timeout=30)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute(f"PRAGMA synchronous = {SYNCHRONOUS}")
        return connection, INSERT.format("?")
    import psycopg

    return psycopg.connect(URL.replace("+psycopg", ""), autocommit=True), INSERT.format("%s")


def connection():
    """This thread's connection and the INSERT in its driver's parameter style."""
    if not hasattr(_local, "connection"):
        _local.connection, _local.insert = _connect()
        _local.connection.execute(CREATE)
    return _local.connection, _local.insert


@app.post("/api/v1/responses")
def create_response():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not isinstance(payload.get("uuid"), str):
        return jsonify(message="bad request"), 400
    db, insert = connection()
    stored = db.execute(insert, (payload["uuid"], request.get_data(as_text=True))).rowcount
    return jsonify(uuid=payload["uuid"]), 201 if stored else 200
