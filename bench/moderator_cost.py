"""What five moderators cost the answers, looked at from inside: answers alone and with the
moderators in turns, each answer's campaign-row section timed, each refresh's CPU, and
PostgreSQL's activity sampled (issue 10 §3, bench/README.md, branch f10-live).

    .venv/bin/python bench/moderator_cost.py                     # PostgreSQL, 4 turns of 30 s
    .venv/bin/python bench/moderator_cost.py --turns alone,alone,alone,with,alone,with
    .venv/bin/python bench/moderator_cost.py --backend sqlite --seconds 10

The database is built as ``bench/answers.py`` builds it (demo, 10,000 answers in bulk); the
server is ours on the run stack with ``QK_BENCH_TIME_WRITES=1`` (``bench/timed_writes.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text  # noqa: E402

from bench.answers import Setting, databases  # noqa: E402
from bench.load import Moderators, Staff, wrk  # noqa: E402
from bench.serving import RUN_STACK, _cpu, _tree  # noqa: E402
from bench.world import MODERATOR, build, fill  # noqa: E402

ACTIVITY = text(
    "SELECT backend_type, state, wait_event_type, wait_event FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)
TABLES = text(
    "SELECT sum(autovacuum_count + autoanalyze_count) FROM pg_stat_user_tables "
    "WHERE relname IN ('response', 'rating', 'comment')"
)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", default="postgresql", choices=("sqlite", "postgresql"))
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each turn")
    parser.add_argument("--turns", default="alone,with,alone,with")
    parser.add_argument("--switch-interval", default="", help="Python's, in the server (s)")
    args = parser.parse_args(argv)
    with (
        tempfile.TemporaryDirectory(prefix="qk-moderators-") as tmp,
        databases(args.backend, Path(tmp)) as (url, bare_url),
    ):
        world = build(url)
        fill(world, 10_000)
        setting = Setting(world, bare_url, Path(tmp), args.seconds)
        switch = {"QK_BENCH_SWITCH_INTERVAL": args.switch_interval} if args.switch_interval else {}
        with setting.ours(RUN_STACK, QK_BENCH_TIME_WRITES="1", **switch) as ours:
            Turns(ours, world, url).run(args.turns.split(","), args.seconds)


class Turns:
    """The server, five logged-in moderators and (on PostgreSQL) a sampler of its activity."""

    def __init__(self, ours, world, url: str):
        self.ours, self.url, self.body = ours, url, world.answer_json()
        area = urllib.parse.quote(world.area_code)
        self.live = f"/moderator/surveys/{world.campaign_id}/areas/{area}/live"
        self.postgres = url.startswith("postgresql")
        self.samples: list[tuple] = []
        self.stop = threading.Event()

    def run(self, turns: list[str], seconds: float) -> None:
        wrk(self.ours.base, self.body, 4, 2)
        staff = [Staff(self.ours.base, *MODERATOR) for _ in range(5)]
        self.timings()  # forget the warm-up and the logins
        if self.postgres:
            threading.Thread(target=self.sample, daemon=True).start()
        print(HEAD)
        for turn in turns:
            before, first = self.cpu(), len(self.samples)
            vacuums, load = self.vacuums(), os.getloadavg()[0]
            if turn == "with":
                with Moderators(staff, self.live):
                    run = wrk(self.ours.base, self.body, 16, seconds)
            else:
                run = wrk(self.ours.base, self.body, 16, seconds)
            app_cpu, pg_cpu = (after - b for after, b in zip(self.cpu(), before, strict=True))
            timings = self.timings()
            print(row(turn, run, seconds, load, app_cpu, pg_cpu, timings), flush=True)
            waits = Counter(s for s in self.samples[first:])
            print(f"|  | PostgreSQL: {_top(waits)}; autovacuum/analyze runs "
                  f"{self.vacuums() - vacuums} |", flush=True)  # fmt: skip
        self.stop.set()

    def timings(self) -> dict:
        with urllib.request.urlopen(self.ours.base + "/_bench/timings", timeout=30) as reply:
            return json.loads(reply.read())

    def cpu(self) -> tuple[float, float]:
        """CPU seconds so far of our server and of PostgreSQL (all its processes)."""
        postmaster = self._postmaster()
        return self.ours.cpu_seconds(), sum(_cpu(p) for p in _tree(postmaster)) + _reaped(
            postmaster
        )

    def _postmaster(self) -> int:
        if not self.postgres:
            return -1
        with self._connect() as connection:
            folder = connection.scalar(text("SHOW data_directory"))
        return int(Path(folder, "postmaster.pid").read_text().split()[0])

    def vacuums(self) -> int:
        if not self.postgres:
            return 0
        with self._connect() as connection:
            return int(connection.scalar(TABLES) or 0)

    def _connect(self):
        engine = create_engine(self.url)
        return engine.connect().execution_options(isolation_level="AUTOCOMMIT")

    def sample(self) -> None:
        """Every 0.2 s: what each backend of the database is doing or waiting for."""
        with self._connect() as connection:
            while not self.stop.wait(0.2):
                for kind, state, wait_type, wait in connection.execute(ACTIVITY):
                    if kind == "client backend" and state == "idle":
                        continue
                    self.samples.append(f"{kind} {state or ''} {wait_type or ''}:{wait or ''}")


HEAD = (
    "| turn | answers/s | p99 ms | load | app CPU ms/answer | PostgreSQL CPU s "
    "| row wait p50/p90 ms | UPDATE→COMMIT gap p50/p99 ms | commit p50/p90 ms | refreshes "
    "| answers/s in / out of refreshes |\n|---|---:|---:|---:|---:|---:|---|---|---|---|---|"
)


def row(turn, run, seconds, load, app_cpu, pg_cpu, timings) -> str:
    writes = timings["writes"]
    wait, gap, commit = ([w[i] for w in writes] for i in (1, 2, 3))
    refreshes = [p for p in timings["pages"] if p[3].endswith("/live")]
    shown = "–"
    split = "–"
    if refreshes:
        statuses = Counter(p[4] for p in refreshes)
        wall, cpu = [p[1] for p in refreshes], [p[2] for p in refreshes]
        shown = (f"{len(refreshes)} ({', '.join(f'{n} × {s}' for s, n in statuses.items())}), "
                 f"median wall {_ms(wall, 0.5)} ms, CPU {_ms(cpu, 0.5)} ms")  # fmt: skip
        busy = [(p[0], p[0] + p[1]) for p in refreshes]
        inside = sum(any(a <= w[0] <= b for a, b in busy) for w in writes)
        length = sum(b - a for a, b in busy)
        split = f"{inside / length:.0f} / {(len(writes) - inside) / (seconds - length):.0f}"
    others = [p for p in timings["pages"] if not p[3].endswith("/live")]
    if others:
        shown += f"; other requests: {Counter((p[3], p[4]) for p in others)}"
    return (
        f"| {turn} | {run.rate:.0f} | {run.p99_ms:.0f} | {load:.1f} "
        f"| {1000 * app_cpu / max(1, run.created):.2f} | {pg_cpu:.1f} "
        f"| {_ms(wait, 0.5)} / {_ms(wait, 0.9)} | {_ms(gap, 0.5, 2)} / {_ms(gap, 0.99, 2)} "
        f"| {_ms(commit, 0.5)} / {_ms(commit, 0.9)} | {shown} | {split} |"
    )


def _reaped(pid: int) -> float:
    """CPU of the processes ``pid`` started and waited for (PostgreSQL's ended backends)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def _ms(values: list[float], share: float, digits: int = 1) -> str:
    if not values:
        return "–"
    ordered = sorted(values)
    return f"{1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))]:.{digits}f}"


def _top(counts: Counter) -> str:
    total = sum(counts.values()) or 1
    return ", ".join(f"{name} {100 * n / total:.0f} %" for name, n in counts.most_common(5))


if __name__ == "__main__":
    main()
