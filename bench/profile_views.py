"""Where a page's time goes, in this process: the live fragment after a new answer, the results
page and the first download after a change, each under cProfile, with SQL statements counted.

    .venv/bin/python bench/profile_views.py                       # SQLite, 10,000 answers
    .venv/bin/python bench/profile_views.py --backend postgresql  # the tests' throw-away server
    .venv/bin/python bench/profile_views.py --top 40 --only live
    .venv/bin/python bench/profile_views.py --only results,download --download results.xlsx
    .venv/bin/python bench/profile_views.py --only first --repeat 5  # a fresh process's first file

No server and no load generator: Flask's test client calls the app, so the figures are the
app's own cost (no HTTP, no other requests): wall-clock and this process's CPU milliseconds
(PostgreSQL's own work is in the wall clock only). ``first`` starts a new Python process for
each sample and times its first ``--download`` (default results.xlsx there) cold and after
:func:`app.services.warm_up.warm_up`, in turns. The database is built like ``bench/answers.py``
builds it (``flask db upgrade``, ``flask demo``, 10,000 answers in bulk).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402

from bench.world import MODERATOR, PLANNER, build, fill  # noqa: E402

PARTS = ("live", "results", "download", "first")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default="sqlite", choices=("sqlite", "postgresql"))
    parser.add_argument("--answers", type=int, default=10_000)
    parser.add_argument("--top", type=int, default=25, help="rows of the profile to print")
    parser.add_argument("--only", default="live,results,download", help=f"some of {PARTS}")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds per part")
    parser.add_argument("--download", default=None,
                        help="the file of the download part (default aggregated_ratings.csv; "
                             "results.xlsx for first)")  # fmt: skip
    parser.add_argument("--fresh", choices=("cold", "warmed"), help=argparse.SUPPRESS)
    parser.add_argument("--campaign", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.fresh:  # one sample of ``first``, in this new process
        fresh_process(args.fresh, args.campaign, args.download)
        return
    parts = args.only.split(",")
    with (
        tempfile.TemporaryDirectory(prefix="qk-profile-") as tmp,
        database(args.backend, tmp) as url,
    ):
        world = build(url)
        fill(world, args.answers)
        os.environ.update(QK_DATABASE_URL=url, QK_SECRET_KEY="bench")
        if "first" in parts:
            first_downloads(world, args.repeat, args.download or "results.xlsx")
        parts = [part for part in parts if part != "first"]
        if not parts:
            return
        args.download = args.download or "aggregated_ratings.csv"
        from app import create_app

        app = create_app({"WTF_CSRF_ENABLED": False, "QK_RATE_LIMIT_ANSWERS": 10**9})
        statements = count_statements(app)
        Profiled(app, world, statements, args).run(parts)


def first_downloads(world, repeat: int, name: str) -> None:
    """Per sample two new processes, one cold and one warmed first (in turns): the first
    download's wall and CPU milliseconds, and the warm-up's own."""
    found: dict[str, list[dict]] = {"cold": [], "warmed": []}
    for turn in range(repeat):
        for how in ("cold", "warmed") if turn % 2 == 0 else ("warmed", "cold"):
            command = [sys.executable, __file__, "--fresh", how, "--campaign",
                       str(world.campaign_id), "--download", name]  # fmt: skip
            out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
            found[how].append(json.loads(out.strip().splitlines()[-1]))
    print(f"\n## the first {name} in a fresh process, {repeat} processes each\n", flush=True)
    for how, rows in found.items():
        wall = ", ".join(str(row["wall"]) for row in rows)
        cpu = ", ".join(str(row["cpu"]) for row in rows)
        print(f"{how:7}: {wall} ms (CPU {cpu} ms); SQL statements {[r['sql'] for r in rows]}")
        if how == "warmed":
            warm = ", ".join(f"{row['warm_wall']} (CPU {row['warm_cpu']})" for row in rows)
            print(f"warm-up itself: {warm} ms; surveys warmed {[r['warmed'] for r in rows]}")


def fresh_process(how: str, campaign_id: int, name: str) -> None:
    """One sample of :func:`first_downloads`: a new app, logged in, warmed or not, then its
    first download timed; one JSON line."""
    from app import create_app
    from app.services.warm_up import warm_up

    app = create_app({"WTF_CSRF_ENABLED": False, "QK_RATE_LIMIT_ANSWERS": 10**9})
    client = app.test_client()
    email, password = PLANNER
    assert client.post("/login", data={"email": email, "password": password}).status_code == 302
    row: dict[str, object] = {}
    if how == "warmed":
        start, start_cpu = time.perf_counter(), time.process_time()
        row["warmed"] = warm_up(app)
        assert campaign_id in row["warmed"]
        row["warm_wall"] = round(1000 * (time.perf_counter() - start))
        row["warm_cpu"] = round(1000 * (time.process_time() - start_cpu))
    statements = count_statements(app)
    start, start_cpu = time.perf_counter(), time.process_time()
    assert client.get(f"/planner/surveys/{campaign_id}/download/{name}").status_code == 200
    row["wall"] = round(1000 * (time.perf_counter() - start))
    row["cpu"] = round(1000 * (time.process_time() - start_cpu))
    row["sql"] = statements[0]
    print(json.dumps(row), flush=True)


def count_statements(app) -> list[int]:
    """A one-item list whose number grows with every SQL statement ``app``'s engine sends."""
    with app.app_context():
        engine = app.extensions["sqlalchemy"].engine
    statements = [0]

    @event.listens_for(engine, "before_cursor_execute")
    def _count(*_args) -> None:
        statements[0] += 1

    return statements


