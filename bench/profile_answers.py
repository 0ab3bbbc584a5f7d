"""Where one answer's CPU goes, in this process: ``POST /api/v1/responses`` under cProfile.

    .venv/bin/python bench/profile_answers.py                          # SQLite, 12 Quartiere
    .venv/bin/python bench/profile_answers.py --backend postgresql --areas 542
    .venv/bin/python bench/profile_answers.py --answers 1000 --top 40

No server and no load generator: the app is called as a WSGI callable with an environ as
waitress builds it (no test client, whose own cost is about that of a small app), so the
figures are the app's own cost per answer: this process's CPU milliseconds (the database
server's work on PostgreSQL is not in them; SQLite's is, since it runs in this process) and SQL
statements per answer. The database is built like ``bench/answers.py`` builds it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from bench.profile_views import count_statements, database  # noqa: E402
from bench.world import build  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--areas", type=int, default=0, help="add this many 1,000-vertex areas")
    parser.add_argument("--answers", type=int, default=500, help="answers per timed round")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds before the profile")
    parser.add_argument("--top", type=int, default=30, help="rows of the profile to print")
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="qk-profile-") as tmp,
        database(args.backend, tmp) as url,
    ):
        world = build(url, areas=args.areas)
        os.environ.update(QK_DATABASE_URL=url, QK_SECRET_KEY="bench")
        from wsgi import app

        app.config["QK_RATE_LIMIT_ANSWERS"] = 10**9
        statements = count_statements(app)
        post = Poster(app, world.answer_json())
        post(20)  # the process's first answers build its caches
        print(f"\n## {args.backend}, {args.areas} extra Quartiere: {args.answers} answers a round")
        for _ in range(args.rounds):
            before = statements[0]
            wall, times = time.perf_counter(), os.times()
            post(args.answers)
            wall, after = time.perf_counter() - wall, os.times()
            user, system = after.user - times.user, after.system - times.system
            each = 1000 / args.answers
            print(
                f"CPU {each * (user + system):.2f} ms/answer (user {each * user:.2f}, system "
                f"{each * system:.2f}), wall {each * wall:.2f} ms/answer, SQL statements "
                f"{(statements[0] - before) / args.answers:.1f}/answer",
                flush=True,
            )
        # CPU time, not the clock: waiting for a sync or for PostgreSQL is no cost of ours.
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        post(args.answers)
        profile.disable()
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("cumulative").print_stats(args.top)
        stats.sort_stats("tottime").print_stats(args.top)
        print(re.sub(r"^.*?ncalls", "   ncalls", out.getvalue(), flags=re.S), flush=True)


class Poster:
    """Posts answers straight into the WSGI app, each with a fresh UUID, and checks the 201."""

    def __init__(self, app, body: str):
        self.app, self.body = app, body

    def environ(self) -> dict:
        data = self.body.replace("UUID", str(uuid.uuid4()), 1).encode()
        return {
            "REQUEST_METHOD": "POST",
            "SCRIPT_NAME": "",
            "PATH_INFO": "/api/v1/responses",
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(data)),
            "HTTP_HOST": "127.0.0.1:8000",
            "HTTP_ACCEPT": "*/*",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(data),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
        }

    def __call__(self, count: int) -> None:
        status: list[str] = []

        def start_response(line: str, _headers, _exc_info=None) -> None:
            status.append(line)

        for _ in range(count):
            body = self.app(self.environ(), start_response)
            b"".join(body)
            if hasattr(body, "close"):
                body.close()
            assert status.pop().startswith("201"), status


if __name__ == "__main__":
    main()
