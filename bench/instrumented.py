"""Quartierskompass as ``wsgi:app`` serves it, plus what the answer benchmark needs to look inside.

- ``QK_BENCH_COUNT_SQL=1``: an engine event counts every SQL statement the app sends;
  ``GET /_bench/statements`` returns the count so far (the benchmark reads it before and after).
- ``QK_BENCH_SYNCHRONOUS=NORMAL``: SQLite's ``synchronous`` for every new connection, set after the
  app's own tuning (which sets FULL), to compare with NORMAL.
- ``QK_BENCH_SWITCH_INTERVAL=0.0005``: Python's thread switch interval (default 0.005 s), to see
  how much a CPU-bound request delays the threads that wait for the database.
- ``GET /_bench/warmed``: waits (at most 60 s) until this process's warm-up thread
  (:mod:`app.services.warm_up`) has ended, and returns how many seconds it waited, so that a
  benchmark can time the steady state and not the seconds after a start.
- ``GET /_bench/gc``: seconds spent in Python's garbage collector so far, and collections per
  generation (``gc.callbacks``).
- ``QK_BENCH_TIME_WRITES=1``: each answer's campaign-row section timed (``bench/timed_writes.py``),
  and every other request's wall clock and thread CPU; ``GET /_bench/timings`` returns and clears
  them (``bench/moderator_cost.py``).
"""

from __future__ import annotations

import gc
import itertools
import os
import sys
import threading
import time

from sqlalchemy import event

from wsgi import app as flask_app

_statements = itertools.count()
_seen = [0]

with flask_app.app_context():
    engine = flask_app.extensions["sqlalchemy"].engine

if os.environ.get("QK_BENCH_COUNT_SQL") == "1":

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_args) -> None:
        _seen[0] = next(_statements) + 1


synchronous = os.environ.get("QK_BENCH_SYNCHRONOUS", "").upper()
if synchronous in ("OFF", "NORMAL", "FULL", "EXTRA") and engine.dialect.name == "sqlite":

    @event.listens_for(engine, "connect")
    def _synchronous(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA synchronous = {synchronous}")

    engine.dispose()  # connections opened while the app was built get the setting too


_gc = {"seconds": 0.0, "started": 0.0, 0: 0, 1: 0, 2: 0}


def _gc_timer(phase: str, info: dict) -> None:
    if phase == "start":
        _gc["started"] = time.perf_counter()
    else:
        _gc["seconds"] += time.perf_counter() - _gc["started"]
        _gc[info["generation"]] += 1


gc.callbacks.append(_gc_timer)


def _warmed() -> str:
    started = time.perf_counter()
    for thread in threading.enumerate():
        if thread.name == "qk-warm-results":
            thread.join(timeout=60)
    return f"{time.perf_counter() - started:.3f}"


_PAGES = {
    "/_bench/statements": lambda: str(_seen[0]),
    "/_bench/warmed": _warmed,
    "/_bench/gc": lambda: f"{_gc['seconds']:.3f} {_gc[0]} {_gc[1]} {_gc[2]}",
}


def _with_statements(inner):
    def wrapped(environ, start_response):
        page = _PAGES.get(environ.get("PATH_INFO"))
        if page is not None:
            text = page()
            start_response("200 OK", [("Content-Type", "text/plain")])
            return [text.encode()]
        return inner(environ, start_response)

    return wrapped


# Middleware around the Flask app's own wsgi_app, so that the server gets the Flask app itself,
# as from wsgi.py (serve.py starts the warm-up for it in each worker).
flask_app.wsgi_app = _with_statements(flask_app.wsgi_app)  # type: ignore[method-assign]
app = flask_app


if os.environ.get("QK_BENCH_SWITCH_INTERVAL"):
    sys.setswitchinterval(float(os.environ["QK_BENCH_SWITCH_INTERVAL"]))

if os.environ.get("QK_BENCH_TIME_WRITES") == "1":
    from bench.timed_writes import timed

    flask_app.wsgi_app = timed(flask_app.wsgi_app, engine)  # type: ignore[method-assign]