class Profiled:
    """The timed parts, each once warm (caches of the process built) and then profiled."""

    def __init__(self, app, world, statements: list[int], args):
        self.app, self.world, self.statements, self.args = app, world, statements, args
        self.body = world.answer_json()

    def run(self, parts: list[str]) -> None:
        area = self.world.area_code.replace(" ", "%20")
        live = f"/moderator/surveys/{self.world.campaign_id}/areas/{area}/live"
        results = f"/planner/surveys/{self.world.campaign_id}/results"
        download = f"/planner/surveys/{self.world.campaign_id}/download/{self.args.download}"
        if "live" in parts:
            self.part("live fragment after a new answer", MODERATOR, live)
        if "results" in parts:
            self.part("results page after a new answer", PLANNER, results)
        if "download" in parts:
            self.part(f"first download ({self.args.download}) after a new answer", PLANNER,
                      download)  # fmt: skip

    def part(self, title: str, who: tuple[str, str], path: str) -> None:
        client = self.app.test_client()
        email, password = who
        reply = client.post("/login", data={"email": email, "password": password})
        assert reply.status_code in (200, 302), reply.status_code
        assert client.get(path).status_code == 200  # the process's first call builds caches
        times, cpu, counts = [], [], []
        for _ in range(self.args.repeat):
            self.answer()
            before = self.statements[0]
            start, start_cpu = time.perf_counter(), time.process_time()
            assert client.get(path).status_code == 200
            times.append(time.perf_counter() - start)
            # This process's CPU (all its threads): on a shared machine steadier than the clock.
            cpu.append(time.process_time() - start_cpu)
            counts.append(self.statements[0] - before)
        self.answer()
        profile = cProfile.Profile()
        profile.enable()
        assert client.get(path).status_code == 200
        profile.disable()
        each, each_cpu = (", ".join(f"{1000 * t:.0f}" for t in ts) for ts in (times, cpu))
        print(f"\n## {title}: {each} ms (CPU {each_cpu} ms); SQL statements {counts}\n", flush=True)
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(self.args.top)
        print(re.sub(r"^.*?ncalls", "   ncalls", out.getvalue(), flags=re.S), flush=True)

    def answer(self) -> None:
        body = self.body.replace("UUID", str(uuid.uuid4()), 1)
        reply = self.app.test_client().post(
            "/api/v1/responses", data=body, content_type="application/json"
        )
        assert reply.status_code == 201, reply.status_code


@contextmanager
def database(backend: str, tmp: str):
    if backend == "sqlite":
        yield f"sqlite:///{Path(tmp) / 'ours.sqlite3'}"
        return
    from tests.support.postgres import TemporaryPostgres

    server = TemporaryPostgres(durable=True)
    try:
        yield server.start()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
