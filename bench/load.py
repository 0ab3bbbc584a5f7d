"""Load for the answer benchmark: wrk posting answers, and staff members in a browser session.

wrk (Debian's package, C, one epoll loop per thread, keep-alive connections) generates the
answers in its own process: on a 2-core machine a Python client would need about as much CPU
per request as the bare app it measures and would starve the server. ``bench/answers.lua`` gives
every request a fresh UUID and counts the 201s.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SCRIPT = Path(__file__).with_name("answers.lua")


@dataclass
class Run:
    """What one load run measured."""

    clients: int
    created: int
    other: int
    seconds: float
    p50_ms: float
    p99_ms: float
    cpu_seconds: float = 0.0
    #: Ours only (bench/instrumented.py): seconds in the garbage collector, collections of
    #: generations 0, 1 and 2 during the run.
    collector: list[float] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.created / self.seconds

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.cpu_seconds / max(1, self.created + self.other)


def wrk(base: str, body: str, clients: int, seconds: float) -> Run:
    """Post answers to ``base``/api/v1/responses from ``clients`` connections for ``seconds``."""
    program = shutil.which("wrk")
    if program is None:
        raise SystemExit("wrk is missing: run 'make bench-answers' (it installs it with apt).")
    threads = max(1, min(2, clients))
    result = subprocess.run(
        [program, f"-t{threads}", f"-c{clients}", f"-d{round(seconds)}s", "--timeout=30s"]
        + ["-s", SCRIPT, f"{base}/api/v1/responses"],
        env={**os.environ, "QK_BENCH_BODY": body},
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(
        r"QKBENCH created=(\d+) other=(\d+) p50_us=(\d+) p99_us=(\d+) seconds=([\d.]+)",
        result.stdout,
    )
    if found is None:
        raise RuntimeError(f"wrk printed no result:\n{result.stdout}\n{result.stderr}")
    created, other, p50, p99 = (int(found.group(i)) for i in range(1, 5))
    return Run(clients, created, other, float(found.group(5)), p50 / 1000, p99 / 1000)


class Staff:
    """A logged-in planner or moderator: a cookie jar and the login form's CSRF token."""

    def __init__(self, base: str, email: str, password: str):
        self.base = base
        self.etag: str | None = None  # of the last reply
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        form = self.get("/login")[1].decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form)
        token = token or re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token, "no CSRF token on the login page"
        data = {"csrf_token": token.group(1), "email": email, "password": password}
        status, page = self.request("/login", urllib.parse.urlencode(data).encode())
        assert status == 200 and b"/logout" in page, f"login as {email} failed ({status})"

    def request(
        self, path: str, data: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, bytes]:
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=120) as reply:
                self.etag = reply.headers.get("ETag")
                return reply.status, reply.read()
        except urllib.error.HTTPError as error:
            self.etag = error.headers.get("ETag")
            return error.code, error.read()

    def get(self, path: str, headers: dict | None = None) -> tuple[int, bytes]:
        return self.request(path, headers=headers)

    def timed(self, path: str, etag: str | None = None) -> tuple[int, float, int]:
        """Status, seconds and size of one GET (conditional on ``etag``, as roundtable.js asks)."""
        start = time.perf_counter()
        status, body = self.get(path, {"If-None-Match": etag} if etag else None)
        return status, time.perf_counter() - start, len(body)


class Moderators:
    """``count`` moderators whose round-table pages refresh the live fragment every ``every`` s.

    Every request is logged (``statuses``, ``times``): the benchmark prints what the
    moderators asked for, so a cost they cause is not mistaken for one they do not.
    """

    def __init__(self, staff: list[Staff], path: str, every: float = 10.0):
        self.staff, self.path, self.every = staff, path, every
        self.stop = threading.Event()
        self.times: list[float] = []
        self.statuses: Counter[int] = Counter()
        self.threads = [
            threading.Thread(target=self._refresh, args=(s, i * every / len(staff)), daemon=True)
            for i, s in enumerate(staff)
        ]

    def _refresh(self, staff: Staff, offset: float) -> None:
        if self.stop.wait(offset):
            return
        etag = staff.etag  # a page that stays open keeps its last version
        while not self.stop.is_set():
            # As roundtable.js does: the last version goes back as If-None-Match.
            status, seconds, _ = staff.timed(self.path, etag)
            self.statuses[status] += 1
            etag = staff.etag or etag
            self.times.append(seconds)
            self.stop.wait(self.every)

    def __enter__(self) -> Moderators:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join()
