"""Timings inside the benchmarked server: where an answer holds the campaign row, and what other
requests cost (``QK_BENCH_TIME_WRITES=1`` in ``bench/instrumented.py``).

An answer ends with ``UPDATE campaign SET data_version = data_version + 1`` and its commit
(``app/services/submissions.py``); on PostgreSQL the row stays locked from that UPDATE to the end
of the commit, so concurrent answers queue there. Per answer: how long its UPDATE waited for the
row, the gap between the UPDATE's return and the COMMIT (this process: the GIL, Python), and
the commit (the server: WAL flush). Per other request (a moderator's refresh): wall clock and the
CPU of the thread that served it, so that its share of the process's CPU is known.
"""

from __future__ import annotations

import json
import threading
import time

from sqlalchemy import event
from sqlalchemy.orm import Session

_CHANGE = "UPDATE campaign SET data_version"


def timed(inner, engine):
    """``inner`` (a WSGI app) with the timings above and ``GET /_bench/timings``."""
    timings = Timings()
    event.listen(engine, "before_cursor_execute", timings.before)
    event.listen(engine, "after_cursor_execute", timings.after)
    event.listen(engine, "commit", timings.commit)
    event.listen(Session, "after_commit", timings.committed)
    return timings.around(inner)


class Timings:
    """The answers' campaign-row sections and the other requests, until read."""

    def __init__(self) -> None:
        self.local, self.lock = threading.local(), threading.Lock()
        self.writes: list[tuple[float, float, float, float]] = []  # end, row wait, gap, commit
        #: start, wall, CPU, path, status
        self.pages: list[tuple[float, float, float, str, str]] = []

    def before(self, _conn, _cursor, statement, *_args) -> None:
        if statement.startswith(_CHANGE):
            self.local.updating = time.perf_counter()

    def after(self, _conn, _cursor, statement, *_args) -> None:
        if statement.startswith(_CHANGE):
            self.local.updated = time.perf_counter()

    def commit(self, _conn) -> None:
        self.local.committing = time.perf_counter()

    def committed(self, _session) -> None:
        local = self.local
        if getattr(local, "updating", None) is not None:
            now = time.perf_counter()
            row = (now, local.updated - local.updating, local.committing - local.updated,
                   now - local.committing)  # fmt: skip
            with self.lock:
                self.writes.append(row)
        local.updating = None

    def read(self) -> bytes:
        with self.lock:
            body = json.dumps({"writes": self.writes, "pages": self.pages}).encode()
            self.writes, self.pages = [], []
        return body

    def around(self, inner):
        def app(environ, start_response):
            path = environ.get("PATH_INFO", "")
            if path == "/_bench/timings":
                start_response("200 OK", [("Content-Type", "application/json")])
                return [self.read()]
            if path.startswith("/api/"):
                return inner(environ, start_response)
            start, cpu, seen = time.perf_counter(), time.thread_time(), {}

            def respond(status, headers, *rest):
                seen["status"] = status.split()[0]
                return start_response(status, headers, *rest)

            body = list(inner(environ, respond))
            row = (start, time.perf_counter() - start, time.thread_time() - cpu, path,
                   seen.get("status", ""))  # fmt: skip
            with self.lock:
                self.pages.append(row)
            return body

        return app
